package dev.agentfn.health;

import dev.agentfn.budget.Budgets;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.cache.Coalescer;
import dev.agentfn.cache.CacheStore;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Endpoint;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelInfo;
import dev.agentfn.stats.StatsSource;
import dev.agentfn.stats.UsageStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /health}, {@code /models}, {@code /stats} and {@code /cache/stats}. */
public final class HealthEndpoints {
  private final String version;
  private final String provider;
  private final Instant startedAt;
  private final Clock clock;
  private final ModelCatalog catalog;
  private final StatsSource stats;
  private final Supplier<AnswerCache> cache;
  private final Supplier<String> modelProbe;
  private final Supplier<String> modelBreakers;
  private final Supplier<Budgets> budgets;

  /**
   * @param provider the effective model provider's name
   * @param stats the figures of {@code /stats}: this instance's, or all instances' summed
   * @param cache the instance's answer cache, resolved on first use
   * @param modelProbe a cheap call to the model provider for {@code ?deep=true}: {@code ok} or why not
   *     (run at most once per {@value CachedProbe#PERIOD_SECONDS} s, its result shared meanwhile)
   * @param modelBreakers the state of this instance's model breakers: {@code closed} or which are not
   * @param budgets the spend budgets per key, resolved on first use (null inside: none configured)
   */
  public HealthEndpoints(String version, String provider, Instant startedAt, Clock clock,
      ModelCatalog catalog, StatsSource stats, Supplier<AnswerCache> cache, Supplier<String> modelProbe,
      Supplier<String> modelBreakers, Ticker ticker, Supplier<Budgets> budgets) {
    this.version = version;
    this.provider = provider;
    this.startedAt = startedAt;
    this.clock = clock;
    this.catalog = catalog;
    this.stats = stats;
    this.cache = cache;
    this.modelProbe = new CachedProbe(modelProbe, ticker);
    this.modelBreakers = modelBreakers;
    this.budgets = budgets;
  }

  /** The four endpoints; {@code /health} first (it is the function's main path). */
  public List<Endpoint> endpoints() {
    return List.of(
        Endpoint.get("/health", this::health),
        Endpoint.get("/models", this::models),
        Endpoint.get("/stats", this::stats),
        Endpoint.get("/cache/stats", this::cacheStats));
  }

  ApiResponse health(ApiRequest request) {
    boolean deep = request.query("deep").map("true"::equalsIgnoreCase).orElse(false);
    CacheStore store = cache.get().store();
    String l2 = store.status();
    if (deep) {
      request.charge(1); // a public path: deep checks spend the caller's rate limit
    }
    String model = deep ? modelProbe.get() : "ok";
    String breakers = modelBreakers.get();
    boolean healthy = "ok".equals(model) && ("ok".equals(l2) || "disabled".equals(l2)) && "closed".equals(breakers);
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("model", model);
    checks.put("cache_l2", l2);
    checks.put("model_breakers", breakers);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", healthy ? "ok" : "degraded");
    body.put("version", version);
    body.put("provider", provider);
    body.put("checks", checks);
    body.put("uptime_s", Duration.between(startedAt, clock.instant()).toSeconds());
    body.put("request_id", request.requestId());
    return ApiResponse.ok(body);
  }

  ApiResponse models(ApiRequest request) {
    List<Map<String, Object>> models = new ArrayList<>();
    for (ModelInfo info : catalog.models()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", info.name());
      row.put("tier", info.tier());
      row.put("input_usd_per_mtok", info.inputUsdPerMtok());
      row.put("output_usd_per_mtok", info.outputUsdPerMtok());
      models.add(row);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("provider", provider);
    body.put("default", catalog.fast());
    body.put("models", models);
    body.put("routing", Map.of("fast", catalog.fast(), "strong", catalog.strong()));
    body.put("request_id", request.requestId());
    return ApiResponse.ok(body);
  }

  ApiResponse stats(ApiRequest request) {
    StatsSource.Report report = stats.report();
    UsageStats.Snapshot snapshot = report.figures();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("scope", report.scope());
    body.put("requests", snapshot.requests());
    body.put("models", snapshot.models());
    body.put("cache", snapshot.cache());
    Budgets limits = budgets.get();
    if (limits != null) {
      body.put("budgets", limits.report());
    }
    body.put("request_id", request.requestId());
    return ApiResponse.ok(body);
  }

  ApiResponse cacheStats(ApiRequest request) {
    AnswerCache answers = cache.get();
    var l1 = answers.l1Stats();
    CacheStore.StoreStats l2 = answers.store().stats();
    long lookups = l1.requestCount();
    Map<String, Object> l1Body = new LinkedHashMap<>();
    l1Body.put("size", answers.l1Size());
    l1Body.put("hits", l1.hitCount());
    l1Body.put("misses", l1.missCount());
    l1Body.put("hit_rate", rate(l1.hitCount(), lookups));
    l1Body.put("evictions", l1.evictionCount());
    l1Body.put("bytes", answers.l1Bytes());
    l1Body.put("max_bytes", answers.l1MaxBytes());
    Map<String, Object> l2Body = new LinkedHashMap<>();
    l2Body.put("enabled", answers.store().enabled());
    l2Body.put("hits", l2.hits());
    l2Body.put("misses", l2.misses());
    l2Body.put("hit_rate", rate(l2.hits(), l2.hits() + l2.misses()));
    l2Body.put("errors", l2.errors());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("l1", l1Body);
    body.put("l2", l2Body);
    Coalescer.Stats coalescing = answers.coalescing();
    Map<String, Object> coalescingBody = new LinkedHashMap<>();
    coalescingBody.put("enabled", coalescing.enabled());
    coalescingBody.put("led", coalescing.led());
    coalescingBody.put("coalesced", coalescing.coalesced());
    coalescingBody.put("takeovers", coalescing.takeovers());
    coalescingBody.put("errors", coalescing.errors());
    coalescingBody.put("waiting", coalescing.waiting());
    body.put("coalescing", coalescingBody);
    body.put("hit_rate", rate(l1.hitCount() + l2.hits(), lookups));
    body.put("request_id", request.requestId());
    return ApiResponse.ok(body);
  }

  private static double rate(long hits, long total) {
    return total == 0 ? 0 : (double) hits / total;
  }
}
