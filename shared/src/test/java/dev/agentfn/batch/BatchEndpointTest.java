package dev.agentfn.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.chat.ChatService;
import dev.agentfn.config.Config;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Endpoint;
import dev.agentfn.http.Guard;
import dev.agentfn.http.HttpService;
import dev.agentfn.http.SimpleExchange;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelRouter;
import dev.agentfn.pool.FairPool;
import dev.agentfn.stats.UsageStats;
import dev.agentfn.testing.ScriptedModelClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchEndpointTest {
  private static final int MAX_BODY = 64 * 1024;

  private final ScriptedModelClient model = new ScriptedModelClient();
  private final List<FairPool> pools = new CopyOnWriteArrayList<>();
  private final HttpService http;

  BatchEndpointTest() {
    ModelCatalog catalog = ModelCatalog.from(Config.defaults());
    ChatService chat = new ChatService(model, new ModelRouter(catalog), catalog,
        AnswerCache.builder().maxEntries(1000).ttl(Duration.ofHours(1)).build(), new UsageStats());
    BatchService batch = new BatchService(chat, pool(4), Duration.ZERO, Clock.systemUTC());
    http = new HttpService("batch", List.of(Endpoint.post("/chat/batch", new BatchEndpoint(() -> batch, 100))),
        "/chat/batch", Guard.open(), MAX_BODY, Duration.ofSeconds(30), new UsageStats(), Clock.systemUTC());
  }

  @AfterEach
  void stopExecutor() {
    pools.forEach(FairPool::close);
  }

  private ApiResponse post(String body, String accept) {
    Map<String, String> headers = accept == null ? Map.of("Content-Type", "application/json")
        : Map.of("Content-Type", "application/json", "Accept", accept);
    return http.handle(new SimpleExchange("POST", "/chat/batch", headers, Map.of(),
        body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String text(ApiResponse response) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    response.writeBody(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static JsonObject json(ApiResponse response) throws IOException {
    return JsonParser.parseString(text(response)).getAsJsonObject();
  }

  private static String queries(int n) {
    StringBuilder list = new StringBuilder("{\"queries\": [");
    for (int i = 0; i < n; i++) {
      list.append(i == 0 ? "" : ", ").append("\"question ").append(i).append('"');
    }
    return list.append("]}").toString();
  }

  @Test
  void answersEveryItemInRequestOrderWithASummary() throws IOException {
    ApiResponse response = post(queries(5), null);

    assertEquals(200, response.status());
    JsonObject body = json(response);
    for (int i = 0; i < 5; i++) {
      JsonObject slot = body.getAsJsonArray("results").get(i).getAsJsonObject();
      assertEquals(i, slot.get("index").getAsInt());
      assertEquals("answer to: question " + i, slot.get("answer").getAsString());
      assertTrue(slot.get("error").isJsonNull());
    }
    assertEquals(5, body.get("succeeded").getAsInt());
    assertEquals(0, body.get("failed").getAsInt());
    assertTrue(body.has("total_latency_ms"));
    assertEquals(50, body.getAsJsonObject("usage").get("input_tokens").getAsLong());
    assertEquals(body.get("request_id").getAsString(), response.headers().get("X-Request-Id"));
  }

  @Test
  void oneEmptyItemIs200WithThatSlotInError() throws IOException {
    ApiResponse response = post("{\"queries\": [\"fine\", \"\"]}", null);

    assertEquals(200, response.status());
    JsonObject body = json(response);
    JsonObject bad = body.getAsJsonArray("results").get(1).getAsJsonObject();
    assertEquals("invalid_argument", bad.getAsJsonObject("error").get("code").getAsString());
    assertTrue(bad.get("answer").isJsonNull());
    assertEquals(1, body.get("succeeded").getAsInt());
    assertEquals(1, body.get("failed").getAsInt());
  }

  @Test
  void badEnvelopesAre400ForTheWholeRequest() throws IOException {
    for (String body : List.of(queries(101), "{\"queries\": []}", "{\"queries\": \"q\"}", "{}",
        "{\"queries\": [\"q\"], \"use_cache\": \"yes\"}", "[\"q\"]")) {
      ApiResponse response = post(body, null);
      assertEquals(400, response.status(), body);
      assertEquals("invalid_argument", json(response).getAsJsonObject("error").get("code").getAsString());
    }
    assertEquals(0, model.calls());
  }

  @Test
  void aBodyOverTheLimitIs413() {
    ApiResponse response = post("{\"queries\": [\"" + "x".repeat(MAX_BODY) + "\"]}", null);

    assertEquals(413, response.status());
  }

  @Test
  void ndjsonStreamsOneLinePerItemThenTheSummary() throws IOException {
    ApiResponse response = post("{\"queries\": [\"a\", \"b\", \"\", \"a\"]}", "application/x-ndjson");

    assertEquals(200, response.status());
    assertTrue(response.streamed());
    assertEquals(BatchEndpoint.NDJSON, response.contentType());
    String[] lines = text(response).split("\n");
    assertEquals(5, lines.length);
    Set<Integer> indices = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      indices.add(JsonParser.parseString(lines[i]).getAsJsonObject().get("index").getAsInt());
    }
    assertEquals(Set.of(0, 1, 2, 3), indices);
    JsonObject summary = JsonParser.parseString(lines[4]).getAsJsonObject();
    assertEquals(3, summary.get("succeeded").getAsInt());
    assertEquals(1, summary.get("failed").getAsInt());
    assertEquals(2, model.calls());
  }

  private FairPool pool(int concurrency) {
    FairPool pool = new FairPool("test", BatchService.limits(concurrency, 100, 64));
    pools.add(pool);
    return pool;
  }
}
