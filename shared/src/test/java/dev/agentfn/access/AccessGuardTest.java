package dev.agentfn.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.agentfn.testing.IdTokens.signed;
import static dev.agentfn.testing.IdTokens.stripped;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Endpoint;
import dev.agentfn.http.SimpleExchange;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AccessGuardTest {
  private static final String KEY = "s3cret-key-value";
  private static final Endpoint HEALTH = Endpoint.get("/health", r -> ApiResponse.empty(200));
  private static final Endpoint CHAT = Endpoint.post("/chat", r -> ApiResponse.empty(200));

  private final AtomicLong now = new AtomicLong();
  private final AccessGuard guard = new AccessGuard(new ApiKeys(List.of(KEY)),
      new RateLimiter(3, now::get, 100), Set.of("/health"));

  @Test
  void missingAndWrongKeysAre401WithoutEchoingTheKey() {
    ApiException missing = assertThrows(ApiException.class, () -> guard.admit(exchange(Map.of()), CHAT));
    assertEquals(ErrorCode.UNAUTHENTICATED, missing.code());
    assertTrue(missing.headers().containsKey("WWW-Authenticate"));
    ApiException wrong = assertThrows(ApiException.class,
        () -> guard.admit(exchange(Map.of("X-API-Key", "guess-" + KEY)), CHAT));
    assertEquals(ErrorCode.UNAUTHENTICATED, wrong.code());
    assertFalse(wrong.getMessage().contains(KEY));
  }

  @Test
  void validKeyIsAdmittedAsItsHash() {
    String caller = guard.admit(exchange(Map.of("Authorization", "Bearer " + KEY)), CHAT);
    assertTrue(caller.startsWith("key:"));
    assertFalse(caller.contains(KEY));
  }

  @Test
  void healthNeedsNoKeyAndIsNotRateLimited() {
    for (int i = 0; i < 10; i++) {
      assertEquals("local", guard.admit(exchange(Map.of()), HEALTH));
    }
  }

  @Test
  void eachRequestCostsOneUnitAndHandlersCanChargeMore() {
    Map<String, String> auth = Map.of("X-API-Key", KEY);
    String caller = guard.admit(exchange(auth), CHAT);
    guard.charge(caller, 2);
    ApiException e = assertThrows(ApiException.class, () -> guard.admit(exchange(auth), CHAT));
    assertEquals(ErrorCode.RATE_LIMITED, e.code());
    assertTrue(e.headers().containsKey("Retry-After"));
  }

  @Test
  void openApiLimitsByClientAddress() {
    AccessGuard open = new AccessGuard(new ApiKeys(List.of()), new RateLimiter(1, now::get, 100), Set.of());
    assertEquals("ip:203.0.113.7", open.admit(exchange(Map.of("X-Forwarded-For", "203.0.113.7")), CHAT));
    assertEquals("ip:203.0.113.8", open.admit(exchange(Map.of("X-Forwarded-For", "203.0.113.8")), CHAT));
    assertThrows(ApiException.class, () -> open.admit(exchange(Map.of("X-Forwarded-For", "203.0.113.7")), CHAT));
    assertThrows(ApiException.class, () -> open.admit(exchange(Map.of("X-Forwarded-For", "1.2.3.4, 203.0.113.7")),
        CHAT), "an invented first hop does not make a new caller");
  }

  @Test
  void behindIamCallersAreNamedByTheIdentityCloudRunVerifiedNotByTheirAddress() {
    AccessGuard iam = new AccessGuard(new ApiKeys(List.of()), new RateLimiter(100, now::get, 100), Set.of("/health"),
        true);
    String alice = iam.admit(exchange(Map.of("Authorization", "Bearer " + stripped("alice@example.com"),
        "X-Forwarded-For", "203.0.113.7")), CHAT);
    String bob = iam.admit(exchange(Map.of("Authorization", "Bearer " + stripped("bob@example.com"),
        "X-Forwarded-For", "203.0.113.7")), CHAT);
    assertTrue(alice.matches("iam:[0-9a-f]{12}"), alice);
    assertFalse(alice.equals(bob), "one NAT, two callers");
    assertFalse(alice.contains("alice"), "no personal data in the caller id");
    assertEquals(alice, iam.admit(exchange(Map.of("X-Serverless-Authorization", "Bearer " + stripped("alice@example.com"),
        "Authorization", "Bearer app-token")), CHAT), "the token Cloud Run checked, wherever it came");

    for (Map<String, String> headers : List.of(Map.<String, String>of("X-Forwarded-For", "203.0.113.7"),
        Map.of("Authorization", "Bearer " + signed("mallory@example.com")),
        Map.of("Authorization", "Bearer not-a-jwt"))) {
      ApiException e = assertThrows(ApiException.class, () -> iam.admit(exchange(headers), CHAT), headers.toString());
      assertEquals(ErrorCode.UNAUTHENTICATED, e.code());
    }
    assertEquals("local", iam.admit(exchange(Map.of()), HEALTH), "public paths need no identity");
  }

  private static SimpleExchange exchange(Map<String, String> headers) {
    return new SimpleExchange("POST", "/chat", headers, Map.of(), new byte[0]);
  }
}
