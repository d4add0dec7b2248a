package dev.agentfn.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.testing.InvokerProcess;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A cache stampede: 50 concurrent identical cold {@code POST /chat} queries against one instance
 * (the local gateway under the invoker, offline model with 300 ms latency) must cost one model call,
 * counted by {@code GET /stats}. Reports the worst of the runs (target 1).
 */
final class StampedeBenchmark implements Benchmark {
  static final int CLIENTS = 50;
  private int run;

  @Override
  public String name() {
    return "stampede";
  }

  @Override
  public String description() {
    return CLIENTS + " concurrent identical cold POST /chat queries (300 ms model) -> model calls, via GET /stats";
  }

  @Override
  public List<Row> run(Settings settings) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try (InvokerProcess gateway = InvokerProcess.start(settings.invokerDir(), settings.localJar(),
        "dev.agentfn.function.local.LocalGateway", Map.of("MODEL_PROVIDER", "offline", "OFFLINE_LATENCY_MS", "300",
            "RATE_LIMIT_PER_MINUTE", "0"))) {
      int worst = 0;
      for (int r = 0; r < settings.repeat(); r++) {
        worst = Math.max(worst, stampede(gateway.baseUri(), clients));
      }
      return List.of(Row.atMost("stampede: " + CLIENTS + " concurrent identical cold POST /chat -> model calls",
          worst + " call" + (worst == 1 ? "" : "s"), "1 call", worst, 1.0,
          "worst of " + settings.repeat() + " runs, counted by GET /stats"));
    } finally {
      clients.shutdownNow();
    }
  }

  private int stampede(URI base, ExecutorService clients) throws Exception {
    String body = "{\"query\":\"stampede question " + (++run) + "\"}";
    long before = modelCalls(base);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      answers.add(clients.submit(() -> {
        go.await();
        return BenchHttp.post(base.resolve("/chat"), body);
      }));
    }
    go.countDown();
    Set<String> texts = new HashSet<>();
    for (Future<String> answer : answers) {
      texts.add(JsonParser.parseString(answer.get()).getAsJsonObject().get("answer").getAsString());
    }
    if (texts.size() != 1) {
      throw new IllegalStateException("identical queries got different answers: " + texts);
    }
    return (int) (modelCalls(base) - before);
  }

  /** The sum of {@code models.*.calls} in {@code GET /stats}. */
  private static long modelCalls(URI base) throws Exception {
    JsonObject models = JsonParser.parseString(BenchHttp.get(base.resolve("/stats"))).getAsJsonObject()
        .getAsJsonObject("models");
    long calls = 0;
    for (Map.Entry<String, JsonElement> model : models.entrySet()) {
      calls += model.getValue().getAsJsonObject().get("calls").getAsLong();
    }
    return calls;
  }
}
