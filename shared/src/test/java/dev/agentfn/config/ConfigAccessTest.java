package dev.agentfn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAccessTest {
  @TempDir
  Path dir;

  @Test
  void keysComeFromApiKeysAndTheFileNamedByApiKeysFile() throws IOException {
    Path file = Files.writeString(dir.resolve("keys"), """
        # team A
        file-key-1-0123456789   budget_usd=25.50  # monthly
        file-key-2-0123456789

        listed-key-0-0123456 budget_usd=0
        """);
    Config config = Config.fromEnv(Map.of("API_KEYS", "listed-key-0-0123456, listed-key-1-0123456",
        "API_KEYS_FILE", file.toString()));
    assertEquals(List.of("listed-key-0-0123456", "listed-key-1-0123456"), values(config.apiKeys()));
    assertEquals(List.of("file-key-1-0123456789", "file-key-2-0123456789", "listed-key-0-0123456"),
        values(config.fileApiKeys()));
    assertEquals(List.of(Optional.of(new BigDecimal("25.50")), Optional.empty(), Optional.of(BigDecimal.ZERO)),
        config.fileApiKeys().stream().map(ApiKey::budgetUsd).toList());
    assertEquals(file.toString(), config.apiKeysFile());
    assertFalse(config.openApi());
    assertFalse((config.toString() + config.fileApiKeys()).contains("file-key-1"), "keys are never described");
  }

  @Test
  void anUnreadableOrEmptyKeyFileStopsTheStart() throws IOException {
    ConfigException missing = assertThrows(ConfigException.class,
        () -> Config.fromEnv(Map.of("API_KEYS_FILE", dir.resolve("absent").toString())));
    assertTrue(missing.getMessage().contains("API_KEYS_FILE"));
    Path empty = Files.writeString(dir.resolve("empty"), "\n \n# only a comment\n");
    assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("API_KEYS_FILE", empty.toString())));
    assertRefused("API_KEYS_FILE", Map.of("API_KEYS_FILE", " "));
  }

  @Test
  void aSetButEmptyKeyListRefusesToStartInsteadOfOpeningTheApi() {
    assertRefused("API_KEYS", Map.of("API_KEYS", ", "));
    assertRefused("API_KEYS", Map.of("API_KEYS", ""));
    assertTrue(Config.fromEnv(Map.of()).openApi(), "unset is the open API of local development");
  }

  @Test
  void keysShorterThanSixteenCharactersAreRefusedWithoutShowingThem() throws IOException {
    ConfigException listed = assertRefused("API_KEYS", Map.of("API_KEYS", "long-enough-key-0123, short-key-1"));
    assertFalse(listed.getMessage().contains("short-key-1"), listed.getMessage());
    Path file = Files.writeString(dir.resolve("short"), "long-enough-key-0123\nshort-key-2\n");
    ConfigException inFile = assertRefused("API_KEYS_FILE", Map.of("API_KEYS_FILE", file.toString()));
    assertTrue(inFile.getMessage().contains("line 2"), inFile.getMessage());
    assertFalse(inFile.getMessage().contains("short-key-2"), inFile.getMessage());
  }

  @Test
  void badAttributesInTheKeyFileRefuseToStart() throws IOException {
    for (String line : List.of("key-0123456789abcdef budget_usd=-1", "key-0123456789abcdef budget_usd=ten",
        "key-0123456789abcdef owner=alice", "key-0123456789abcdef second-key-0123456789",
        "key-0123456789abcdef,other-key-0123456789", "key-0123456789abcdef budget_usd=1 budget_usd=2")) {
      Path file = Files.writeString(dir.resolve("bad"), "good-key-0123456789\n" + line + "\n");
      ConfigException e = assertRefused("API_KEYS_FILE", Map.of("API_KEYS_FILE", file.toString()));
      assertTrue(e.getMessage().contains("line 2"), e.getMessage());
      assertFalse(e.getMessage().contains("0123456789abcdef") || e.getMessage().contains("second-key"), e.getMessage());
    }
  }

  private static ConfigException assertRefused(String variable, Map<String, String> env) {
    ConfigException e = assertThrows(ConfigException.class, () -> Config.fromEnv(env));
    assertTrue(e.getMessage().startsWith(variable + ":"), e.getMessage());
    return e;
  }

  private static List<String> values(List<ApiKey> keys) {
    return keys.stream().map(ApiKey::value).toList();
  }

  @Test
  void corsOriginsAreValidated() {
    assertEquals(List.of("https://a.example", "http://localhost:3000"),
        Config.fromEnv(Map.of("CORS_ALLOWED_ORIGINS", "https://a.example, http://localhost:3000")).corsAllowedOrigins());
    assertEquals(List.of(), Config.defaults().corsAllowedOrigins());
    ConfigException e = assertThrows(ConfigException.class,
        () -> Config.fromEnv(Map.of("CORS_ALLOWED_ORIGINS", "app.example/path")));
    assertTrue(e.getMessage().contains("CORS_ALLOWED_ORIGINS"));
  }

  @Test
  void promptsAreNotLoggedUnlessAsked() {
    assertFalse(Config.defaults().logPrompts());
    assertTrue(Config.fromEnv(Map.of("LOG_PROMPTS", "true")).logPrompts());
  }
}
