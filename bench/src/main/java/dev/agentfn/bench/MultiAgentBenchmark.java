package dev.agentfn.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.agent.MultiAgentResult;
import dev.agentfn.agent.SubtaskReport;
import dev.agentfn.agent.TaskRunner;
import dev.agentfn.api.CallContext;
import dev.agentfn.config.Config;
import dev.agentfn.runtime.AgentRuntime;
import dev.agentfn.testing.InvokerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The multi-agent executor with three independent subtasks of 300 ms each (the offline model with
 * {@code OFFLINE_LATENCY_MS=300} behind three {@code llm} subtasks): the executor phase ÷ the slowest
 * subtask (target ≤ 1.2), measured in-process from the runner's progress events (plan ready → last
 * subtask settled) and over HTTP under the invoker (the task's whole {@code latency_ms}); baseline:
 * the same subtasks one after another (the sum of their latencies).
 */
final class MultiAgentBenchmark implements Benchmark {
  static final int LATENCY_MS = 300;
  private static final int SUBTASKS = 3;

  private final AtomicInteger runs = new AtomicInteger();

  @Override
  public String name() {
    return "multi-agent";
  }

  @Override
  public String description() {
    return SUBTASKS + " independent subtasks x " + LATENCY_MS + " ms: executor phase vs the slowest subtask, "
        + "in-process and POST /chat/multi-agent over HTTP under the invoker";
  }

  @Override
  public List<Row> run(Settings settings) throws Exception {
    Map<String, String> env = Map.of("MODEL_PROVIDER", "offline", "OFFLINE_LATENCY_MS", Integer.toString(LATENCY_MS),
        "RATE_LIMIT_PER_MINUTE", "0");
    TaskRunner runner = new AgentRuntime(Config.fromEnv(env), Clock.systemUTC()).taskRunner();
    List<Sample> inProcess = new ArrayList<>();
    List<Sample> overHttp = new ArrayList<>();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (InvokerProcess invoker = InvokerProcess.start(settings.invokerDir(), settings.localJar(),
        "dev.agentfn.function.local.LocalGateway", env)) {
      inProcess(runner);
      overHttp(http, invoker.baseUri());
      for (int r = 0; r < settings.repeat(); r++) {
        inProcess.add(inProcess(runner));
        overHttp.add(overHttp(http, invoker.baseUri()));
      }
    }
    Sample local = median(inProcess);
    Sample remote = median(overHttp);
    String reference = "slowest subtask " + Row.ms(local.slowestMs());
    return List.of(
        Row.atMost("multi-agent: executor phase, 3 independent x 300 ms (in-process)", Row.ms(local.phaseMs()),
            reference, local.phaseMs() / local.slowestMs(), 1.2, "plan ready → last subtask settled"),
        Row.atMost("multi-agent: POST /chat/multi-agent latency_ms (HTTP, invoker)", Row.ms(remote.phaseMs()),
            "slowest subtask " + Row.ms(remote.slowestMs()), remote.phaseMs() / remote.slowestMs(), 1.2,
            "whole task: planner + executor + synthesis"),
        Row.baseline("multi-agent baseline: the 3 subtasks one after another", Row.ms(local.sumMs()), reference,
            local.sumMs() / local.slowestMs(), "sum of the subtasks' latencies"));
  }

  /** One run: the executor phase, the slowest subtask, and the sum of the subtasks' latencies, in ms. */
  private record Sample(double phaseMs, double slowestMs, double sumMs) {}

  private String task() {
    int run = runs.incrementAndGet();
    return "Explain topic alpha, run " + run + ", then explain topic beta, run " + run
        + ", then explain topic gamma, run " + run;
  }

  private Sample inProcess(TaskRunner runner) {
    AtomicLong planned = new AtomicLong();
    AtomicLong lastSettled = new AtomicLong();
    MultiAgentResult result = runner.run("bench", task(), 8,
        new CallContext("bench", "bench", Instant.now().plusSeconds(60)), new TaskRunner.Progress() {
          @Override
          public void planned(String planner, List<SubtaskReport> subtasks) {
            planned.set(System.nanoTime());
          }

          @Override
          public void subtask(SubtaskReport report) {
            if (!"running".equals(report.status())) {
              lastSettled.accumulateAndGet(System.nanoTime(), Math::max);
            }
          }
        });
    check(result.subtasksCount(), result.status());
    List<Long> latencies = result.subtasks().stream().map(SubtaskReport::latencyMs).toList();
    return new Sample((lastSettled.get() - planned.get()) / 1e6, max(latencies), sum(latencies));
  }

  private Sample overHttp(HttpClient http, URI base) throws Exception {
    JsonObject body = new JsonObject();
    body.addProperty("task", task());
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/chat/multi-agent"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("multi-agent answered " + response.statusCode() + ": " + response.body());
    }
    JsonObject result = JsonParser.parseString(response.body()).getAsJsonObject();
    check(result.get("subtasks_count").getAsInt(), result.get("status").getAsString());
    List<Long> latencies = new ArrayList<>();
    for (JsonElement subtask : result.getAsJsonArray("subtasks")) {
      latencies.add(subtask.getAsJsonObject().get("latency_ms").getAsLong());
    }
    return new Sample(result.get("latency_ms").getAsDouble(), max(latencies), sum(latencies));
  }

  private static void check(int subtasks, String status) {
    if (subtasks != SUBTASKS || !"completed".equals(status)) {
      throw new IllegalStateException("expected " + SUBTASKS + " completed subtasks, got " + subtasks + ", " + status);
    }
  }

  private static Sample median(List<Sample> samples) {
    return new Sample(Measure.median(samples.stream().map(Sample::phaseMs).toList()),
        Measure.median(samples.stream().map(Sample::slowestMs).toList()),
        Measure.median(samples.stream().map(Sample::sumMs).toList()));
  }

  private static double max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  private static double sum(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).sum();
  }
}
