package dev.agentfn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.api.ApiException;
import dev.agentfn.stats.UsageStats;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpServiceTest {
  private final UsageStats stats = new UsageStats();
  private final HttpService service = new HttpService("chat", List.of(
      Endpoint.post("/chat", request -> ApiResponse.ok(Map.of("len", request.body().length))),
      Endpoint.post("/chat/fail", request -> {
        throw ApiException.invalidArgument("query must not be empty");
      }),
      Endpoint.post("/chat/boom", request -> {
        throw new IllegalStateException("secret internals at db.example:5432");
      }),
      Endpoint.get("/sessions/{id}", request -> ApiResponse.ok(Map.of("id", request.pathParameter(),
          "route", request.route())))), "/chat", Guard.open(), 16, Duration.ofSeconds(5), stats, Clock.systemUTC());

  private static ApiResponse call(HttpService service, String method, String path, Map<String, String> headers,
      String body) {
    return service.handle(new SimpleExchange(method, path, headers, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
  }

  private ApiResponse post(String path, String body) {
    return call(service, "POST", path, Map.of("Content-Type", "application/json"), body);
  }

  private static JsonObject error(ApiResponse response) {
    return JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8)).getAsJsonObject()
        .getAsJsonObject("error");
  }

  @Test
  void servesTheMainPathAlsoAtRootAndWithATrailingSlashOrAPrefix() {
    assertEquals(200, post("/chat", "{}").status());
    assertEquals(200, post("/chat/", "{}").status());
    assertEquals(200, post("/", "{}").status());
    assertEquals(200, post("", "{}").status());
    assertEquals(200, post("/v1/agent/chat", "{}").status());
  }

  @Test
  void aParameterSegmentMatchesOneNonEmptySegmentAlsoBehindAPrefix() {
    for (String path : new String[] {"/sessions/trip-1", "/sessions/trip-1/", "/v1/sessions/trip-1"}) {
      ApiResponse response = call(service, "GET", path, Map.of(), "");
      assertEquals(200, response.status(), path);
      JsonObject body = JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8)).getAsJsonObject();
      assertEquals("trip-1", body.get("id").getAsString(), path);
      assertEquals("/sessions/{id}", body.get("route").getAsString(), path);
    }
    for (String path : new String[] {"/sessions", "/sessions/", "/sessions/a/b", "/mysessions/a"}) {
      assertEquals(404, call(service, "GET", path, Map.of(), "").status(), path);
    }
  }

  @Test
  void unknownPathIs404InTheContractShape() {
    ApiResponse response = post("/nope", "{}");
    assertEquals(404, response.status());
    assertEquals("not_found", error(response).get("code").getAsString());
    assertEquals(response.headers().get("X-Request-Id"), error(response).get("request_id").getAsString());
  }

  @Test
  void wrongMethodIs405WithAllow() {
    ApiResponse response = call(service, "GET", "/chat", Map.of(), "");
    assertEquals(405, response.status());
    assertEquals("POST", response.headers().get("Allow"));
    assertEquals("method_not_allowed", error(response).get("code").getAsString());
  }

  @Test
  void bodyOverTheLimitIs413ByContentLengthOrByReading() {
    assertEquals(413, post("/chat", "{\"query\":\"0123456789\"}").status());
    ApiResponse declared = call(service, "POST", "/chat",
        Map.of("Content-Type", "application/json", "Content-Length", "1000000"), "{}");
    assertEquals(413, declared.status());
    assertEquals("payload_too_large", error(declared).get("code").getAsString());
  }

  @Test
  void nonJsonContentTypeIs415() {
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "",
        "application/json; charset=latin1")) {
      ApiResponse response = call(service, "POST", "/chat", Map.of("Content-Type", type), "{}");
      assertEquals(415, response.status(), type);
      assertEquals("unsupported_media_type", error(response).get("code").getAsString());
    }
    assertEquals(200, call(service, "POST", "/chat", Map.of("Content-Type", "application/json; charset=UTF-8"),
        "{}").status());
  }

  @Test
  void apiExceptionsKeepTheirCodeAndMessage() {
    ApiResponse response = post("/chat/fail", "{}");
    assertEquals(400, response.status());
    assertEquals("query must not be empty", error(response).get("message").getAsString());
  }

  @Test
  void anythingElseIsAGeneric500WithoutInternals() {
    ApiResponse response = post("/chat/boom", "{}");
    assertEquals(500, response.status());
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertEquals("internal", error(response).get("code").getAsString());
    assertFalse(body.contains("db.example"), body);
    assertFalse(body.contains("IllegalStateException"), body);
  }

  @Test
  void keepsASaneRequestIdAndReplacesAnInsaneOne() {
    ApiResponse kept = call(service, "POST", "/chat", Map.of("Content-Type", "application/json",
        "X-Request-Id", "abc-123"), "{}");
    assertEquals("abc-123", kept.headers().get("X-Request-Id"));
    ApiResponse replaced = call(service, "POST", "/chat", Map.of("Content-Type", "application/json",
        "X-Request-Id", "<script>"), "{}");
    assertTrue(replaced.headers().get("X-Request-Id").matches("[0-9a-f-]{36}"));
  }

  @Test
  void generatedRequestIdsAreDistinctVersion4Uuids() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = HttpService.newRequestId();
      java.util.UUID uuid = java.util.UUID.fromString(id);
      assertEquals(4, uuid.version(), id);
      assertEquals(2, uuid.variant(), id);
      ids.add(id);
    }
    assertEquals(1000, ids.size());
  }

  @Test
  void countsRequestsByFunctionAndStatusClass() {
    post("/chat", "{}");
    post("/nope", "{}");
    assertEquals(Map.of("2xx", 1L, "4xx", 1L), stats.snapshot().requests().get("chat"));
  }
}
