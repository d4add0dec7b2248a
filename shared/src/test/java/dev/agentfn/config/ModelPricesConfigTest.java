package dev.agentfn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelInfo;
import dev.agentfn.model.Usage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code MODEL_PRICES}, {@code MODEL_BACKOFF_MS} and {@code MODEL_BACKOFF_MAX_MS}. */
class ModelPricesConfigTest {

  @Test
  void defaultsKeepTheListPricesAndBackoff() {
    Config config = Config.defaults();
    ModelCatalog catalog = ModelCatalog.from(config);

    assertTrue(config.modelPrices().isEmpty());
    assertEquals(Duration.ofMillis(500), config.modelBackoff());
    assertEquals(Duration.ofSeconds(10), config.modelBackoffMax());
    assertEquals(new ModelInfo("gemini-3.5-flash", ModelInfo.STRONG, 1.50, 9.00),
        catalog.find("gemini-3.5-flash").orElseThrow());
  }

  @Test
  void pricesReplaceDefaultsAndAddModels() {
    Config config = Config.fromEnv(Map.of("MODEL_PRICES", "gemini-3.5-flash=2/10, my-tuned-model = 0.1/0.4"));
    ModelCatalog catalog = ModelCatalog.from(config);

    assertEquals(new ModelInfo("gemini-3.5-flash", ModelInfo.STRONG, 2, 10), catalog.find("gemini-3.5-flash").orElseThrow());
    assertEquals(new ModelInfo("my-tuned-model", ModelInfo.STRONG, 0.1, 0.4), catalog.find("my-tuned-model").orElseThrow());
    assertEquals((1_000_000 * 2.0 + 500_000 * 10.0) / 1e6, catalog.cost("gemini-3.5-flash", Usage.of(1_000_000, 500_000)),
        1e-9);
  }

  @Test
  void aPricedFastModelStaysInTheFastTier() {
    Config config = Config.fromEnv(Map.of("MODEL_FAST", "cheap-model", "MODEL_PRICES", "cheap-model=0.05/0.2"));

    assertEquals(new ModelInfo("cheap-model", ModelInfo.FAST, 0.05, 0.2),
        ModelCatalog.from(config).find("cheap-model").orElseThrow());
  }

  @Test
  void malformedPricesFailFastNamingTheVariable() {
    for (String bad : new String[] {"gemini-3.5-flash", "gemini-3.5-flash=1", "=1/2", "m=a/b", "m=-1/2", "m=1/Infinity"}) {
      ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("MODEL_PRICES", bad)), bad);
      assertTrue(e.getMessage().contains("MODEL_PRICES"), e.getMessage());
    }
  }

  @Test
  void backoffIsValidated() {
    assertEquals(Duration.ofMillis(20), Config.fromEnv(Map.of("MODEL_BACKOFF_MS", "20")).modelBackoff());
    assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("MODEL_BACKOFF_MAX_MS", "-1")));
  }
}
