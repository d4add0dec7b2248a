package dev.agentfn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The variables of the Firestore features: L2 cache, scope, global stats. */
class FirestoreConfigTest {

  @Test
  void defaultsKeepEverythingInTheInstance() {
    Config config = Config.defaults();

    assertFalse(config.firestoreConfigured());
    assertFalse(config.firestoreEnabled());
    assertEquals("global", config.cacheScope());
    assertEquals(Duration.ofMillis(300), config.cacheL2Timeout());
    assertEquals("agent_stats", config.statsCollection());
    assertEquals(Duration.ofSeconds(10), config.statsFlushInterval());
  }

  @Test
  void emulatorHostTurnsFirestoreOnUnlessTheCacheIsSwitchedOff() {
    assertTrue(Config.fromEnv(Map.of("FIRESTORE_EMULATOR_HOST", "127.0.0.1:8089")).firestoreEnabled());
    Config off = Config.fromEnv(Map.of("FIRESTORE_EMULATOR_HOST", "127.0.0.1:8089", "CACHE_FIRESTORE", "off"));
    assertFalse(off.firestoreEnabled());
    assertTrue(off.firestoreConfigured(), "global stats still use Firestore");
  }

  @Test
  void invalidValuesFailNamingTheVariable() {
    assertTrue(assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("CACHE_SCOPE", "user")))
        .getMessage().contains("CACHE_SCOPE"));
    assertTrue(assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("CACHE_L2_TIMEOUT_MS", "0")))
        .getMessage().contains("CACHE_L2_TIMEOUT_MS"));
    assertTrue(assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("STATS_FLUSH_SECONDS", "soon")))
        .getMessage().contains("STATS_FLUSH_SECONDS"));
  }
}
