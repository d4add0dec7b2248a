package dev.agentfn.stats;

import dev.agentfn.model.Usage;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Usage counters of this instance: requests by function and status class, model calls, tokens and
 * cost by model, cache hits by level. Lock-free; safe under any concurrency.
 */
public final class UsageStats implements StatsSource {
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, ModelCounters> models = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> cache = new ConcurrentHashMap<>();

  /** Counts one finished request of {@code function} with HTTP {@code status}. */
  public void recordRequest(String function, int status) {
    requests.computeIfAbsent(function + "|" + (status / 100) + "xx", k -> new LongAdder()).increment();
  }

  /** Counts one model call and what it used. */
  public void recordModelCall(String model, Usage usage, double costUsd) {
    ModelCounters counters = models.computeIfAbsent(model, k -> new ModelCounters());
    counters.calls.increment();
    counters.inputTokens.add(usage.inputTokens());
    counters.outputTokens.add(usage.outputTokens());
    counters.costUsd.add(costUsd);
  }

  /** Counts one cache outcome: {@code l1}, {@code l2} or {@code miss}. */
  public void recordCache(String outcome) {
    cache.computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  /** A point-in-time copy for {@code GET /stats} (instance scope). */
  public Snapshot snapshot() {
    Map<String, Map<String, Long>> byFunction = new TreeMap<>();
    requests.forEach((key, adder) -> {
      String[] parts = key.split("\\|", 2);
      byFunction.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(parts[1], adder.sum());
    });
    Map<String, ModelFigures> byModel = new TreeMap<>();
    models.forEach((model, c) -> byModel.put(model, new ModelFigures(c.calls.sum(), c.inputTokens.sum(),
        c.outputTokens.sum(), c.inputTokens.sum() + c.outputTokens.sum(), c.costUsd.sum())));
    Map<String, Long> cacheFigures = new TreeMap<>();
    cache.forEach((k, v) -> cacheFigures.put(k, v.sum()));
    return new Snapshot(byFunction, byModel, cacheFigures);
  }

  /** This instance's figures. */
  @Override
  public Report report() {
    return new Report("instance", snapshot());
  }

  /** Figures of one model. */
  public record ModelFigures(long calls, long inputTokens, long outputTokens, long totalTokens, double costUsd) {}

  /** All counters at one moment. */
  public record Snapshot(
      Map<String, Map<String, Long>> requests,
      Map<String, ModelFigures> models,
      Map<String, Long> cache) {}

  private static final class ModelCounters {
    final LongAdder calls = new LongAdder();
    final LongAdder inputTokens = new LongAdder();
    final LongAdder outputTokens = new LongAdder();
    final DoubleAdder costUsd = new DoubleAdder();
  }
}
