package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.testing.GeminiStub;
import dev.agentfn.testing.InvokerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /chat/batch} over real HTTP, under the official invoker, with the offline provider. */
class BatchOverHttpIT {
  private static final Path INVOKER = Path.of("target", "invoker");
  private static final Path JAR = Path.of("target", "deployment", "agentfn-local.jar");
  private static final String TARGET = "dev.agentfn.function.local.LocalGateway";
  private static final String FAST_MODEL = "gemini-3.1-flash-lite";

  private static InvokerProcess invoker;
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    invoker = InvokerProcess.start(INVOKER, JAR, TARGET, Map.of("MODEL_PROVIDER", "offline"));
  }

  @AfterAll
  static void stop() {
    if (invoker != null) {
      invoker.close();
    }
  }

  private static HttpResponse<InputStream> post(InvokerProcess target, String body, String accept)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(target.baseUri().resolve("/chat/batch"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static JsonObject postJson(InvokerProcess target, String body) throws Exception {
    try (InputStream in = post(target, body, null).body()) {
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }

  private static long offlineModelCalls() throws Exception {
    HttpResponse<String> stats = CLIENT.send(HttpRequest.newBuilder(invoker.baseUri().resolve("/stats")).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonObject models = JsonParser.parseString(stats.body()).getAsJsonObject().getAsJsonObject("models");
    return models.has("offline") ? models.getAsJsonObject("offline").get("calls").getAsLong() : 0;
  }

  private static String queries(String prefix, int n) {
    StringBuilder list = new StringBuilder("{\"queries\": [");
    for (int i = 0; i < n; i++) {
      list.append(i == 0 ? "" : ", ").append('"').append(prefix).append(' ').append(i).append('"');
    }
    return list.append("]}").toString();
  }

  private static JsonObject slot(JsonObject body, int index) {
    return body.getAsJsonArray("results").get(index).getAsJsonObject();
  }

  @Test
  void resultsComeBackInRequestOrder() throws Exception {
    JsonObject body = postJson(invoker, queries("order", 8));

    JsonArray results = body.getAsJsonArray("results");
    assertEquals(8, results.size());
    for (int i = 0; i < 8; i++) {
      assertEquals(i, slot(body, i).get("index").getAsInt());
      assertTrue(slot(body, i).get("answer").getAsString().contains("order " + i + "\""));
      assertEquals("offline", slot(body, i).get("model_used").getAsString());
    }
    assertEquals(8, body.get("succeeded").getAsInt());
    assertEquals(0, body.get("failed").getAsInt());
  }

  @Test
  void tenIdenticalItemsCostOneModelCall() throws Exception {
    String queries = String.join(", ", java.util.Collections.nCopies(10, "\"the same question, once\""));
    long before = offlineModelCalls();

    JsonObject body = postJson(invoker, "{\"queries\": [" + queries + "], \"use_cache\": false}");

    assertEquals(10, body.get("succeeded").getAsInt());
    assertEquals(1, offlineModelCalls() - before);
  }

  @Test
  void oneEmptyItemIs200WithThatSlotInError() throws Exception {
    HttpResponse<InputStream> response = post(invoker, "{\"queries\": [\"fine\", \"   \", \"also fine\"]}", null);
    JsonObject body;
    try (InputStream in = response.body()) {
      body = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    assertEquals(200, response.statusCode());
    assertEquals("invalid_argument", slot(body, 1).getAsJsonObject("error").get("code").getAsString());
    assertEquals(2, body.get("succeeded").getAsInt());
    assertEquals(1, body.get("failed").getAsInt());
  }

  @Test
  void a101ItemBatchIs400() throws Exception {
    HttpResponse<InputStream> response = post(invoker, queries("too many", 101), null);
    try (InputStream in = response.body()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(400, response.statusCode(), body);
      assertTrue(body.contains("\"invalid_argument\""), body);
    }
  }

  @Test
  void ndjsonStreamsOneLinePerItemThenTheSummary() throws Exception {
    HttpResponse<InputStream> response = post(invoker, queries("stream", 6), "application/x-ndjson");

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
    List<JsonObject> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(JsonParser.parseString(line).getAsJsonObject());
      }
    }
    assertEquals(7, lines.size());
    Set<Integer> indices = new HashSet<>();
    lines.subList(0, 6).forEach(line -> indices.add(line.get("index").getAsInt()));
    assertEquals(Set.of(0, 1, 2, 3, 4, 5), indices);
    assertEquals(6, lines.get(6).get("succeeded").getAsInt());
    assertTrue(lines.get(6).has("usage"));
  }

  /**
   * Deterministic on a loaded machine: the Gemini stub answers the fast model at once and never
   * answers the strong one, so the two simple items finish and the two complex ones are still
   * running at the batch deadline (2 s less the 250 ms reserve). The only timing assumption is that
   * two immediate answers fit in those 1.75 s; a chat call first builds the SDK client (~1 s).
   */
  @Test
  void itemsStillRunningAtTheDeadlineFailWithDeadlineExceeded() throws Exception {
    try (GeminiStub stub = GeminiStub.start();
        InvokerProcess gemini = InvokerProcess.start(INVOKER, JAR, TARGET, Map.of("GEMINI_API_KEY", "x",
            "GEMINI_BASE_URL", stub.baseUrl(), "REQUEST_TIMEOUT_MS", "2000", "MODEL_MAX_ATTEMPTS", "1"))) {
      stub.otherwise(GeminiStub.hang()).enqueue(FAST_MODEL, GeminiStub.text("warm"), GeminiStub.text("quick"),
          GeminiStub.text("quick"));
      HttpResponse<String> warmUp = CLIENT.send(HttpRequest.newBuilder(gemini.baseUri().resolve("/chat"))
          .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"warm up\", \"task_type\": \"simple\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, warmUp.statusCode(), warmUp.body());

      JsonObject body = postJson(gemini, "{\"queries\": [{\"query\": \"a\", \"task_type\": \"simple\"}, "
          + "{\"query\": \"b\", \"task_type\": \"complex\"}, {\"query\": \"c\", \"task_type\": \"simple\"}, "
          + "{\"query\": \"d\", \"task_type\": \"complex\"}]}");

      assertEquals("quick", slot(body, 0).get("answer").getAsString(), body.toString());
      assertEquals("deadline_exceeded", slot(body, 1).getAsJsonObject("error").get("code").getAsString());
      assertEquals("quick", slot(body, 2).get("answer").getAsString(), body.toString());
      assertEquals("deadline_exceeded", slot(body, 3).getAsJsonObject("error").get("code").getAsString());
      assertEquals(2, body.get("succeeded").getAsInt());
      assertEquals(2, body.get("failed").getAsInt());
    }
  }
}
