package dev.agentfn.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.agentfn.testing.GeminiStub;
import dev.agentfn.testing.InvokerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Isolation under a mixed load: one local gateway under the invoker (Gemini provider on the
 * Gemini-protocol stub, every model call 100 ms, two API keys, instance sized as deployed). Key B
 * sends small {@code POST /chat} and {@code POST /chat/multi-agent} requests one after another,
 * first alone (idle), then while key A floods: streaming {@code /chat} clients that disconnect after
 * the first chunk of a slow stream, deadline-bound calls to a model that does not answer in time
 * ({@code max_output_tokens} 60000), and multi-agent tasks of 16 slow {@code llm} subtasks. Target:
 * B's p95 under the flood within 2× of its idle p95, and no 5xx for B.
 */
final class MixedLoadBenchmark implements Benchmark {
  static final int MODEL_LATENCY_MS = 100;
  private static final String KEY_A = "bench-key-a-0123456789abcdef";
  private static final String KEY_B = "bench-key-b-0123456789abcdef";
  private static final long PHASE_MS = 8_000;
  private static final long FLOOD_RAMP_MS = 2_000;
  private static final int STREAM_CLIENTS = 4;
  private static final int SLOW_CLIENTS = 8;
  private static final int PLAN_CLIENTS = 6;
  private static final int PLAN_SUBTASKS = 16;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger sequence = new AtomicInteger();

  @Override
  public String name() {
    return "mixed-load";
  }

  @Override
  public String description() {
    return "key B's small /chat and /chat/multi-agent p95, idle vs while key A floods (disconnecting streams, "
        + "deadline-bound calls, 16-subtask plans); Gemini stub at " + MODEL_LATENCY_MS + " ms";
  }

  @Override
  public List<Row> run(Settings settings) throws Exception {
    try (GeminiStub stub = script(GeminiStub.start())) {
      Map<String, String> env = new HashMap<>(Settings.instanceEnv());
      env.putAll(Map.of("GEMINI_API_KEY", "x", "GEMINI_BASE_URL", stub.baseUrl(), "API_KEYS", KEY_A + "," + KEY_B,
          "RATE_LIMIT_PER_MINUTE", "0", "REQUEST_TIMEOUT_MS", "3000"));
      try (InvokerProcess gateway = InvokerProcess.start(settings.invokerDir(), settings.localJar(),
          "dev.agentfn.function.local.LocalGateway", env)) {
        URI base = gateway.baseUri();
        Phase warmUp = measure(base, null, PHASE_MS / 2);
        List<Phase> idle = new ArrayList<>();
        List<Phase> loaded = new ArrayList<>();
        Flood flood = new Flood(gateway);
        for (int r = 0; r < settings.repeat(); r++) {
          idle.add(measure(base, null, PHASE_MS));
          loaded.add(measure(base, flood, PHASE_MS));
        }
        return rows(warmUp, idle, loaded, flood);
      }
    }
  }

  /** The stub's answers: 100 ms a call; A's slow calls outlast any deadline; plans for both keys' tasks. */
  private static GeminiStub script(GeminiStub stub) {
    return stub.latency(MODEL_LATENCY_MS)
        .when("flood stream", GeminiStub.chunks("one ", "two ", "three ", "four ", "five ", "six").paced(200))
        .when("flood slow", GeminiStub.chunks("far too ", "late").paced(10_000))
        .when("flood plan", GeminiStub.text(plan("llm", PLAN_SUBTASKS, i -> "prompt", i -> "flood part " + i)))
        .when("flood part", GeminiStub.chunks("a ", "part").paced(300))
        .when("b task", GeminiStub.text(plan("calculate", 2, i -> "expression", i -> i + "*7")));
  }

  private static String plan(String tool, int subtasks, java.util.function.IntFunction<String> arg,
      java.util.function.IntFunction<String> value) {
    JsonArray steps = new JsonArray();
    for (int i = 1; i <= subtasks; i++) {
      JsonObject step = new JsonObject();
      step.addProperty("id", "s" + i);
      step.addProperty("description", "step " + i);
      step.addProperty("tool", tool);
      JsonObject args = new JsonObject();
      args.addProperty(arg.apply(i), value.apply(i));
      step.add("args", args);
      step.add("depends_on", new JsonArray());
      steps.add(step);
    }
    JsonObject plan = new JsonObject();
    plan.add("subtasks", steps);
    return plan.toString();
  }

  /** Key B's latencies and failures over one phase (with {@code flood} running, or idle when null). */
  private Phase measure(URI base, Flood flood, long millis) throws Exception {
    if (flood != null) {
      flood.start();
      Thread.sleep(FLOOD_RAMP_MS); // the flood reaches its steady state before B is measured
    }
    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      Phase phase = new Phase();
      Future<?> chat = clients.submit(() -> loop(end, phase.chat, phase, () -> post(base, "/chat",
          "{\"query\": \"b question " + sequence.incrementAndGet() + "\", \"task_type\": \"simple\"}", KEY_B)));
      Future<?> agents = clients.submit(() -> loop(end, phase.multiAgent, phase, () -> post(base,
          "/chat/multi-agent", "{\"task\": \"b task " + sequence.incrementAndGet() + "\"}", KEY_B)));
      chat.get();
      agents.get();
      return phase;
    } finally {
      clients.shutdownNow();
      if (flood != null) {
        flood.stop();
      }
    }
  }

  private static Void loop(long end, List<Double> latencies, Phase phase, Call call) throws Exception {
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      int status = call.status();
      latencies.add((System.nanoTime() - start) / 1e6);
      if (status >= 500) {
        phase.serverErrors.increment();
      } else if (status != 200) {
        throw new IllegalStateException("key B got " + status);
      }
    }
    return null;
  }

  @FunctionalInterface
  private interface Call {
    int status() throws Exception;
  }

  private int post(URI base, String path, String json, String key) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").header("X-API-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** What key B saw in one phase. */
  private static final class Phase {
    final List<Double> chat = Collections.synchronizedList(new ArrayList<>());
    final List<Double> multiAgent = Collections.synchronizedList(new ArrayList<>());
    final LongAdder serverErrors = new LongAdder();
  }

  /** Key A's flood: its clients loop until stopped, counting what they got. */
  private final class Flood {
    private final InvokerProcess gateway;
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final List<Future<?>> running = new CopyOnWriteArrayList<>();
    private ExecutorService clients;
    private AtomicBoolean stopped;

    Flood(InvokerProcess gateway) {
      this.gateway = gateway;
    }

    void start() {
      stopped = new AtomicBoolean();
      clients = Executors.newFixedThreadPool(STREAM_CLIENTS + SLOW_CLIENTS + PLAN_CLIENTS);
      AtomicBoolean stop = stopped;
      for (int i = 0; i < STREAM_CLIENTS; i++) {
        running.add(clients.submit(() -> repeat(stop, "stream", this::disconnectingStream)));
      }
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        running.add(clients.submit(() -> repeat(stop, "slow", () -> post(gateway.baseUri(), "/chat",
            "{\"query\": \"flood slow " + sequence.incrementAndGet()
                + "\", \"task_type\": \"simple\", \"max_output_tokens\": 60000}", KEY_A))));
      }
      for (int i = 0; i < PLAN_CLIENTS; i++) {
        running.add(clients.submit(() -> repeat(stop, "plan", () -> post(gateway.baseUri(), "/chat/multi-agent",
            "{\"task\": \"flood plan " + sequence.incrementAndGet() + "\", \"max_subtasks\": " + PLAN_SUBTASKS + "}",
            KEY_A))));
      }
    }

    void stop() throws Exception {
      stopped.set(true);
      for (Future<?> client : running) {
        client.get(60, TimeUnit.SECONDS);
      }
      running.clear();
      clients.shutdownNow();
    }

    private Void repeat(AtomicBoolean stop, String kind, Call call) {
      while (!stop.get()) {
        String outcome;
        try {
          outcome = kind + " " + call.status();
        } catch (Exception e) {
          outcome = kind + " " + e.getClass().getSimpleName();
        }
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
      }
      return null;
    }

    /** A streaming {@code /chat} that leaves after its first chunk; 200 when it got one. */
    private int disconnectingStream() throws IOException {
      try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
        socket.setSoTimeout(30_000);
        byte[] body = ("{\"query\": \"flood stream " + sequence.incrementAndGet()
            + "\", \"task_type\": \"simple\", \"stream\": true}").getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + KEY_A
            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.equals("event: delta")) {
            return 200;
          }
        }
        return 0;
      }
    }

    String summary() {
      List<String> parts = new ArrayList<>();
      new java.util.TreeMap<>(outcomes).forEach((outcome, count) -> parts.add(count.sum() + " " + outcome));
      return String.join(", ", parts);
    }
  }

  private List<Row> rows(Phase warmUp, List<Phase> idle, List<Phase> loaded, Flood flood) {
    double idleChat = Measure.median(idle.stream().map(p -> p95(p.chat)).toList());
    double loadedChat = Measure.median(loaded.stream().map(p -> p95(p.chat)).toList());
    double idleAgents = Measure.median(idle.stream().map(p -> p95(p.multiAgent)).toList());
    double loadedAgents = Measure.median(loaded.stream().map(p -> p95(p.multiAgent)).toList());
    long errors = loaded.stream().mapToLong(p -> p.serverErrors.sum()).sum()
        + idle.stream().mapToLong(p -> p.serverErrors.sum()).sum() + warmUp.serverErrors.sum();
    String samples = String.format(Locale.ROOT, "p95 of ~%d requests per phase, median of %d phases",
        loaded.get(0).chat.size(), loaded.size());
    return List.of(
        Row.atMost("mixed load: key B POST /chat p95 while key A floods", Row.ms(loadedChat),
            "idle p95 " + Row.ms(idleChat), loadedChat / idleChat, 2.0, samples),
        Row.atMost("mixed load: key B POST /chat/multi-agent (2 calculate subtasks) p95 while key A floods",
            Row.ms(loadedAgents), "idle p95 " + Row.ms(idleAgents), loadedAgents / idleAgents, 2.0,
            String.format(Locale.ROOT, "p95 of ~%d requests per phase", loaded.get(0).multiAgent.size())),
        Row.atMost("mixed load: key B 5xx responses (all phases)", Long.toString(errors), "0", errors, 0.0,
            "key A's flood got: " + flood.summary()));
  }

  private static double p95(List<Double> latencies) {
    List<Double> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * 0.95) - 1));
  }
}
