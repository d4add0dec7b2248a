package dev.agentfn.bench;

import com.google.cloud.firestore.Firestore;
import dev.agentfn.budget.BudgetLimits;
import dev.agentfn.budget.BudgetPeriod;
import dev.agentfn.budget.BudgetedModelClient;
import dev.agentfn.budget.Budgets;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.cache.Coalescer;
import dev.agentfn.cache.FirestoreCacheStore;
import dev.agentfn.config.Config;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.Usage;
import dev.agentfn.testing.FirestoreEmulator;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What cooperation between instances costs on one instance's request path, in-process against the
 * Firestore emulator (loopback gRPC, the real client) with a model that answers at once, so that only
 * the overhead shows: a cold miss with a lease (take it while reading L2 a second time; let go once
 * the answer is stored, in the background) against today's miss (L2 read, compute, background write); and a charged model call
 * (reserve, settle) against an uncharged one, with the ledger in memory and in Firestore.
 */
final class CoordinationBenchmark implements Benchmark {
  private static final String PROJECT = "demo-bench-coordination";
  private static final int MISSES = 40;
  private static final int CALLS = 2_000;
  private static final String KEY = "key:benchmark000";
  private static final String MODEL = "gemini-3.1-flash-lite";
  private final AtomicLong keys = new AtomicLong();

  @Override
  public String name() {
    return "coordination";
  }

  @Override
  public String description() {
    return "cold miss with a cross-instance lease vs today's miss; a model call with a budget reservation "
        + "(in memory, Firestore) vs none; Firestore emulator, instant model";
  }

  @Override
  public List<Row> run(Settings settings) throws Exception {
    try (FirestoreEmulator emulator = FirestoreEmulator.start()) {
      Firestore client = emulator.client(PROJECT);
      Duration timeout = Duration.ofSeconds(2);
      FirestoreCacheStore store = new FirestoreCacheStore(() -> client, "agent_cache", Clock.systemUTC(), timeout);
      AnswerCache today = AnswerCache.builder().maxEntries(100_000).store(store).build();
      AnswerCache leased = AnswerCache.builder().maxEntries(100_000).store(store)
          .coalescer(Coalescer.leases(store, timeout, Duration.ofSeconds(10), Clock.systemUTC(), "bench")).build();
      Map<String, Measure.Variant> misses = new LinkedHashMap<>();
      misses.put("today", () -> coldMisses(today));
      misses.put("lease", () -> coldMisses(leased));
      Map<String, Double> missMs = Measure.interleavedMedians(settings.repeat(), misses);

      ModelCatalog catalog = ModelCatalog.from(Config.defaults());
      BudgetLimits limits = BudgetLimits.of(new BigDecimal("1000000"), Map.of(), List.of(KEY));
      ModelClient bare = new InstantModel();
      ModelClient inMemory = new BudgetedModelClient(bare, Budgets.inMemory(limits, BudgetPeriod.DAY,
          Clock.systemUTC()), catalog);
      ModelClient shared = new BudgetedModelClient(bare, Budgets.firestore(limits, BudgetPeriod.DAY,
          () -> client, timeout, "bench", Clock.systemUTC()), catalog);
      ModelRequest request = new ModelRequest(MODEL, "a question of forty characters, or so...", null, null, 500,
          null, false, null).paidBy(KEY);
      Map<String, Measure.Variant> calls = new LinkedHashMap<>();
      calls.put("none", () -> calls(bare, request));
      calls.put("memory", () -> calls(inMemory, request));
      calls.put("firestore", () -> calls(shared, request));
      Map<String, Double> callMs = Measure.interleavedMedians(settings.repeat(), calls);

      double miss = missMs.get("today") / MISSES;
      double missLeased = missMs.get("lease") / MISSES;
      double call = callMs.get("none") * 1_000 / CALLS;
      return List.of(
          Row.baseline("cold miss today: L2 read, model, L2 write in the background", format(miss), format(miss), 1.0,
              "mean of " + MISSES + " misses, emulator on loopback, instant model"),
          Row.baseline("cold miss with a lease: + lease create beside a 2nd L2 read", format(missLeased),
              "today " + format(miss), missLeased / miss, String.format(Locale.ROOT,
                  "+%.1f ms per miss; the release waits for the L2 write, off the path; a real model call takes 300+ ms", missLeased - miss)),
          Row.baseline("model call, no budget", micros(call), micros(call), 1.0,
              "mean of " + CALLS + " calls of an instant model"),
          Row.baseline("model call + reservation, ledger in memory", micros(callMs.get("memory") * 1_000 / CALLS),
              "no budget " + micros(call), callMs.get("memory") * 1_000 / CALLS / call, "reserve + settle"),
          Row.baseline("model call + reservation, ledger in Firestore", micros(callMs.get("firestore") * 1_000 / CALLS),
              "no budget " + micros(call), callMs.get("firestore") * 1_000 / CALLS / call,
              "slices of 1/20 of a $1M limit: claims are rare; spend reported once a second"));
    }
  }

  private void coldMisses(AnswerCache cache) {
    for (int i = 0; i < MISSES; i++) {
      String key = "bench-" + keys.incrementAndGet();
      cache.get(key, Instant.now().plusSeconds(30), (until, deltas) -> cache.entry("answer", MODEL, Usage.of(10, 20), key),
          null);
    }
  }

  private static void calls(ModelClient model, ModelRequest request) {
    for (int i = 0; i < CALLS; i++) {
      model.generate(request);
    }
  }

  private static String format(double ms) {
    return String.format(Locale.ROOT, "%.1f ms", ms);
  }

  private static String micros(double micros) {
    return String.format(Locale.ROOT, "%.1f µs", micros);
  }

  /** A model that answers at once: what remains is the cost of charging for it. */
  private static final class InstantModel implements ModelClient {
    @Override
    public String provider() {
      return "instant";
    }

    @Override
    public ModelReply generate(ModelRequest request) {
      return new ModelReply("answer", request.model(), Usage.of(10, 200));
    }
  }
}
