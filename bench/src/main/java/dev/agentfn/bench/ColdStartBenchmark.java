package dev.agentfn.bench;

import dev.agentfn.testing.GeminiStub;
import dev.agentfn.testing.InvokerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold start of each deployment JAR under the invoker: from launching the JVM to the first answer
 * of its main path (a real request: the Gemini SDK against a local stub, so its client is built),
 * ÷ the baseline function's, interleaved (target ≤ 1.5, health ≤ 1.3); with each JAR's size and the
 * CPU time the JVM used up to that answer (less sensitive to a busy machine than the wall time).
 */
final class ColdStartBenchmark implements Benchmark {
  /** A deployment JAR and its first request. */
  private record Target(String module, String function, String method, String body, int status, double limit) {}

  private static final List<Target> TARGETS = List.of(
      new Target("chat", "dev.agentfn.function.chat.ChatFunction", "POST", "{\"query\":\"hello\"}", 200, 1.5),
      new Target("batch", "dev.agentfn.function.batch.BatchFunction", "POST", "{\"queries\":[\"a\",\"b\"]}", 200,
          1.5),
      new Target("multi-agent", "dev.agentfn.function.multiagent.MultiAgentFunction", "POST", "{\"task\":\"25*4\"}", 200,
          1.5),
      new Target("health", "dev.agentfn.function.health.HealthFunction", "GET", "", 200, 1.3));
  /** Clock ticks per second of /proc/PID/stat's CPU times (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public String name() {
    return "cold-start";
  }

  @Override
  public String description() {
    return "JVM launch to the first answer of each deployment JAR's main path under the invoker, vs the baseline";
  }

  @Override
  public List<Row> run(Settings settings) throws Exception {
    try (GeminiStub stub = GeminiStub.start()) {
      Map<String, String> env = new HashMap<>(Settings.instanceEnv());
      env.put("MODEL_PROVIDER", "gemini");
      env.put("GEMINI_API_KEY", "bench-key");
      env.put("GEMINI_BASE_URL", stub.baseUrl());
      Map<String, Measure.Figure> variants = new LinkedHashMap<>();
      Map<String, List<Double>> cpu = new HashMap<>();
      variants.put("baseline", () -> coldStart(settings, settings.baselineJar(),
          new Target("baseline", "dev.agentfn.bench.baseline.BaselineFunction", "POST", "{}", 200, 1.0), env, cpu));
      for (Target target : TARGETS) {
        variants.put(target.module(), () -> coldStart(settings, settings.deploymentJar(target.module()), target, env,
            cpu));
      }
      Map<String, Double> ms = Measure.interleavedFigures(settings.repeat(), false, variants);
      double baseline = ms.get("baseline");
      double baselineCpu = Measure.median(cpu.get("baseline"));
      List<Row> rows = new ArrayList<>();
      for (Target target : TARGETS) {
        double targetCpu = Measure.median(cpu.get(target.module()));
        rows.add(Row.atMost("cold start: " + target.module() + " JAR to first " + target.status() + " ÷ baseline",
            Row.ms(ms.get(target.module())), "baseline " + Row.ms(baseline), ms.get(target.module()) / baseline,
            target.limit(), target.method() + " / ; JAR " + megabytes(settings.deploymentJar(target.module()))
                + "; CPU " + Row.ms(targetCpu) + " = " + String.format(Locale.ROOT, "%.2f", targetCpu / baselineCpu)
                + "× the baseline's"));
      }
      rows.add(Row.baseline("cold start: baseline function JAR to first 200", Row.ms(baseline), "—", 1.0,
          "JAR " + megabytes(settings.baselineJar()) + "; CPU " + Row.ms(baselineCpu)));
      return rows;
    }
  }

  /**
   * Launches {@code jar} and times launch → the first answer of its main path, in ms; adds the CPU
   * time the JVM had used by then to {@code cpu} under the target's name.
   */
  private double coldStart(Settings settings, Path jar, Target target, Map<String, String> env,
      Map<String, List<Double>> cpu) throws Exception {
    try (InvokerProcess invoker = InvokerProcess.start(settings.invokerDir(), jar, target.function(), env)) {
      URI root = invoker.baseUri().resolve("/");
      HttpRequest.Builder request = HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json")
          .method(target.method(), target.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(target.body()));
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      double elapsed = (System.nanoTime() - invoker.startNanos()) / 1e6;
      cpu.computeIfAbsent(target.module(), k -> new ArrayList<>()).add(cpuMillis(invoker.pid()));
      if (response.statusCode() != target.status()) {
        throw new IllegalStateException(target.module() + " answered " + response.statusCode() + ": "
            + response.body());
      }
      return elapsed;
    }
  }

  /** User + system CPU time of a process so far, in ms, from /proc/PID/stat (Linux). */
  private static double cpuMillis(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After the command: state is field 3, utime field 14, stime field 15 (1-based, man 5 proc).
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / TICKS_PER_SECOND;
  }

  private static String megabytes(Path jar) throws java.io.IOException {
    return String.format(Locale.ROOT, "%.1f MB", Files.size(jar) / 1e6);
  }
}
