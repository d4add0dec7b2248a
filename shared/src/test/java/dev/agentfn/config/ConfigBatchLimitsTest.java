package dev.agentfn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigBatchLimitsTest {
  @Test
  void modelMaxConcurrencyDefaultsTo64() {
    assertEquals(64, Config.defaults().modelMaxConcurrency());
  }

  @Test
  void modelMaxConcurrencyIsReadAndLogged() {
    Config config = Config.fromEnv(Map.of("MODEL_MAX_CONCURRENCY", "8"));
    assertEquals(8, config.modelMaxConcurrency());
    assertEquals(8, config.describe().get("model_max_concurrency"));
  }

  @Test
  void aBadModelMaxConcurrencyStopsTheStartNamingTheVariable() {
    for (String bad : new String[] {"0", "-1", "lots", "5000"}) {
      ConfigException error = assertThrows(ConfigException.class,
          () -> Config.fromEnv(Map.of("MODEL_MAX_CONCURRENCY", bad)));
      assertTrue(error.getMessage().contains("MODEL_MAX_CONCURRENCY"), error.getMessage());
    }
  }
}
