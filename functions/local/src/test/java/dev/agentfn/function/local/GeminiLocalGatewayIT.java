package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.testing.GeminiStub;
import dev.agentfn.testing.InvokerProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local gateway under the real invoker with {@code GEMINI_API_KEY=x GEMINI_BASE_URL=<stub>}: the
 * real SDK answers through the Gemini-protocol stub (issue 3's "Done when"), and shared paths hold
 * under contention: one caller's disconnect or deadlines do not fail the others (issue 12).
 */
class GeminiLocalGatewayIT {
  private static final String FAST = "gemini-3.1-flash-lite";
  private static final String STRONG = "gemini-3.5-flash";
  private static final int MAX_ATTEMPTS = 3;

  private static GeminiStub stub;
  private static InvokerProcess gateway;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    stub = GeminiStub.start();
    Path target = Path.of("target");
    gateway = InvokerProcess.start(target.resolve("invoker"), target.resolve("deployment/agentfn-local.jar"),
        LocalGateway.class.getName(), Map.of(
            "GEMINI_API_KEY", "x",
            "GEMINI_BASE_URL", stub.baseUrl(),
            "MODEL_MAX_ATTEMPTS", Integer.toString(MAX_ATTEMPTS),
            "MODEL_BACKOFF_MS", "20",
            "MODEL_BACKOFF_MAX_MS", "100",
            // Short enough for the deadline tests, long enough for a first call on a busy machine.
            "REQUEST_TIMEOUT_MS", "8000"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (stub != null) {
      stub.close();
    }
  }

  @BeforeEach
  void resetStub() {
    stub.reset();
    stub.otherwise(GeminiStub.text("stub answer"));
  }

  private static HttpResponse<String> post(String path, String json, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(gateway.baseUri().resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(HttpResponse<String> response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  @Test
  void modelUsedFollowsTheRouterAndUsageAndCostAreFilled() throws Exception {
    stub.enqueue(GeminiStub.text("fast answer").usage(10, 20, 5));
    JsonObject simple = json(post("/chat", "{\"query\":\"capital of France?\",\"task_type\":\"simple\"}", null));
    stub.enqueue(GeminiStub.text("strong answer").usage(10, 20, 0));
    JsonObject general = json(post("/chat", "{\"query\":\"请分析为什么天空是蓝色的\"}", null));

    assertEquals(FAST, simple.get("model_used").getAsString());
    assertEquals("fast answer", simple.get("answer").getAsString());
    assertEquals("task_type simple", simple.get("routing_reason").getAsString());
    JsonObject usage = simple.getAsJsonObject("usage");
    assertEquals(10, usage.get("input_tokens").getAsLong());
    assertEquals(25, usage.get("output_tokens").getAsLong());
    assertEquals(35, usage.get("total_tokens").getAsLong());
    assertEquals((10 * 0.25 + 25 * 1.50) / 1e6, simple.get("cost_usd").getAsDouble(), 1e-12);
    assertEquals(STRONG, general.get("model_used").getAsString());
    assertTrue(general.get("cost_usd").getAsDouble() > 0);
    assertEquals(1, stub.generateCalls(FAST));
    assertEquals(1, stub.generateCalls(STRONG));
  }

  @Test
  void persistent503CostsExactlyMaxAttemptsAndReturnsJson503WithRetryAfter() throws Exception {
    stub.otherwise(GeminiStub.status(503));
    HttpResponse<String> response = post("/chat", "{\"query\":\"dead upstream\",\"task_type\":\"simple\"}", null);

    assertEquals(503, response.statusCode());
    assertTrue(response.headers().firstValue("Retry-After").isPresent());
    JsonObject error = json(response).getAsJsonObject("error");
    assertEquals("upstream_unavailable", error.get("code").getAsString());
    assertFalse(response.body().contains("stub failure"));
    assertEquals(MAX_ATTEMPTS, stub.generateCalls());
  }

  @Test
  void twoRateLimitsThenSuccessReturns200() throws Exception {
    stub.enqueue(GeminiStub.rateLimited("0.05s"), GeminiStub.rateLimited(null), GeminiStub.text("third time lucky"));
    HttpResponse<String> response = post("/chat", "{\"query\":\"busy upstream\",\"task_type\":\"simple\"}", null);

    assertEquals(200, response.statusCode());
    assertEquals("third time lucky", json(response).get("answer").getAsString());
    assertEquals(3, stub.generateCalls());
  }

  @Test
  void sseStreamsModelDeltasThenDone() throws Exception {
    stub.enqueue(GeminiStub.chunks("Hello", ", ", "world"));
    HttpResponse<String> response = post("/chat",
        "{\"query\":\"greet me\",\"task_type\":\"simple\",\"stream\":true}", null);

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<String[]> events = events(response.body());
    List<String> deltas = new ArrayList<>();
    for (String[] event : events.subList(0, events.size() - 1)) {
      assertEquals("delta", event[0]);
      deltas.add(JsonParser.parseString(event[1]).getAsJsonObject().get("text").getAsString());
    }
    assertEquals(List.of("Hello", ", ", "world"), deltas);
    String[] done = events.get(events.size() - 1);
    assertEquals("done", done[0]);
    JsonObject full = JsonParser.parseString(done[1]).getAsJsonObject();
    assertEquals("Hello, world", full.get("answer").getAsString());
    assertEquals(FAST, full.get("model_used").getAsString());
    assertEquals("/v1/models/" + FAST + ":streamGenerateContent", stub.requests().get(0).path());

    JsonObject cached = json(post("/chat", "{\"query\":\"greet me\",\"task_type\":\"simple\"}", null));
    assertEquals("Hello, world", cached.get("answer").getAsString());
    assertTrue(cached.get("cached").getAsBoolean());
    assertEquals(1, stub.generateCalls());
  }

  @Test
  void sseReportsAFailedAnswerAsAnErrorEvent() throws Exception {
    stub.enqueue(GeminiStub.text("unsafe").finishReason("SAFETY"));
    HttpResponse<String> response = post("/chat", "{\"query\":\"bad\",\"task_type\":\"simple\"}",
        "text/event-stream");

    List<String[]> events = events(response.body());
    String[] last = events.get(events.size() - 1);
    assertEquals("error", last[0]);
    assertEquals("invalid_argument",
        JsonParser.parseString(last[1]).getAsJsonObject().getAsJsonObject("error").get("code").getAsString());
  }

  @Test
  void deepHealthProbesTheModelProviderOnceForManyCallers() throws Exception {
    List<JsonObject> checks = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      checks.add(json(HTTP.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/health?deep=true"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString())));
    }

    for (JsonObject body : checks) {
      assertEquals("gemini", body.get("provider").getAsString());
      assertEquals("ok", body.getAsJsonObject("checks").get("model").getAsString());
    }
    assertEquals(1, stub.requests().size(), "ten deep checks, one probe: " + stub.requests());
    assertEquals("GET", stub.requests().get(0).method());
    assertEquals("/v1/models/" + FAST, stub.requests().get(0).path());
  }

  @Test
  void aStreamingClientThatDisconnectsMidAnswerDoesNotFailAConcurrentIdenticalRequest() throws Exception {
    stub.enqueue(FAST, GeminiStub.chunks("one ", "two ", "three ", "four ", "five").paced(300));
    String query = "{\"query\": \"count to five slowly\", \"task_type\": \"simple\"";
    CompletableFuture<HttpResponse<String>> plain;
    try (Socket streaming = new Socket("127.0.0.1", gateway.port())) {
      streaming.setSoTimeout(30_000);
      byte[] body = (query + ", \"stream\": true}").getBytes(StandardCharsets.UTF_8);
      OutputStream out = streaming.getOutputStream();
      out.write(("POST /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(streaming.getInputStream(), StandardCharsets.UTF_8));
      for (String line = in.readLine(); !"event: delta".equals(line); line = in.readLine()) {
        assertTrue(line != null, "the stream ended before its first delta");
      }
      plain = HTTP.sendAsync(chatRequest(query + "}"), HttpResponse.BodyHandlers.ofString());
      // The next chunk comes 300 ms later: time for the plain request to join; three are still to come.
      for (String line = in.readLine(); !"event: delta".equals(line); line = in.readLine()) {
        assertTrue(line != null, "the stream ended before its second delta");
      }
    }

    HttpResponse<String> response = plain.get(30, TimeUnit.SECONDS);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("one two three four five", json(response).get("answer").getAsString());
    assertEquals(1, stub.generateCalls(), "one model call for both");
    JsonObject again = json(HTTP.send(chatRequest(query + "}"), HttpResponse.BodyHandlers.ofString()));
    assertEquals("l1", again.get("cache_level").getAsString(), "the departed stream's answer was cached");
  }

  @Test
  void sixRequestsRunningIntoTheirOwnDeadlinesDoNotOpenTheBreaker() throws Exception {
    for (int i = 0; i < 6; i++) {
      stub.enqueue(FAST, GeminiStub.hang());
    }
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      slow.add(HTTP.sendAsync(chatRequest("{\"query\": \"write a very long essay " + i
          + "\", \"task_type\": \"simple\", \"max_output_tokens\": 60000}"), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> response : slow) {
      HttpResponse<String> cut = response.get(30, TimeUnit.SECONDS);
      assertEquals(504, cut.statusCode(), cut.body());
    }
    assertEquals(6, stub.generateCalls(), "an attempt cut by the deadline is not retried");

    HttpResponse<String> ordinary = HTTP.send(chatRequest("{\"query\": \"what is 2+2?\", \"task_type\": \"simple\"}"),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, ordinary.statusCode(), ordinary.body());
    assertEquals("stub answer", json(ordinary).get("answer").getAsString());
    JsonObject health = json(HTTP.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/health"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
    assertEquals("closed", health.getAsJsonObject("checks").get("model_breakers").getAsString());
  }

  private static HttpRequest chatRequest(String json) {
    return HttpRequest.newBuilder(gateway.baseUri().resolve("/chat")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  /** Parses an SSE body into (event, data) pairs. */
  private static List<String[]> events(String body) {
    List<String[]> events = new ArrayList<>();
    for (String frame : body.split("\n\n")) {
      String name = null;
      StringBuilder data = new StringBuilder();
      for (String line : frame.split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      if (name != null) {
        events.add(new String[] {name, data.toString()});
      }
    }
    return events;
  }
}
