package dev.agentfn.runtime;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.cloud.firestore.Firestore;
import dev.agentfn.a2a.A2aEndpoint;
import dev.agentfn.a2a.A2aService;
import dev.agentfn.a2a.AgentCardEndpoint;
import dev.agentfn.a2a.FirestoreTaskStore;
import dev.agentfn.a2a.TaskStore;
import dev.agentfn.a2a.client.RemoteAgents;
import dev.agentfn.access.AccessGuard;
import dev.agentfn.access.ApiKeys;
import dev.agentfn.access.RateLimiter;
import dev.agentfn.agent.MultiAgentEndpoint;
import dev.agentfn.agent.MultiAgentService;
import dev.agentfn.agent.PlanExecutor;
import dev.agentfn.agent.TaskRunner;
import dev.agentfn.batch.BatchEndpoint;
import dev.agentfn.batch.BatchService;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.agentfn.budget.BudgetLimits;
import dev.agentfn.budget.BudgetPeriod;
import dev.agentfn.budget.BudgetedModelClient;
import dev.agentfn.budget.Budgets;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.cache.Coalescer;
import dev.agentfn.cache.CacheStore;
import dev.agentfn.cache.FirestoreCacheStore;
import dev.agentfn.calendar.CalendarStore;
import dev.agentfn.calendar.FirestoreCalendarStore;
import dev.agentfn.chat.ChatEndpoint;
import dev.agentfn.chat.ChatService;
import dev.agentfn.config.Config;
import dev.agentfn.docs.ApiDocs;
import dev.agentfn.firestore.Firestores;
import dev.agentfn.health.HealthEndpoints;
import dev.agentfn.http.Endpoint;
import dev.agentfn.http.Cors;
import dev.agentfn.http.Guard;
import dev.agentfn.http.HttpService;
import dev.agentfn.http.RequestLog;
import dev.agentfn.logging.AccessLog;
import dev.agentfn.logging.Logging;
import dev.agentfn.model.BoundedModelClient;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.ModelClients;
import dev.agentfn.model.ModelRouter;
import dev.agentfn.model.OfflineModelClient;
import dev.agentfn.openai.OpenAiEndpoints;
import dev.agentfn.resilience.CircuitBreakers;
import dev.agentfn.session.SessionEndpoint;
import dev.agentfn.session.SessionService;
import dev.agentfn.session.SessionStore;
import dev.agentfn.session.Sessions;
import dev.agentfn.session.Summarizer;
import dev.agentfn.stats.GlobalStats;
import dev.agentfn.stats.StatsSource;
import dev.agentfn.stats.UsageStats;
import dev.agentfn.tool.ToolRegistry;
import dev.agentfn.weather.OpenMeteoWeatherSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The composition root of one instance: the configuration and every shared object, built once
 * and lazily (a function answers its first request without building what it never uses), and the
 * {@link HttpService} of each function. Thread-safe.
 */
public final class AgentRuntime {
  private static final System.Logger LOG = System.getLogger(AgentRuntime.class.getName());
  private static final Lazy<AgentRuntime> SHARED = Lazy.of(() -> new AgentRuntime(Config.fromEnvironment(),
      Clock.systemUTC()));

  /** Tasks an instance keeps in memory when Firestore is not configured (else they go to Firestore). */
  private static final int A2A_MAX_TASKS = 10_000;
  private static final Duration STATS_TIMEOUT = Duration.ofSeconds(2);
  /** Characters of conversation an instance keeps in memory when Firestore is not configured. */
  private static final long SESSION_MEMORY_CHARS = 16_000_000;
  /** Longest a session read or write may take (sessions fail closed: a turn without its history is wrong). */
  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(5);
  /**
   * How long one call to the budget ledger in Firestore may take: on the path of the rare model call
   * that needs a new slice, and the first one of an instance also sets up the connection.
   */
  private static final Duration BUDGET_TIMEOUT = Duration.ofSeconds(3);

  private final Config config;
  private final Clock clock;
  private final Instant startedAt;
  private final String version;
  private final UsageStats stats = new UsageStats();
  private final ModelCatalog catalog;
  private final Lazy<ModelClient> model;
  private final CircuitBreakers modelBreakers = ModelClients.breakers();
  private final Lazy<Firestore> firestore;
  private final Lazy<CacheStore> cacheStore;
  private final Lazy<AnswerCache> cache;
  private final Lazy<ChatService> chat;
  private final Lazy<Sessions> sessions;
  private final Lazy<SessionService> conversations;
  private final Lazy<StatsSource> statsSource;
  private final Lazy<Supplier<String>> modelProbe;
  private final Lazy<ToolRegistry> tools = Lazy.of(this::buildTools);
  private final Lazy<TaskRunner> taskRunner = Lazy.of(this::buildTaskRunner);
  private final Lazy<BatchService> batch;
  private final Lazy<TaskStore> a2aTasks;
  private final Lazy<A2aService> a2a;
  private final ApiDocs docs = new ApiDocs();
  private final Lazy<Guard> guard;
  private final Lazy<ApiKeys> keys;
  /** The spend budgets per API key; empty when none are configured ({@code BUDGET_USD}). */
  private final Lazy<Optional<Budgets>> budgets;
  /** This instance's name in the leases and budget slices it holds in Firestore. */
  private final String instanceId = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  private final Lazy<RequestLog> requestLog;

  /** A runtime over {@code config}, with production implementations. */
  public AgentRuntime(Config config, Clock clock) {
    this(config, clock, (Lazy<ModelClient>) null, null);
  }

  /** A runtime with the given model client and L2 store (tests). */
  public AgentRuntime(Config config, Clock clock, ModelClient model, CacheStore store) {
    this(config, clock, Lazy.of(() -> model), Lazy.of(() -> store));
  }

  /**
   * @param model the model client, or null to wire it from the configuration ({@code MODEL_PROVIDER})
   * @param store the L2 store, or null to wire it from the configuration ({@code CACHE_FIRESTORE})
   */
  private AgentRuntime(Config config, Clock clock, Lazy<ModelClient> model, Lazy<CacheStore> store) {
    this.config = config;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.version = readVersion();
    this.catalog = ModelCatalog.from(config);
    this.keys = Lazy.of(() -> ApiKeys.from(config, clock));
    this.budgets = Lazy.of(this::buildBudgets);
    Lazy<ModelClient> provider = model != null ? model : Lazy.of(() -> ModelClients.create(config, modelBreakers));
    this.model = Lazy.of(() -> {
      ModelClient bounded = new BoundedModelClient(provider.get(), config.modelMaxConcurrency());
      return budgets.get().<ModelClient>map(limits -> new BudgetedModelClient(bounded, limits, catalog)).orElse(bounded);
    });
    this.firestore = Lazy.of(() -> Firestores.open(config));
    // Offline placeholders are never shared: an offline instance keeps its answers in L1 only.
    this.cacheStore = store != null ? store : Lazy.of(() -> sharesAnswers()
        ? new FirestoreCacheStore(firestore, config.cacheCollection(), clock, config.cacheL2Timeout())
        : CacheStore.none());
    this.cache = Lazy.of(() -> AnswerCache.builder().maxBytes((long) config.cacheMaxMb() << 20)
        .maxEntries(config.cacheMaxEntries()).ttl(config.cacheTtl()).computeTimeout(config.requestTimeout())
        .computeThreads(config.modelMaxConcurrency()).store(cacheStore.get()).coalescer(coalescer(cacheStore.get())).clock(clock).build());
    this.chat = Lazy.of(() -> new ChatService(this.model.get(), new ModelRouter(catalog), catalog, cache.get(), stats,
        config.cacheScope()));
    this.sessions = Lazy.of(() -> new Sessions(config.firestoreConfigured()
        ? SessionStore.firestore(firestore.get(), SESSION_TIMEOUT)
        : SessionStore.inMemory(SESSION_MEMORY_CHARS, config.sessionTtl(), clock),
        new Summarizer(this.model.get(), catalog, stats), config.sessionMaxContextTokens(), config.sessionTtl(), clock));
    this.conversations = Lazy.of(() -> new SessionService(sessions.get(), chat.get()));
    this.statsSource = Lazy.of(this::startStats);
    this.modelProbe = Lazy.of(() -> ModelClients.probe(config));
    this.batch = Lazy.of(() -> new BatchService(chat.get(), config.batchConcurrency(), config.batchMaxItems(),
        config.modelMaxConcurrency()));
    this.a2aTasks = Lazy.of(() -> config.firestoreConfigured() ? new FirestoreTaskStore(firestore.get(), clock)
        : TaskStore.inMemory(A2A_MAX_TASKS, clock));
    this.a2a = Lazy.of(() -> new A2aService(taskRunner, a2aTasks.get(), sessions, clock));
    this.guard = Lazy.of(() -> new AccessGuard(keys.get(),
        new RateLimiter(config.rateLimitPerMinute()), publicPaths(), config.iamCallerIdentity()));
    this.requestLog = Lazy.of(() -> {
      Logging.routeJavaLogging();
      return new AccessLog(config.googleCloudProject(), config.logPrompts());
    });
  }

  /** The runtime of this process, configured from the environment on first use. */
  public static AgentRuntime shared() {
    return SHARED.get();
  }

  public Config config() {
    return config;
  }

  public UsageStats stats() {
    return stats;
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  public ModelClient model() {
    return model.get();
  }

  /**
   * The instance's one Firestore client (built on first use from {@code FIRESTORE_EMULATOR_HOST},
   * {@code GOOGLE_CLOUD_PROJECT}, {@code FIRESTORE_DATABASE}); only call it when
   * {@link Config#firestoreConfigured()} or the caller's own switch says Firestore is wanted.
   */
  public Firestore firestore() {
    return firestore.get();
  }

  public AnswerCache cache() {
    return cache.get();
  }

  public ChatService chatService() {
    return chat.get();
  }

  public String version() {
    return version;
  }

  /** The multi-agent task runner (planner, executor, tools), built on first use; serves /chat/multi-agent and A2A. */
  public TaskRunner taskRunner() {
    return taskRunner.get();
  }

  /**
   * One model call per missing answer across instances (leases beside the L2 cache) when the L2 cache
   * is Firestore; else each instance computes its own misses.
   */
  private Coalescer coalescer(CacheStore store) {
    return store instanceof FirestoreCacheStore firestoreStore
        ? Coalescer.leases(firestoreStore, config.cacheL2Timeout(), config.cacheLease(), Clock.systemUTC(), instanceId)
        : Coalescer.alone(store);
  }

  /**
   * Spend budgets whenever API keys are configured (a key's {@code budget_usd=} in {@code API_KEYS_FILE},
   * re-read as the file changes, else {@code BUDGET_USD}): kept in Firestore, shared by every
   * instance, when it is configured, else in this instance.
   */
  private Optional<Budgets> buildBudgets() {
    if (config.openApi()) {
      return Optional.empty();
    }
    ApiKeys accepted = keys.get();
    BudgetLimits limits = new BudgetLimits(config.budgetUsd(), accepted::budgetUsd, accepted::callerIds);
    BudgetPeriod period = BudgetPeriod.of(config.budgetPeriod());
    return Optional.of(config.firestoreConfigured()
        ? Budgets.firestore(limits, period, firestore, BUDGET_TIMEOUT, instanceId, clock)
        : Budgets.inMemory(limits, period, clock));
  }

  /** The tools: the standard ones, and the remote agents of {@code A2A_AGENTS}. */
  private ToolRegistry buildTools() {
    ToolRegistry local = ToolRegistry.standard(model.get(), catalog.fast(),
        new OpenMeteoWeatherSource(config.geocodingBaseUrl(), config.weatherBaseUrl()),
        config.firestoreConfigured() ? new FirestoreCalendarStore(firestore.get(), clock) : CalendarStore.inMemory());
    return config.a2aAgents().isEmpty() ? local : local.withRemote(RemoteAgents.create(config.a2aAgents(),
        config.gceMetadataHost(), clock));
  }

  private TaskRunner buildTaskRunner() {
    ToolRegistry tools = this.tools.get();
    return new MultiAgentService(model.get(), catalog, tools, PlanExecutor.create(tools, config.modelTimeout(), clock),
        stats, clock);
  }

  /**
   * Builds {@code what} a function's first request will need (its service, the model client) on a
   * background thread, so that the work overlaps the invoker's own start (logging, the HTTP server)
   * instead of delaying the first response; that request then waits for the build in progress, or
   * meets and reports its failure itself.
   */
  public void prepareInBackground(Runnable what) {
    Thread thread = new Thread(() -> {
      try {
        what.run();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.DEBUG, "preparing in the background failed; the first request will retry: " + e);
      }
    }, "agentfn-prepare");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * {@code POST /chat}, {@code GET}/{@code DELETE /sessions/{id}}, and the OpenAI-compatible
   * {@code POST /v1/chat/completions} and {@code GET /v1/models}.
   */
  public HttpService chatHttp() {
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(Endpoint.post("/chat", new ChatEndpoint(chat, conversations)));
    endpoints.add(new SessionEndpoint(sessions).endpoint());
    endpoints.addAll(new OpenAiEndpoints(chat, catalog, clock).endpoints());
    return http("chat", endpoints, "/chat");
  }

  /** {@code POST /chat/batch}. */
  public HttpService batchHttp() {
    return http("batch", List.of(Endpoint.post("/chat/batch", new BatchEndpoint(batch, config.batchMaxItems()))),
        "/chat/batch");
  }

  /** {@code POST /chat/multi-agent}, and A2A: {@code GET /.well-known/agent-card.json}, {@code POST /a2a}. */
  public HttpService multiAgentHttp() {
    return http("multi-agent", List.of(Endpoint.post("/chat/multi-agent", new MultiAgentEndpoint(taskRunner)),
        Endpoint.get(AgentCardEndpoint.PATH, new AgentCardEndpoint(version, tools)),
        Endpoint.post(AgentCardEndpoint.RPC_PATH, new A2aEndpoint(a2a))),
        "/chat/multi-agent");
  }

  /** {@code GET /health}, {@code /models}, {@code /stats}, {@code /cache/stats}. */
  public HttpService healthHttp() {
    HealthEndpoints health = new HealthEndpoints(version, config.effectiveProvider(), startedAt, clock, catalog,
        statsSource.get(), cache, () -> modelProbe.get().get(), modelBreakers::status, Ticker.systemTicker(),
        () -> budgets.get().orElse(null));
    List<Endpoint> endpoints = new ArrayList<>(health.endpoints());
    endpoints.addAll(docs.endpoints());
    return http("health", endpoints, "/health");
  }

  /** Paths that need no API key and are not rate limited: {@code GET /health} and the API docs. */
  private Set<String> publicPaths() {
    Set<String> paths = new HashSet<>(docs.publicPaths());
    paths.add("/health");
    return paths;
  }

  private HttpService http(String function, List<Endpoint> endpoints, String mainPath) {
    RequestLog log = requestLog.get();
    logStartOnce();
    statsSource.get();
    return new HttpService(function, endpoints, mainPath, guard.get(), config.maxBodyBytes(),
        config.requestTimeout(), stats, clock, new Cors(config.corsAllowedOrigins()), log);
  }

  /** Global stats (flushed to Firestore from now on) when Firestore is configured, else this instance's. */
  private StatsSource startStats() {
    if (!config.firestoreConfigured()) {
      return stats;
    }
    GlobalStats global = new GlobalStats(stats, firestore, config.statsCollection(), STATS_TIMEOUT);
    global.start(config.statsFlushInterval());
    return global;
  }

  private volatile boolean started;

  private void logStartOnce() {
    if (started) {
      return;
    }
    synchronized (this) {
      if (started) {
        return;
      }
      started = true;
    }
    LOG.log(Level.INFO, "agentfn " + version + " starting with " + config.describe());
    if ("offline".equals(config.effectiveProvider())) {
      LOG.log(Level.INFO, "model provider: offline (no Gemini credentials); answers are placeholders "
          + "labelled model_used=offline. Set GEMINI_API_KEY for real answers.");
    }
    if (!sharesAnswers()) {
      LOG.log(Level.INFO, "answer cache: in-instance only (L1); Firestore (L2) is off"
          + (config.firestoreEnabled() ? " for offline placeholders" : ""));
    } else {
      LOG.log(Level.INFO, "answer cache: L1 + Firestore L2 (collection " + config.cacheCollection() + ", scope "
          + config.cacheScope() + ")");
    }
    if (config.openApi()) {
      LOG.log(Level.WARNING, "neither API_KEYS nor API_KEYS_FILE is set: the API is OPEN to anyone who can reach it, "
          + "and callers are told apart by " + (config.iamCallerIdentity()
              ? "their Google identity (CALLER_IDENTITY=iam)" : "client address only (single-tenant use)"));
    }
  }

  /** Whether answers go to the Firestore cache (L2): when it is on, and never offline placeholders. */
  private boolean sharesAnswers() {
    return config.firestoreEnabled() && !OfflineModelClient.MODEL.equals(config.effectiveProvider());
  }

  private static String readVersion() {
    try (InputStream in = AgentRuntime.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
