package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Shared paths under contention, over HTTP under the real invoker with the real SDK against the
 * Gemini-protocol stub: one caller's disconnect or deadlines must not fail the others.
 */
class ContentionIT {
  private static final String FAST = "gemini-3.1-flash-lite";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static GeminiStub stub;
  private static InvokerProcess gateway;

  @BeforeAll
  static void start() throws Exception {
    stub = GeminiStub.start();
    gateway = InvokerProcess.start(Path.of("target/invoker"), Path.of(Gateway.LOCAL_JAR),
        LocalGateway.class.getName(), Map.of(
            "GEMINI_API_KEY", "x",
            "GEMINI_BASE_URL", stub.baseUrl(),
            "REQUEST_TIMEOUT_MS", "3000",
            "RATE_LIMIT_PER_MINUTE", "0"));
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
      plain = HTTP.sendAsync(post(query + "}"), HttpResponse.BodyHandlers.ofString());
      // The next chunk comes 300 ms later: time for the plain request to join; three are still to come.
      for (String line = in.readLine(); !"event: delta".equals(line); line = in.readLine()) {
        assertTrue(line != null, "the stream ended before its second delta");
      }
    }

    HttpResponse<String> response = plain.get(30, TimeUnit.SECONDS);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("one two three four five", json(response).get("answer").getAsString());
    assertEquals(1, stub.generateCalls(), "one model call for both");
    JsonObject again = json(HTTP.send(post(query + "}"), HttpResponse.BodyHandlers.ofString()));
    assertEquals("l1", again.get("cache_level").getAsString(), "the departed stream's answer was cached");
  }

  @Test
  void sixRequestsRunningIntoTheirOwnDeadlinesDoNotOpenTheBreaker() throws Exception {
    for (int i = 0; i < 6; i++) {
      stub.enqueue(FAST, GeminiStub.hang());
    }
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      slow.add(HTTP.sendAsync(post("{\"query\": \"write a very long essay " + i
          + "\", \"task_type\": \"simple\", \"max_output_tokens\": 60000}"), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> response : slow) {
      HttpResponse<String> cut = response.get(30, TimeUnit.SECONDS);
      assertEquals(504, cut.statusCode(), cut.body());
    }
    assertEquals(6, stub.generateCalls(), "an attempt cut by the deadline is not retried");

    HttpResponse<String> ordinary = HTTP.send(post("{\"query\": \"what is 2+2?\", \"task_type\": \"simple\"}"),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(200, ordinary.statusCode(), ordinary.body());
    assertEquals("stub answer", json(ordinary).get("answer").getAsString());
    JsonObject health = json(HTTP.send(HttpRequest.newBuilder(gateway.baseUri().resolve("/health"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
    assertEquals("closed", health.getAsJsonObject("checks").get("model_breakers").getAsString());
  }

  private static HttpRequest post(String json) {
    return HttpRequest.newBuilder(gateway.baseUri().resolve("/chat")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  private static JsonObject json(HttpResponse<String> response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }
}
