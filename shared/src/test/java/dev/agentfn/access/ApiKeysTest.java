package dev.agentfn.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.config.Config;
import dev.agentfn.http.SimpleExchange;
import dev.agentfn.testing.MutableClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
  private final ApiKeys keys = new ApiKeys(List.of("alpha-key-123", "beta-key-456"));

  @Test
  void acceptedKeyIsNamedByAShortHashThatIsNotTheKey() {
    String caller = keys.match("alpha-key-123").orElseThrow();
    assertTrue(caller.matches("key:[0-9a-f]{12}"), caller);
    assertFalse(caller.contains("alpha"));
    assertEquals(caller, keys.match("alpha-key-123").orElseThrow(), "stable across requests");
    assertNotEquals(caller, keys.match("beta-key-456").orElseThrow(), "each key its own caller");
  }

  @Test
  void wrongPrefixSuffixEmptyAndOverlongKeysAreRefused() {
    assertEquals(Optional.empty(), keys.match("alpha-key-12"));
    assertEquals(Optional.empty(), keys.match("alpha-key-1234"));
    assertEquals(Optional.empty(), keys.match(""));
    assertEquals(Optional.empty(), keys.match("a".repeat(ApiKeys.MAX_KEY_CHARS + 1)));
  }

  @Test
  void keyIsReadFromXApiKeyOrBearerAuthorization() {
    assertEquals(Optional.of("k1"), ApiKeys.presented(exchange(Map.of("X-API-Key", " k1 "))));
    assertEquals(Optional.of("k2"), ApiKeys.presented(exchange(Map.of("Authorization", "Bearer k2"))));
    assertEquals(Optional.of("k3"), ApiKeys.presented(exchange(Map.of("authorization", "bearer  k3"))));
    assertEquals(Optional.empty(), ApiKeys.presented(exchange(Map.of("Authorization", "Basic dXNlcjpwdw=="))));
    assertEquals(Optional.empty(), ApiKeys.presented(exchange(Map.of("Authorization", "Bearer "))));
    assertEquals(Optional.empty(), ApiKeys.presented(exchange(Map.of())));
  }

  @Test
  void noKeysMeansOpen() {
    assertTrue(new ApiKeys(List.of()).isEmpty());
    assertFalse(keys.isEmpty());
  }

  @Test
  void aKeyRevokedInTheKeyFileStopsWorkingWithoutARestart(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("keys"), "old-key-0123456789\nkept-key-0123456789 budget_usd=5\n");
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    ApiKeys keys = ApiKeys.from(Config.fromEnv(Map.of("API_KEYS", "listed-key-0123456789",
        "API_KEYS_FILE", file.toString())), clock);
    String kept = keys.match("kept-key-0123456789").orElseThrow();
    assertEquals(Optional.of(new BigDecimal("5")), keys.budgetUsd(kept));

    Files.writeString(file, "kept-key-0123456789 budget_usd=7.5\nnew-key-0123456789\n");
    assertTrue(keys.match("old-key-0123456789").isPresent(), "read again at most every " + ApiKeys.RELOAD_INTERVAL);
    clock.advance(ApiKeys.RELOAD_INTERVAL);
    assertEquals(Optional.empty(), keys.match("old-key-0123456789"), "revoked");
    assertTrue(keys.match("new-key-0123456789").isPresent(), "added");
    assertEquals(Optional.of(new BigDecimal("7.5")), keys.budgetUsd(kept));
    assertTrue(keys.match("listed-key-0123456789").isPresent(), "API_KEYS stays whatever the file says");
  }

  @Test
  void aKeyFileThatBecomesEmptyInvalidOrUnreadableKeepsTheLastGoodKeys(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("keys"), "good-key-0123456789\n");
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    ApiKeys keys = ApiKeys.from(Config.fromEnv(Map.of("API_KEYS_FILE", file.toString())), clock);
    for (String bad : List.of("", "# nothing\n", "short\n", "good-key-0123456789 colour=red\n")) {
      Files.writeString(file, bad);
      clock.advance(ApiKeys.RELOAD_INTERVAL);
      assertTrue(keys.match("good-key-0123456789").isPresent(), "kept after " + bad);
      assertFalse(keys.isEmpty(), "never open");
      assertEquals(Optional.empty(), keys.match("short"));
    }
    Files.delete(file);
    clock.advance(ApiKeys.RELOAD_INTERVAL);
    assertTrue(keys.match("good-key-0123456789").isPresent(), "kept while the file is gone");
    Files.writeString(file, "next-key-0123456789\n");
    clock.advance(ApiKeys.RELOAD_INTERVAL);
    assertEquals(Optional.empty(), keys.match("good-key-0123456789"));
    assertTrue(keys.match("next-key-0123456789").isPresent(), "a fixed file is read again");
  }

  private static SimpleExchange exchange(Map<String, String> headers) {
    return new SimpleExchange("GET", "/models", headers, Map.of(), new byte[0]);
  }
}
