package dev.agentfn.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAccessTest {
  @TempDir
  Path dir;

  @Test
  void keysComeFromApiKeysAndTheFileNamedByApiKeysFile() throws IOException {
    Path file = Files.writeString(dir.resolve("keys"), "file-key-1\nfile-key-2,\n\nk0\n");
    Config config = Config.fromEnv(Map.of("API_KEYS", "k0, k1", "API_KEYS_FILE", file.toString()));
    assertEquals(List.of("k0", "k1", "file-key-1", "file-key-2"), config.apiKeys());
    assertFalse(config.openApi());
    assertFalse(config.toString().contains("file-key-1"), "keys are never described");
  }

  @Test
  void anUnreadableOrEmptyKeyFileStopsTheStart() throws IOException {
    ConfigException missing = assertThrows(ConfigException.class,
        () -> Config.fromEnv(Map.of("API_KEYS_FILE", dir.resolve("absent").toString())));
    assertTrue(missing.getMessage().contains("API_KEYS_FILE"));
    Path empty = Files.writeString(dir.resolve("empty"), "\n \n");
    assertThrows(ConfigException.class, () -> Config.fromEnv(Map.of("API_KEYS_FILE", empty.toString())));
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
