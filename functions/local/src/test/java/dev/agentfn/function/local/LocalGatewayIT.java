package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.testing.InvokerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole local process under the real invoker, driven over HTTP with the embedded defaults. */
class LocalGatewayIT {
  static final Path INVOKER = Path.of("target/invoker");
  static final Path JAR = Path.of("target/deployment/agentfn-local.jar");
  static final String TARGET = LocalGateway.class.getName();

  private static InvokerProcess gateway;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    gateway = InvokerProcess.start(INVOKER, JAR, TARGET, Map.of("MAX_BODY_BYTES", "4096"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(gateway.baseUri().resolve(path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject json(HttpResponse<String> response) {
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        response.headers().toString());
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  @Test
  void chatAnswersOfflineThenServesTheRepeatFromL1() throws Exception {
    String body = "{\"query\": \"什么是人工智能？ " + System.nanoTime() + "\"}";
    HttpResponse<String> first = send("POST", "/chat", "application/json", body);
    assertEquals(200, first.statusCode(), first.body());
    JsonObject answer = json(first);
    assertEquals("offline", answer.get("model_used").getAsString());
    assertFalse(answer.get("cached").getAsBoolean());
    assertTrue(answer.get("cache_level").isJsonNull());
    assertTrue(answer.getAsJsonObject("usage").get("total_tokens").getAsLong() > 0);
    assertEquals(first.headers().firstValue("X-Request-Id").orElseThrow(), answer.get("request_id").getAsString());

    JsonObject repeat = json(send("POST", "/chat", "application/json", body));
    assertTrue(repeat.get("cached").getAsBoolean());
    assertEquals("l1", repeat.get("cache_level").getAsString());
    assertEquals(0, repeat.get("cost_usd").getAsDouble());
    assertEquals(answer.get("answer"), repeat.get("answer"));
  }

  @Test
  void chatStreamsServerSentEvents() throws Exception {
    HttpResponse<String> response = send("POST", "/chat", "application/json", "{\"query\":\"hi\",\"stream\":true}");
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow()
        .toLowerCase(java.util.Locale.ROOT));
    assertTrue(response.body().startsWith("event: delta\ndata: "), response.body());
    assertTrue(response.body().contains("event: done\ndata: {\"answer\""), response.body());
  }

  @Test
  void healthModelsStatsAndCacheStatsFollowTheContract() throws Exception {
    JsonObject health = json(send("GET", "/health", null, null));
    assertEquals("ok", health.get("status").getAsString());
    assertEquals("offline", health.get("provider").getAsString());
    assertEquals("disabled", health.getAsJsonObject("checks").get("cache_l2").getAsString());

    JsonObject models = json(send("GET", "/models", null, null));
    assertEquals("gemini-3.1-flash-lite", models.get("default").getAsString());
    assertEquals("gemini-3.5-flash", models.getAsJsonObject("routing").get("strong").getAsString());
    assertTrue(models.getAsJsonArray("models").size() >= 2);

    send("POST", "/chat", "application/json", "{\"query\":\"stats\"}");
    JsonObject stats = json(send("GET", "/stats", null, null));
    assertEquals("instance", stats.get("scope").getAsString());
    assertNotNull(stats.getAsJsonObject("requests").getAsJsonObject("chat"));

    JsonObject cache = json(send("GET", "/cache/stats", null, null));
    assertFalse(cache.getAsJsonObject("l2").get("enabled").getAsBoolean());
    double rate = cache.get("hit_rate").getAsDouble();
    assertTrue(rate >= 0 && rate <= 1);
  }

  @ParameterizedTest(name = "{0} {1} [{2}] -> {4} {5}")
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "POST|/chat|application/json|{\"query\": |400|invalid_argument",
      "POST|/chat|application/json|{\"query\": \"   \"}|400|invalid_argument",
      "POST|/chat|application/json|{\"query\": 1}|400|invalid_argument",
      "POST|/chat|text/plain|{\"query\": \"q\"}|415|unsupported_media_type",
      "POST|/chat|NULL|{\"query\": \"q\"}|415|unsupported_media_type",
      "GET|/chat|NULL|NULL|405|method_not_allowed",
      "DELETE|/health|NULL|NULL|405|method_not_allowed",
      "GET|/nope|NULL|NULL|404|not_found",
      "POST|/chat/nope|application/json|{}|404|not_found",
      "POST|/chat/batch|application/json|{\"queries\": []}|400|invalid_argument",
      "POST|/chat/multi-agent|application/json|{\"task\": \"\"}|400|invalid_argument",
      "POST|/chat/multi-agent|application/json|{\"task\": \"t\", \"max_subtasks\": 17}|400|invalid_argument",
  })
  void badInputGetsTheContractsJsonError(String method, String path, String type, String body, int status,
      String code) throws Exception {
    HttpResponse<String> response = send(method, path, type, body);
    assertEquals(status, response.statusCode(), response.body());
    JsonObject error = json(response).getAsJsonObject("error");
    assertEquals(code, error.get("code").getAsString());
    assertFalse(error.get("message").getAsString().isBlank());
    assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), error.get("request_id").getAsString());
    assertFalse(response.body().contains("Exception"), response.body());
  }

  @Test
  void wrongMethodNamesTheAllowedOnes() throws Exception {
    assertEquals("POST", send("GET", "/chat", null, null).headers().firstValue("Allow").orElseThrow());
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    String body = "{\"query\": \"" + "x".repeat(5000) + "\"}";
    HttpResponse<String> response = send("POST", "/chat", "application/json", body);
    assertEquals(413, response.statusCode());
    assertEquals("payload_too_large", json(response).getAsJsonObject("error").get("code").getAsString());
  }

  @Test
  void batchAnswersEveryItemInOrder() throws Exception {
    JsonObject batch = json(send("POST", "/chat/batch", "application/json",
        "{\"queries\": [\"q1\", {\"query\": \"q2\", \"task_type\": \"complex\"}, \"\"]}"));
    assertEquals(3, batch.getAsJsonArray("results").size());
    assertEquals(2, batch.get("succeeded").getAsInt());
    assertEquals(1, batch.get("failed").getAsInt());
    assertEquals(2, batch.getAsJsonArray("results").get(2).getAsJsonObject().get("index").getAsInt());
  }

  @Test
  void startupLogSaysTheEmbeddedDefaults() throws Exception {
    String log = gateway.output();
    assertTrue(log.contains("model provider: offline"), log);
    assertTrue(log.contains("in-instance only (L1)"), log);
    assertTrue(log.contains("OPEN"), log);
  }
}
