package dev.agentfn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  void embeddedDefaultsRunWithoutAnyCloud() {
    Config config = Config.defaults();
    assertEquals(8080, config.port());
    assertEquals("offline", config.effectiveProvider());
    assertFalse(config.firestoreEnabled());
    assertTrue(config.openApi());
    assertEquals("gemini-3.1-flash-lite", config.modelFast());
    assertEquals("gemini-3.5-flash", config.modelStrong());
    assertEquals(Duration.ofSeconds(3600), config.cacheTtl());
    assertEquals(1_048_576, config.maxBodyBytes());
    assertEquals(100, config.batchMaxItems());
    assertEquals(128, config.cacheMaxMb(), "L1 fits a 1 GiB instance");
  }

  @Test
  void autoProviderPicksGeminiWhenAKeyExists() {
    assertEquals("gemini", Config.fromEnv(Map.of("GEMINI_API_KEY", "k")).effectiveProvider());
    assertEquals("gemini", Config.fromEnv(Map.of("GOOGLE_API_KEY", "k")).effectiveProvider());
    assertEquals("offline", Config.fromEnv(Map.of("GEMINI_API_KEY", "k", "MODEL_PROVIDER", "offline"))
        .effectiveProvider());
  }

  @Test
  void geminiWithoutCredentialsFailsFastNamingTheVariables() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Config.fromEnv(Map.of("MODEL_PROVIDER", "gemini")));
    assertTrue(e.getMessage().contains("MODEL_PROVIDER"));
    assertTrue(e.getMessage().contains("GEMINI_API_KEY"));
  }

  @Test
  void invalidValuesNameTheVariable() {
    assertMessage("PORT", Map.of("PORT", "eighty"));
    assertMessage("PORT", Map.of("PORT", "70000"));
    assertMessage("MODEL_PROVIDER", Map.of("MODEL_PROVIDER", "openai"));
    assertMessage("CACHE_FIRESTORE", Map.of("CACHE_FIRESTORE", "maybe"));
    assertMessage("BATCH_CONCURRENCY", Map.of("BATCH_CONCURRENCY", "0"));
    assertMessage("GEMINI_BASE_URL", Map.of("GEMINI_BASE_URL", "ftp://x"));
    assertMessage("GOOGLE_GENAI_USE_VERTEXAI", Map.of("GOOGLE_GENAI_USE_VERTEXAI", "perhaps"));
    assertMessage("CACHE_MAX_MB", Map.of("CACHE_MAX_MB", "0"));
    assertMessage("CACHE_MAX_MB", Map.of("CACHE_MAX_MB", "lots"));
  }

  private static void assertMessage(String variable, Map<String, String> env) {
    ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(env));
    assertTrue(e.getMessage().startsWith(variable + ":"), e.getMessage());
  }

  @Test
  void firestoreAutoTurnsOnWithAProjectOrAnEmulator() {
    assertTrue(Config.fromEnv(Map.of("GOOGLE_CLOUD_PROJECT", "p")).firestoreEnabled());
    assertTrue(Config.fromEnv(Map.of("FIRESTORE_EMULATOR_HOST", "127.0.0.1:9")).firestoreEnabled());
    assertFalse(Config.fromEnv(Map.of("FIRESTORE_EMULATOR_HOST", "127.0.0.1:9", "CACHE_FIRESTORE", "off"))
        .firestoreEnabled());
    assertTrue(Config.fromEnv(Map.of("CACHE_FIRESTORE", "on")).firestoreEnabled());
  }

  @Test
  void apiKeysAreSplitTrimmedAndDeduplicated() {
    Config config = Config.fromEnv(Map.of("API_KEYS", " key-a-0123456789, key-b-0123456789 ,,key-a-0123456789 "));
    assertEquals(List.of("key-a-0123456789", "key-b-0123456789"), config.apiKeys().stream().map(ApiKey::value).toList());
    assertFalse(config.openApi());
  }

  @Test
  void describeMasksSecrets() {
    Config config = Config.fromEnv(Map.of("GEMINI_API_KEY", "super-secret-key", "API_KEYS",
        "first-key-0123456,second-key-0123456"));
    String described = config.describe().toString() + config;
    assertFalse(described.contains("super-secret-key"), described);
    assertFalse(described.contains("first-key"), described);
    assertTrue(described.contains("2 configured"), described);
  }

  @Test
  void baseUrlsLoseTheirTrailingSlash() {
    assertEquals("http://127.0.0.1:1", Config.fromEnv(Map.of("GEMINI_BASE_URL", "http://127.0.0.1:1/"))
        .geminiBaseUrl());
  }
}
