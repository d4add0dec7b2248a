package dev.agentfn.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.testing.InvokerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /chat/batch} with 48 distinct queries against a model with 300 ms latency at batch
 * concurrency 16, over real HTTP under the official invoker (the local gateway with the offline
 * provider and {@code OFFLINE_LATENCY_MS=300}). Reports wall ÷ ideal, ideal = ceil(48/16) × 300 ms
 * (target ≤ 1.1), and as baselines from the same invoker in the same run: the same 48 queries as
 * {@code POST /chat} from 16 client threads, and one after another.
 */
final class BatchBenchmark implements Benchmark {
  static final int ITEMS = 48;
  static final int CONCURRENCY = 16;
  static final int LATENCY_MS = 300;
  /** The physical limit: ceil(48 / 16) rounds of 300 ms. */
  static final double IDEAL_MS = Math.ceil((double) ITEMS / CONCURRENCY) * LATENCY_MS;

  private final AtomicInteger runs = new AtomicInteger();

  @Override
  public String name() {
    return "batch";
  }

  @Override
  public String description() {
    return ITEMS + " distinct queries x " + LATENCY_MS + " ms model latency at concurrency " + CONCURRENCY
        + ", POST /chat/batch over HTTP under the invoker";
  }

  @Override
  public List<Row> run(Settings settings) throws Exception {
    double ideal = IDEAL_MS;
    ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (InvokerProcess invoker = InvokerProcess.start(settings.invokerDir(), settings.localJar(),
        "dev.agentfn.function.local.LocalGateway", Map.of(
            "MODEL_PROVIDER", "offline",
            "OFFLINE_LATENCY_MS", Integer.toString(LATENCY_MS),
            "BATCH_CONCURRENCY", Integer.toString(CONCURRENCY),
            "RATE_LIMIT_PER_MINUTE", "0",
            "REQUEST_TIMEOUT_MS", "60000"))) {
      URI base = invoker.baseUri();
      Map<String, Measure.Variant> variants = new LinkedHashMap<>();
      variants.put("batch", () -> batch(http, base));
      variants.put("parallel", () -> chats(http, base, clients));
      variants.put("sequential", () -> chats(http, base, null));
      Map<String, Double> wall = Measure.interleavedMedians(settings.repeat(), variants);
      String reference = "ideal " + Row.ms(ideal);
      return List.of(
          Row.atMost("batch: POST /chat/batch, 48 x 300 ms, c=16 (HTTP, invoker)", Row.ms(wall.get("batch")),
              reference, wall.get("batch") / ideal, 1.1, "one request"),
          Row.baseline("batch baseline: 48 x POST /chat from 16 client threads", Row.ms(wall.get("parallel")),
              reference, wall.get("parallel") / ideal, "48 requests"),
          Row.baseline("batch baseline: 48 x POST /chat one after another", Row.ms(wall.get("sequential")),
              reference, wall.get("sequential") / ideal, "48 requests"));
    } finally {
      clients.shutdownNow();
    }
  }

  /** Distinct queries per run, so that no run is served by an earlier one's cache. */
  private List<String> queries() {
    int run = runs.incrementAndGet();
    List<String> queries = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      queries.add("benchmark run " + run + " question " + i);
    }
    return queries;
  }

  private void batch(HttpClient http, URI base) throws Exception {
    JsonObject body = new JsonObject();
    JsonArray items = new JsonArray();
    queries().forEach(items::add);
    body.add("queries", items);
    body.addProperty("use_cache", false);
    JsonObject response = JsonParser.parseString(BenchHttp.post(http, base.resolve("/chat/batch"), body.toString(), 200))
        .getAsJsonObject();
    if (response.get("succeeded").getAsInt() != ITEMS) {
      throw new IllegalStateException("batch did not answer every item: " + response);
    }
  }

  private void chats(HttpClient http, URI base, ExecutorService parallel) throws Exception {
    List<Future<String>> pending = new ArrayList<>();
    for (String query : queries()) {
      JsonObject body = new JsonObject();
      body.addProperty("query", query);
      body.addProperty("use_cache", false);
      if (parallel == null) {
        BenchHttp.post(http, base.resolve("/chat"), body.toString(), 200);
      } else {
        pending.add(parallel.submit(() -> BenchHttp.post(http, base.resolve("/chat"), body.toString(), 200)));
      }
    }
    for (Future<String> response : pending) {
      response.get();
    }
  }
}
