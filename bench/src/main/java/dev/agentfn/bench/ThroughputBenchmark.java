package dev.agentfn.bench;

import com.google.gson.JsonParser;
import dev.agentfn.testing.InvokerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cache-hit {@code POST /chat} throughput of the chat deployment JAR ÷ the baseline function's, both
 * under the same invoker and loaded by {@code wrk} in interleaved rounds (target ≥ 0.9); cache-hit
 * {@code POST /v1/chat/completions} (the same question as an OpenAI conversation) on the same
 * instance ÷ {@code POST /chat} (target ≥ 0.9); and the chat instance's peak RSS after that load
 * ({@code VmHWM}; target < 384 MiB).
 */
final class ThroughputBenchmark implements Benchmark {
  static final double RSS_LIMIT_MIB = 384;
  private static final String QUERY = "{\"query\":\"what is a cache hit?\"}";
  /** A short conversation, as an OpenAI client sends it: system text, one earlier exchange, the question. */
  private static final String COMPLETION = "{\"model\":\"auto\",\"messages\":["
      + "{\"role\":\"system\",\"content\":\"Answer in one sentence.\"},"
      + "{\"role\":\"user\",\"content\":\"what is a cache?\"},"
      + "{\"role\":\"assistant\",\"content\":\"A store of answers kept for reuse.\"},"
      + "{\"role\":\"user\",\"content\":\"what is a cache hit?\"}]}";
  private final Wrk wrk = new Wrk(2, 32, 5);
  /** Load before measuring: the JIT needs far longer for our path than for the baseline's. */
  private final Wrk warmUp = new Wrk(2, 32, 20);

  @Override
  public String name() {
    return "chat-throughput";
  }

  @Override
  public String description() {
    return "cache-hit POST /chat (chat JAR) vs the baseline function under the same invoker, and cache-hit "
        + "POST /v1/chat/completions vs POST /chat on that instance, " + wrk.describe()
        + "; then the chat instance's peak RSS";
  }

  @Override
  public List<Row> run(Settings settings) throws Exception {
    Map<String, String> env = new HashMap<>(Settings.instanceEnv());
    env.put("MODEL_PROVIDER", "offline");
    env.put("RATE_LIMIT_PER_MINUTE", "0");
    try (InvokerProcess baseline = InvokerProcess.start(settings.invokerDir(), settings.baselineJar(),
            "dev.agentfn.bench.baseline.BaselineFunction", Settings.instanceEnv());
        InvokerProcess bodyBaseline = InvokerProcess.start(settings.invokerDir(), settings.baselineJar(),
            "dev.agentfn.bench.baseline.BodyBaselineFunction", Settings.instanceEnv());
        InvokerProcess chat = InvokerProcess.start(settings.invokerDir(), settings.deploymentJar("chat"),
            "dev.agentfn.function.chat.ChatFunction", env)) {
      BenchHttp.post(chat.baseUri().resolve("/chat"), QUERY);
      String hit = BenchHttp.post(chat.baseUri().resolve("/chat"), QUERY);
      if (!JsonParser.parseString(hit).getAsJsonObject().get("cached").getAsBoolean()) {
        throw new IllegalStateException("the second identical query was not a cache hit: " + hit);
      }
      BenchHttp.post(chat.baseUri().resolve("/v1/chat/completions"), COMPLETION);
      String completionHit = BenchHttp.post(chat.baseUri().resolve("/v1/chat/completions"), COMPLETION);
      if (!JsonParser.parseString(completionHit).getAsJsonObject().getAsJsonObject("agentfn").get("cached")
          .getAsBoolean()) {
        throw new IllegalStateException("the second identical conversation was not a cache hit: " + completionHit);
      }
      Map<String, Measure.Figure> variants = new LinkedHashMap<>();
      variants.put("baseline", () -> wrk.postRate(baseline.baseUri().resolve("/"), QUERY));
      variants.put("body", () -> wrk.postRate(bodyBaseline.baseUri().resolve("/"), QUERY));
      variants.put("chat", () -> wrk.postRate(chat.baseUri().resolve("/chat"), QUERY));
      variants.put("openai", () -> wrk.postRate(chat.baseUri().resolve("/v1/chat/completions"), COMPLETION));
      warmUp.postRate(baseline.baseUri().resolve("/"), QUERY);
      warmUp.postRate(bodyBaseline.baseUri().resolve("/"), QUERY);
      warmUp.postRate(chat.baseUri().resolve("/chat"), QUERY);
      warmUp.postRate(chat.baseUri().resolve("/v1/chat/completions"), COMPLETION);
      Map<String, Double> rate = Measure.interleavedFigures(settings.repeat(), false, variants);
      double chatPeak = peakRssMiB(chat.pid());
      double baselinePeak = peakRssMiB(baseline.pid());
      return List.of(
          Row.atLeast("throughput: cache-hit POST /chat (chat JAR) ÷ baseline function", perSecond(rate.get("chat")),
              "baseline " + perSecond(rate.get("baseline")), rate.get("chat") / rate.get("baseline"), 0.9,
              wrk.describe() + " after " + warmUp.describe() + " each, same invoker, interleaved"),
          Row.atLeast("throughput: cache-hit POST /v1/chat/completions ÷ POST /chat (same chat instance)",
              perSecond(rate.get("openai")), "/chat " + perSecond(rate.get("chat")),
              rate.get("openai") / rate.get("chat"), 0.9,
              "a 4-message conversation (system, user, assistant, user) against one query"),
          Row.baseline("throughput baseline: a function doing only a cache hit's HTTP work ÷ baseline",
              perSecond(rate.get("body")), "baseline " + perSecond(rate.get("baseline")),
              rate.get("body") / rate.get("baseline"), "reads the body, writes a same-size JSON answer"),
          Row.atMost("peak RSS of the chat instance after the load (VmHWM)", mib(chatPeak),
              "limit " + mib(RSS_LIMIT_MIB), chatPeak / RSS_LIMIT_MIB, 1.0,
              "baseline function " + mib(baselinePeak) + "; JVM sized for 1 GiB (-XX:MaxRAM=1g)"));
    }
  }

  /** The process's peak resident set ({@code VmHWM} in {@code /proc/PID/status}), in MiB. */
  static double peakRssMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IllegalStateException("no VmHWM for process " + pid);
  }

  private static String perSecond(double rate) {
    return String.format(Locale.ROOT, "%.0f req/s", rate);
  }

  static String mib(double mib) {
    return String.format(Locale.ROOT, "%.0f MiB", mib);
  }
}
