package dev.agentfn.bench;

import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import dev.agentfn.testing.GeminiStub;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * How to run a batch's model calls: the synchronous google-genai SDK on a bounded executor (what
 * the synchronous {@code ModelClient} port allows) or the SDK's async API with a permit per call.
 * 48 calls at 16 at once against a Gemini-protocol stub with 300 ms latency, in-process; reports
 * wall ÷ ideal of each style. The stub is the shared test fixture {@link GeminiStub}.
 */
final class ModelCallStyleBenchmark implements Benchmark {
  private static final int CALLS = BatchBenchmark.ITEMS;
  private static final int CONCURRENCY = BatchBenchmark.CONCURRENCY;
  private static final int LATENCY_MS = BatchBenchmark.LATENCY_MS;
  private static final String MODEL = "gemini-3.1-flash-lite";

  @Override
  public String name() {
    return "model-call-style";
  }

  @Override
  public String description() {
    return CALLS + " google-genai calls x " + LATENCY_MS + " ms stub latency at " + CONCURRENCY
        + " at once: bounded executor over the sync API vs the async API";
  }

  @Override
  public List<Row> run(Settings settings) throws Exception {
    double ideal = BatchBenchmark.IDEAL_MS;
    ExecutorService executor = Executors.newFixedThreadPool(CONCURRENCY);
    try (GeminiStub stub = GeminiStub.start().latency(LATENCY_MS).otherwise(GeminiStub.text("hi"));
        Client tuned = client(stub, true);
        Client defaults = client(stub, false)) {
      Map<String, Measure.Variant> variants = new LinkedHashMap<>();
      variants.put("executor", () -> onExecutor(tuned, executor));
      variants.put("async", () -> async(tuned));
      variants.put("async-default", () -> async(defaults));
      Map<String, Double> wall = Measure.interleavedMedians(settings.repeat(), variants);
      String reference = "ideal " + Row.ms(ideal);
      return List.of(
          Row.baseline("model calls: sync SDK on a 16-thread bounded executor", Row.ms(wall.get("executor")),
              reference, wall.get("executor") / ideal, "one parked thread per call in flight"),
          Row.baseline("model calls: async SDK, 16 permits, maxConnectionsPerHost 64",
              Row.ms(wall.get("async")), reference, wall.get("async") / ideal,
              "no thread per call"),
          Row.baseline("model calls: async SDK, default client options", Row.ms(wall.get("async-default")),
              reference, wall.get("async-default") / ideal,
              "SDK default: 5 connections per host"));
    } finally {
      executor.shutdownNow();
    }
  }

  /** The production settings (one retry loop of our own, a timeout, enough connections) or the SDK's defaults. */
  private static Client client(GeminiStub stub, boolean tuned) {
    HttpOptions.Builder http = HttpOptions.builder().baseUrl(stub.baseUrl());
    Client.Builder builder = Client.builder().apiKey("bench-key");
    if (tuned) {
      http.timeout(30_000).retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build());
      builder.clientOptions(ClientOptions.builder().maxConnections(64).maxConnectionsPerHost(64).build());
    }
    return builder.httpOptions(http.build()).build();
  }

  private void onExecutor(Client client, ExecutorService executor) throws Exception {
    List<Future<GenerateContentResponse>> calls = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      String prompt = "question " + i;
      calls.add(executor.submit(() -> client.models.generateContent(MODEL, prompt, null)));
    }
    for (Future<GenerateContentResponse> call : calls) {
      check(call.get());
    }
  }

  private void async(Client client) throws Exception {
    Semaphore permits = new Semaphore(CONCURRENCY);
    List<CompletableFuture<GenerateContentResponse>> calls = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      permits.acquire();
      calls.add(client.async.models.generateContent(MODEL, "question " + i, null)
          .whenComplete((reply, error) -> permits.release()));
    }
    for (CompletableFuture<GenerateContentResponse> call : calls) {
      check(call.get());
    }
  }

  private static void check(GenerateContentResponse reply) {
    if (!"hi".equals(reply.text())) {
      throw new IllegalStateException("unexpected reply " + reply.text());
    }
  }
}
