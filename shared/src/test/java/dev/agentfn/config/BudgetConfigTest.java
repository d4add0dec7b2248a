package dev.agentfn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code BUDGET_USD}, {@code BUDGET_PERIOD} and {@code CACHE_LEASE_SECONDS}. */
class BudgetConfigTest {
  private static final String KEY = "a-key-of-sixteen-chars";

  @Test
  void noBudgetByDefaultDailyPeriodAndTenSecondLeases() {
    Config config = Config.defaults();

    assertNull(config.budgetUsd());
    assertEquals("day", config.budgetPeriod());
    assertEquals(Duration.ofSeconds(10), config.cacheLease());
  }

  @Test
  void aBudgetIsAnAmountOfUsdPerPeriod() {
    Config config = Config.fromEnv(Map.of("API_KEYS", KEY, "BUDGET_USD", "0.10", "BUDGET_PERIOD", "Month",
        "CACHE_LEASE_SECONDS", "3"));

    assertEquals(new BigDecimal("0.10"), config.budgetUsd());
    assertEquals("month", config.budgetPeriod());
    assertEquals(Duration.ofSeconds(3), config.cacheLease());
    assertEquals("0.10", config.describe().get("budget_usd"));
  }

  @Test
  void badAmountsPeriodsAndLeasesStopTheStartNamingTheVariable() {
    for (String bad : new String[] {"-1", "ten", "1e12", "NaN"}) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> Config.fromEnv(Map.of("API_KEYS", KEY, "BUDGET_USD", bad)));
      assertTrue(e.getMessage().contains("BUDGET_USD"), e.getMessage());
    }
    assertTrue(assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("BUDGET_PERIOD", "week")))
        .getMessage().contains("BUDGET_PERIOD"));
    assertTrue(assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("CACHE_LEASE_SECONDS", "0")))
        .getMessage().contains("CACHE_LEASE_SECONDS"));
  }

  @Test
  void aBudgetWithoutApiKeysFailsClosed() {
    ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("BUDGET_USD", "5")));

    assertTrue(e.getMessage().contains("BUDGET_USD") && e.getMessage().contains("API_KEYS"), e.getMessage());
  }
}
