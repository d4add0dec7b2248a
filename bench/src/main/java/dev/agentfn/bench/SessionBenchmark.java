package dev.agentfn.bench;

import dev.agentfn.testing.FirestoreEmulator;
import dev.agentfn.testing.InvokerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a conversation turn costs over a plain {@code POST /chat}: the local gateway under the invoker
 * with the offline model (no latency, so that the overhead shows), once with sessions in memory and
 * once on the Firestore emulator. Each variant sends {@value #TURNS} requests one after another
 * (a session's turns build one conversation, so reading, fitting and folding its history are
 * included) and reports the mean per request; baseline: plain {@code /chat} with
 * {@code use_cache: false} (a model call each time) on the same instance. On the emulator, also a
 * plain cache miss with L2 (a read and a background write per request): the path a turn would take
 * if history were hashed into the cache key instead of bypassing the cache.
 */
final class SessionBenchmark implements Benchmark {
  static final int TURNS = 40;

  private final AtomicInteger round = new AtomicInteger();

  @Override
  public String name() {
    return "sessions";
  }

  @Override
  public String description() {
    return "a session turn's overhead vs a plain POST /chat (offline model), sessions in memory and on the "
        + "Firestore emulator, " + TURNS + " sequential requests per run";
  }

  @Override
  public List<Row> run(Settings settings) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<String, String> env = new HashMap<>(Settings.instanceEnv());
    env.putAll(Map.of("MODEL_PROVIDER", "offline", "RATE_LIMIT_PER_MINUTE", "0"));
    try (FirestoreEmulator emulator = FirestoreEmulator.start();
        InvokerProcess memory = InvokerProcess.start(settings.invokerDir(), settings.localJar(),
            "dev.agentfn.function.local.LocalGateway", env);
        InvokerProcess firestore = InvokerProcess.start(settings.invokerDir(), settings.localJar(),
            "dev.agentfn.function.local.LocalGateway", withEmulator(env, emulator))) {
      Map<String, Measure.Figure> variants = new LinkedHashMap<>();
      variants.put("memory plain", () -> perRequest(http, memory.baseUri(), Kind.PLAIN));
      variants.put("memory session", () -> perRequest(http, memory.baseUri(), Kind.SESSION));
      variants.put("emulator plain", () -> perRequest(http, firestore.baseUri(), Kind.PLAIN));
      variants.put("emulator session", () -> perRequest(http, firestore.baseUri(), Kind.SESSION));
      variants.put("emulator cache miss", () -> perRequest(http, firestore.baseUri(), Kind.CACHE_MISS));
      Map<String, Double> ms = Measure.interleavedFigures(settings.repeat(), true, variants);
      String note = "mean of " + TURNS + " sequential requests, median of " + settings.repeat() + " runs";
      return List.of(
          row("session turn, in memory", ms.get("memory session"), ms.get("memory plain"), note),
          row("session turn, Firestore emulator", ms.get("emulator session"), ms.get("emulator plain"),
              note + "; one query of the newest turns and one create() per turn"),
          row("cache miss with L2, Firestore emulator", ms.get("emulator cache miss"), ms.get("emulator plain"),
              note + "; what keying turns by a context hash would add to each turn"));
    }
  }

  private static Row row(String name, double figure, double plain, String note) {
    return Row.baseline(name, String.format(Locale.ROOT, "%.2f ms", figure),
        String.format(Locale.ROOT, "plain /chat %.2f ms (+%.2f ms)", plain, figure - plain),
        figure / plain, note);
  }

  private static Map<String, String> withEmulator(Map<String, String> env, FirestoreEmulator emulator) {
    Map<String, String> out = new HashMap<>(env);
    out.put("FIRESTORE_EMULATOR_HOST", emulator.host());
    out.put("GOOGLE_CLOUD_PROJECT", "demo-bench-sessions");
    return out;
  }

  private enum Kind { PLAIN, SESSION, CACHE_MISS }

  /** Mean ms per request of {@value #TURNS} sequential requests of one kind (a session's turns build one conversation). */
  private double perRequest(HttpClient http, URI base, Kind kind) throws Exception {
    int run = round.incrementAndGet();
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < TURNS; i++) {
      String query = "question " + i + " of run " + run + ": what should I see in Beijing in December?";
      bodies.add(switch (kind) {
        case PLAIN -> "{\"query\": \"" + query + "\", \"use_cache\": false}";
        case SESSION -> "{\"query\": \"" + query + "\", \"session_id\": \"bench-" + run + "\"}";
        case CACHE_MISS -> "{\"query\": \"" + query + "\"}";
      });
    }
    long start = System.nanoTime();
    for (String body : bodies) {
      BenchHttp.post(http, base.resolve("/chat"), body, 200);
    }
    return (System.nanoTime() - start) / 1e6 / TURNS;
  }
}
