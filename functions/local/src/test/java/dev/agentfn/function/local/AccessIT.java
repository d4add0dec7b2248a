package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.agentfn.testing.A2aJsonRpc;
import dev.agentfn.testing.IdTokens;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** API keys, rate limits and CORS over real HTTP under the invoker, on every function's paths. */
class AccessIT {
  private static final String KEY = "it-key-0123456789";
  private static final String LIMITED_KEY = "it-key-limited-9876";
  private static final String ORIGIN = "https://app.example";

  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = Gateway.start(Map.of("API_KEYS", KEY + "," + LIMITED_KEY, "RATE_LIMIT_PER_MINUTE", "40",
        "CORS_ALLOWED_ORIGINS", ORIGIN, "CACHE_FIRESTORE", "off"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** Every guarded endpoint of the four functions, with a request its handler answers with 200. */
  static Stream<Arguments> guarded() {
    return Stream.of(
        Arguments.of("POST", "/chat", "{\"query\": \"hello\"}"),
        Arguments.of("POST", "/chat/batch", "{\"queries\": [\"hello\"]}"),
        Arguments.of("POST", "/chat/multi-agent", "{\"task\": \"calculate 6*7\"}"),
        Arguments.of("GET", "/models", null),
        Arguments.of("GET", "/stats", null),
        Arguments.of("GET", "/cache/stats", null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("guarded")
  void noKeyOrAWrongKeyIs401(String method, String path, String body) throws Exception {
    for (Map<String, String> headers : java.util.List.of(Map.<String, String>of(), Map.of("X-API-Key", "wrong"),
        Map.of("Authorization", "Bearer " + KEY + "x"), Map.of("Authorization", "Basic " + KEY))) {
      HttpResponse<String> response = send(method, path, body, headers);
      assertEquals(401, response.statusCode(), path + " " + headers);
      assertEquals("unauthenticated", errorCode(response));
      assertFalse(response.body().contains(KEY));
      assertTrue(response.headers().firstValue("WWW-Authenticate").isPresent());
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("guarded")
  void aValidKeyPassesTheGuardAsHeaderOrBearer(String method, String path, String body) throws Exception {
    for (Map<String, String> headers : java.util.List.of(Map.of("X-API-Key", KEY),
        Map.of("Authorization", "Bearer " + KEY))) {
      HttpResponse<String> response = send(method, path, body, headers);
      assertEquals(200, response.statusCode(), path + " " + headers.keySet() + ": " + response.body());
    }
  }

  @Test
  void healthAndTheDocsNeedNoKey() throws Exception {
    assertEquals(200, gateway.get("/health", Map.of()).statusCode());
    assertEquals(200, gateway.get("/openapi.json", Map.of()).statusCode());
  }

  @Test
  void overTheLimitIs429WithRetryAfterAndABatchCountsItsItems() throws Exception {
    Map<String, String> auth = Map.of("X-API-Key", LIMITED_KEY);
    String batch = "{\"queries\": [" + "\"q\",".repeat(29) + "\"q\"]}";
    assertEquals(200, gateway.postJson("/chat/batch", batch, auth).statusCode(), "30 of 40 units");
    int admitted = 0;
    HttpResponse<String> response;
    while ((response = gateway.get("/models", auth)).statusCode() == 200) {
      admitted++;
      // 10 units are left; a few more may refill (40 a minute) while the test runs. Had the batch
      // counted as one request, 39 would pass.
      assertTrue(admitted < 20, "the batch did not count its items, or the limit was not enforced");
    }
    assertTrue(admitted >= 9, "admitted " + admitted);
    assertEquals(429, response.statusCode());
    assertEquals("rate_limited", errorCode(response));
    assertTrue(Integer.parseInt(response.headers().firstValue("Retry-After").orElseThrow()) >= 1);
    assertEquals(200, gateway.get("/models", Map.of("X-API-Key", KEY)).statusCode(), "other keys are unaffected");
  }

  @Test
  void keysNeverReachTheLogs() throws Exception {
    assertEquals(200, gateway.get("/models", Map.of("X-API-Key", KEY, "X-Request-Id", "access-it-key")).statusCode());
    assertEquals(401, gateway.get("/models", Map.of("X-API-Key", "wrong-" + KEY,
        "X-Request-Id", "access-it-wrong-key")).statusCode());
    String output = gateway.awaitOutput(Gateway.requestIdField("access-it-key"),
        Gateway.requestIdField("access-it-wrong-key"));
    assertTrue(Gateway.accessLine(output, "access-it-key").get("caller").getAsString().matches("key:[0-9a-f]{12}"),
        "the caller is logged by its hash");
    assertEquals(401, Gateway.accessLine(output, "access-it-wrong-key").get("status").getAsInt());
    assertFalse(output.contains(KEY), "a key value was logged");
  }

  @Test
  void corsPreflightAndSimpleRequests() throws Exception {
    HttpResponse<String> preflight = gateway.send("OPTIONS", "/chat", Map.of("Origin", ORIGIN,
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type,x-api-key"), null);
    assertEquals(204, preflight.statusCode());
    assertEquals(ORIGIN, preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("POST"));
    assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("X-API-Key"));
    HttpResponse<String> denied = gateway.get("/models", Map.of("Origin", ORIGIN));
    assertEquals(401, denied.statusCode());
    assertEquals(ORIGIN, denied.headers().firstValue("Access-Control-Allow-Origin").orElseThrow(),
        "errors carry CORS headers too, so a browser can read them");
    HttpResponse<String> other = gateway.get("/health", Map.of("Origin", "https://evil.example"));
    assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
  }

  private static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
      throws Exception {
    return body == null ? gateway.send(method, path, headers, null) : gateway.postJson(path, body, headers);
  }

  private static String errorCode(HttpResponse<String> response) {
    return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("error").get("code").getAsString();
  }

  @Test
  void withoutKeysBehindIamCallersSharingAnAddressKeepTheirTasksApart() throws Exception {
    try (Gateway iam = Gateway.start(Map.of("CALLER_IDENTITY", "iam", "CACHE_FIRESTORE", "off"))) {
      Map<String, String> alice = Map.of("Authorization", "Bearer " + IdTokens.stripped("alice@example.com"),
          "X-Forwarded-For", "203.0.113.7", "A2A-Version", "1.0");
      Map<String, String> bob = Map.of("Authorization", "Bearer " + IdTokens.stripped("bob@example.com"),
          "X-Forwarded-For", "203.0.113.7", "A2A-Version", "1.0");
      String id = JsonParser.parseString(iam.postJson("/a2a", A2aJsonRpc.request("SendMessage",
          A2aJsonRpc.sendParams("calculate 2+2"), 1), alice).body()).getAsJsonObject().getAsJsonObject("result")
          .getAsJsonObject("task").get("id").getAsString();
      String get = A2aJsonRpc.request("GetTask", A2aJsonRpc.params("id", id), 2);
      assertEquals(id, JsonParser.parseString(iam.postJson("/a2a", get, alice).body()).getAsJsonObject()
          .getAsJsonObject("result").get("id").getAsString());
      assertEquals(-32001, A2aJsonRpc.errorCode(JsonParser.parseString(iam.postJson("/a2a", get, bob).body())
          .getAsJsonObject()), "same address, another identity: not bob's task");

      HttpResponse<String> anonymous = iam.postJson("/a2a", get, Map.of("X-Forwarded-For", "203.0.113.7"));
      assertEquals(401, anonymous.statusCode());
      HttpResponse<String> unchecked = iam.postJson("/a2a", get, Map.of("Authorization", "Bearer "
          + IdTokens.signed("alice@example.com")));
      assertEquals(401, unchecked.statusCode(), "a token Cloud Run did not check names no one");
      assertEquals(200, iam.get("/health", Map.of()).statusCode());
    }
  }
}
