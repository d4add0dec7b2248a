package dev.agentfn.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.http.SimpleExchange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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

  private static SimpleExchange exchange(Map<String, String> headers) {
    return new SimpleExchange("GET", "/models", headers, Map.of(), new byte[0]);
  }
}
