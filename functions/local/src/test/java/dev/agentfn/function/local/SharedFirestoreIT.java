package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.Firestore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.agentfn.testing.FirestoreEmulator;
import dev.agentfn.testing.GeminiStub;
import dev.agentfn.testing.InvokerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two local gateway processes under the real invoker ("two function instances") on the Gemini
 * provider (the stub), and a third on the offline provider, pointed at one Firestore emulator: the L2
 * cache and the usage stats are shared, offline placeholders never reach L2, and the emulator's
 * death degrades them without failing requests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedFirestoreIT {
  private static final String PROJECT = "demo-shared-firestore";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static FirestoreEmulator emulator;
  private static GeminiStub stub;
  private static InvokerProcess first;
  private static InvokerProcess second;
  private static InvokerProcess offline;

  @BeforeAll
  static void start() throws Exception {
    emulator = FirestoreEmulator.start();
    stub = GeminiStub.start().latency(300);
    Map<String, String> shared = Map.of(
        "FIRESTORE_EMULATOR_HOST", emulator.host(),
        "GOOGLE_CLOUD_PROJECT", PROJECT,
        "STATS_FLUSH_SECONDS", "1",
        "RATE_LIMIT_PER_MINUTE", "0",
        // A busy machine (parallel builds) must not turn an L2 read into a miss.
        "CACHE_L2_TIMEOUT_MS", "2000");
    Map<String, String> gemini = new HashMap<>(shared);
    gemini.putAll(Map.of("GEMINI_API_KEY", "x", "GEMINI_BASE_URL", stub.baseUrl()));
    Map<String, String> placeholders = new HashMap<>(shared);
    placeholders.put("MODEL_PROVIDER", "offline");
    first = gateway(gemini);
    second = gateway(gemini);
    offline = gateway(placeholders);
  }

  private static InvokerProcess gateway(Map<String, String> env) throws Exception {
    return InvokerProcess.start(Path.of("target/invoker"), Path.of("target/deployment/agentfn-local.jar"),
        LocalGateway.class.getName(), env);
  }

  @AfterAll
  static void stop() throws Exception {
    for (InvokerProcess process : new InvokerProcess[] {first, second, offline}) {
      if (process != null) {
        process.close();
      }
    }
    if (stub != null) {
      stub.close();
    }
    emulator.close();
  }

  @Test
  @Order(1)
  void answerOfTheFirstInstanceIsServedFromL2ByTheSecondAndStatsAreGlobal() throws Exception {
    String query = "{\"query\": \"What is a two-level cache?\"}";
    for (InvokerProcess instance : new InvokerProcess[] {first, second}) {
      // /health reads Firestore once: the connection is up before the first request needs it.
      assertEquals("ok", get(instance, "/health").get("status").getAsString());
    }
    List<CompletableFuture<HttpResponse<String>>> stampede = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      stampede.add(HTTP.sendAsync(post(first, "/chat", query), HttpResponse.BodyHandlers.ofString()));
    }
    int computed = 0;
    for (CompletableFuture<HttpResponse<String>> response : stampede) {
      JsonObject body = ok(response.get(60, TimeUnit.SECONDS));
      computed += body.get("cached").getAsBoolean() ? 0 : 1;
    }
    assertEquals(1, computed, "50 concurrent identical cold queries cost one model call");
    awaitCachedDocuments(1);

    JsonObject fromSecond = ok(HTTP.send(post(second, "/chat", query), HttpResponse.BodyHandlers.ofString()));

    assertEquals("l2", fromSecond.get("cache_level").getAsString(), fromSecond.toString());
    assertTrue(fromSecond.get("cached").getAsBoolean());
    assertEquals(0.0, fromSecond.get("cost_usd").getAsDouble());
    JsonObject l2 = get(second, "/cache/stats").getAsJsonObject("l2");
    assertTrue(l2.get("enabled").getAsBoolean());
    assertEquals(1, l2.get("hits").getAsLong());

    // Both instances flush every second; /stats on either one sums them.
    JsonObject stats = awaitGlobalChatRequests(second, 51);
    assertEquals("global", stats.get("scope").getAsString());
    assertEquals(1, stub.generateCalls(), "no second model call anywhere");
    long calls = 0;
    for (String model : stats.getAsJsonObject("models").keySet()) {
      calls += stats.getAsJsonObject("models").getAsJsonObject(model).get("calls").getAsLong();
    }
    assertEquals(1, calls, stats.toString());
    JsonObject cache = stats.getAsJsonObject("cache");
    assertEquals(1, cache.get("miss").getAsLong());
    assertEquals(49, cache.get("l1").getAsLong());
    assertEquals(1, cache.get("l2").getAsLong());
  }

  @Test
  @Order(2)
  void anOfflinePlaceholderNeverReachesL2NorAGeminiInstance() throws Exception {
    String query = "{\"query\": \"Which provider answers this?\"}";
    JsonObject placeholder = ok(HTTP.send(post(offline, "/chat", query), HttpResponse.BodyHandlers.ofString()));
    assertTrue(placeholder.get("answer").getAsString().startsWith("[offline]"), placeholder.toString());
    assertFalse(get(offline, "/cache/stats").getAsJsonObject("l2").get("enabled").getAsBoolean());

    JsonObject real = ok(HTTP.send(post(second, "/chat", query), HttpResponse.BodyHandlers.ofString()));

    assertEquals("stub answer", real.get("answer").getAsString(), real.toString());
    assertTrue(real.get("cache_level").isJsonNull(), real.toString());
    awaitCachedDocuments(2);
    for (QueryDocumentSnapshot doc : emulator.client(PROJECT).collection("agent_cache").get().get(10, TimeUnit.SECONDS)) {
      assertNotEquals("offline", doc.getString("model"), "an offline answer in L2: " + doc.getData());
    }
    JsonObject again = ok(HTTP.send(post(offline, "/chat", query), HttpResponse.BodyHandlers.ofString()));
    assertEquals("l1", again.get("cache_level").getAsString());
    assertEquals(placeholder.get("answer"), again.get("answer"), "the offline instance keeps its own placeholder");
  }

  @Test
  @Order(3)
  void withTheEmulatorKilledChatStillAnswersAndHealthSaysDegraded() throws Exception {
    assertEquals("ok", get(second, "/health").get("status").getAsString());
    emulator.kill();
    try {
      for (int i = 0; i < 5; i++) {
        ok(HTTP.send(post(second, "/chat", "{\"query\": \"asked while Firestore is down " + i + "\"}"),
            HttpResponse.BodyHandlers.ofString()));
      }

      JsonObject health = get(second, "/health");

      assertEquals("degraded", health.get("status").getAsString(), health.toString());
      assertTrue(health.getAsJsonObject("checks").get("cache_l2").getAsString().startsWith("unavailable: "),
          health.toString());
      assertTrue(get(second, "/cache/stats").getAsJsonObject("l2").get("errors").getAsLong() > 0);
    } finally {
      emulator.restart();
    }
  }

  private static HttpRequest post(InvokerProcess process, String path, String json) {
    return HttpRequest.newBuilder(process.baseUri().resolve(path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  private static JsonObject get(InvokerProcess process, String path) throws Exception {
    return ok(HTTP.send(HttpRequest.newBuilder(process.baseUri().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  private static JsonObject ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  /** Waits for the first instance's background L2 write to land. */
  private static void awaitCachedDocuments(int count) throws Exception {
    Firestore client = emulator.client(PROJECT);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (client.collection("agent_cache").get().get(10, TimeUnit.SECONDS).size() < count) {
      assertTrue(System.nanoTime() < deadline, "the answer never reached L2");
      Thread.sleep(50);
    }
  }

  /** Polls {@code /stats} until both instances' flushes show {@code count} successful chat requests. */
  private static JsonObject awaitGlobalChatRequests(InvokerProcess process, long count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      JsonObject stats = get(process, "/stats");
      JsonObject chat = stats.getAsJsonObject("requests").getAsJsonObject("chat");
      if (chat != null && chat.has("2xx") && chat.get("2xx").getAsLong() >= count) {
        assertEquals(count, chat.get("2xx").getAsLong(), stats.toString());
        return stats;
      }
      assertTrue(System.nanoTime() < deadline, "stats never summed both instances: " + stats);
      Thread.sleep(200);
    }
  }
}
