package dev.agentfn.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole configuration, read once from the environment and validated (ARCHITECTURE.md,
 * "Configuration"). Invalid values fail fast with a {@link ConfigException} naming the variable.
 */
public record Config(
    int port,
    String modelProvider,
    String geminiApiKey,
    boolean vertexAi,
    String googleCloudProject,
    String googleCloudLocation,
    String geminiBaseUrl,
    String modelFast,
    String modelStrong,
    Duration modelTimeout,
    int modelMaxAttempts,
    Duration requestTimeout,
    Duration cacheTtl,
    int cacheMaxEntries,
    String cacheFirestore,
    String cacheCollection,
    String firestoreDatabase,
    String firestoreEmulatorHost,
    List<ApiKey> apiKeys,
    String apiKeysFile,
    List<ApiKey> fileApiKeys,
    String callerIdentity,
    int rateLimitPerMinute,
    int maxBodyBytes,
    int batchMaxItems,
    int batchConcurrency,
    String weatherBaseUrl,
    String geocodingBaseUrl,
    Duration offlineLatency,
    String cacheScope,
    Duration cacheL2Timeout,
    String statsCollection,
    Duration statsFlushInterval,
    Duration modelBackoff,
    Duration modelBackoffMax,
    Map<String, Price> modelPrices,
    int modelMaxConcurrency,
    List<String> corsAllowedOrigins,
    boolean logPrompts,
    Duration sessionTtl,
    int sessionMaxContextTokens,
    List<RemoteAgent> a2aAgents,
    String gceMetadataHost,
    int cacheMaxMb,
    Duration cacheLease,
    BigDecimal budgetUsd,
    String budgetPeriod) {

  /** The largest budget accepted (USD). */
  private static final BigDecimal MAX_USD = BigDecimal.valueOf(1_000_000_000);

  /** Values accepted by {@code BUDGET_PERIOD}. */
  public static final Set<String> BUDGET_PERIODS = Set.of("day", "month");

  /** {@code CALLER_IDENTITY} value: callers without an API key are named by their client address. */
  public static final String ADDRESS_IDENTITY = "address";
  /**
   * {@code CALLER_IDENTITY} value: callers without an API key are named by the Google identity that
   * Cloud Run's IAM check verified (only for functions that are not public).
   */
  public static final String IAM_IDENTITY = "iam";

  /** Provider values accepted by {@code MODEL_PROVIDER}. */
  public static final Set<String> PROVIDERS = Set.of("auto", "gemini", "offline");

  public Config {
    apiKeys = List.copyOf(apiKeys);
    fileApiKeys = List.copyOf(fileApiKeys);
    modelPrices = Map.copyOf(modelPrices);
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    a2aAgents = List.copyOf(a2aAgents);
  }

  /** A model's list prices in USD per million tokens ({@code MODEL_PRICES}). */
  public record Price(double inputUsdPerMtok, double outputUsdPerMtok) {}

  /**
   * A remote A2A agent ({@code A2A_AGENTS}) and how this instance authenticates to it
   * ({@code A2A_AGENT_HEADERS}): a fixed header (both null when none), or a Google ID token for it.
   *
   * @param baseUrl where its agent card lives, without a trailing slash
   * @param googleIdToken send {@code Authorization: Bearer} a Google ID token whose audience is {@code baseUrl}
   */
  public record RemoteAgent(String baseUrl, String headerName, String headerValue, boolean googleIdToken) {
    @Override
    public String toString() {
      return baseUrl + (googleIdToken ? " (Google ID token)"
          : headerName == null ? "" : " (" + headerName + ": " + mask(headerValue) + ")");
    }
  }

  /** The {@code A2A_AGENT_HEADERS} value that asks for a Google ID token instead of a fixed header. */
  public static final String GOOGLE_ID_TOKEN = "google-id-token";

  /** Most remote agents {@code A2A_AGENTS} may name. */
  public static final int MAX_A2A_AGENTS = 32;

  /** Reads and validates the process environment. */
  public static Config fromEnvironment() {
    return fromEnv(System.getenv());
  }

  /** Reads and validates the given variables (tests pass their own map). */
  public static Config fromEnv(Map<String, String> variables) {
    Env env = new Env(variables);
    String geminiKey = env.get("GEMINI_API_KEY", env.get("GOOGLE_API_KEY"));
    Config config = new Config(
        env.intIn("PORT", 8080, 1, 65535),
        env.oneOf("MODEL_PROVIDER", "auto", PROVIDERS),
        geminiKey,
        env.bool("GOOGLE_GENAI_USE_VERTEXAI", false),
        env.get("GOOGLE_CLOUD_PROJECT"),
        env.get("GOOGLE_CLOUD_LOCATION"),
        httpUrl(env, "GEMINI_BASE_URL", null),
        env.get("MODEL_FAST", "gemini-3.1-flash-lite"),
        env.get("MODEL_STRONG", "gemini-3.5-flash"),
        Duration.ofMillis(env.longIn("MODEL_TIMEOUT_MS", 30_000, 100, 600_000)),
        env.intIn("MODEL_MAX_ATTEMPTS", 3, 1, 10),
        Duration.ofMillis(env.longIn("REQUEST_TIMEOUT_MS", 55_000, 1_000, 3_600_000)),
        Duration.ofSeconds(env.longIn("CACHE_TTL_SECONDS", 3600, 1, 30L * 24 * 3600)),
        env.intIn("CACHE_MAX_ENTRIES", 10_000, 0, 10_000_000),
        env.oneOf("CACHE_FIRESTORE", "auto", Set.of("auto", "on", "off")),
        env.get("CACHE_COLLECTION", "agent_cache"),
        env.get("FIRESTORE_DATABASE", "(default)"),
        env.get("FIRESTORE_EMULATOR_HOST"),
        listedKeys(env),
        env.get(ApiKeyFile.VARIABLE),
        fileKeys(env),
        env.oneOf("CALLER_IDENTITY", ADDRESS_IDENTITY, Set.of(ADDRESS_IDENTITY, IAM_IDENTITY)),
        env.intIn("RATE_LIMIT_PER_MINUTE", 120, 0, 1_000_000),
        env.intIn("MAX_BODY_BYTES", 1_048_576, 1024, 32 * 1_048_576),
        env.intIn("BATCH_MAX_ITEMS", 100, 1, 1000),
        env.intIn("BATCH_CONCURRENCY", 16, 1, 256),
        httpUrl(env, "WEATHER_BASE_URL", "https://api.open-meteo.com"),
        httpUrl(env, "GEOCODING_BASE_URL", "https://geocoding-api.open-meteo.com"),
        Duration.ofMillis(env.longIn("OFFLINE_LATENCY_MS", 0, 0, 600_000)),
        env.oneOf("CACHE_SCOPE", "global", Set.of("global", "key")),
        Duration.ofMillis(env.longIn("CACHE_L2_TIMEOUT_MS", 300, 10, 10_000)),
        env.get("STATS_COLLECTION", "agent_stats"),
        Duration.ofSeconds(env.longIn("STATS_FLUSH_SECONDS", 10, 1, 3600)),
        Duration.ofMillis(env.longIn("MODEL_BACKOFF_MS", 500, 0, 60_000)),
        Duration.ofMillis(env.longIn("MODEL_BACKOFF_MAX_MS", 10_000, 0, 300_000)),
        prices(env.get("MODEL_PRICES")),
        env.intIn("MODEL_MAX_CONCURRENCY", 64, 1, 4096),
        origins(env),
        env.bool("LOG_PROMPTS", false),
        Duration.ofHours(env.longIn("SESSION_TTL_HOURS", 24, 1, 24L * 365)),
        env.intIn("SESSION_MAX_CONTEXT_TOKENS", 8000, 1000, 200_000),
        remoteAgents(env),
        metadataHost(env),
        env.intIn("CACHE_MAX_MB", 128, 1, 65_536),
        Duration.ofSeconds(env.longIn("CACHE_LEASE_SECONDS", 10, 1, 300)),
        usd(env, "BUDGET_USD"),
        env.oneOf("BUDGET_PERIOD", "day", BUDGET_PERIODS));
    if ("gemini".equals(config.modelProvider()) && !config.hasGeminiCredentials()) {
      throw new ConfigException("MODEL_PROVIDER",
          "is 'gemini' but no credentials are set: set GEMINI_API_KEY (or GOOGLE_API_KEY), or "
              + "GOOGLE_GENAI_USE_VERTEXAI=true with GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION");
    }
    if (config.budgetUsd() != null && config.openApi()) {
      throw new ConfigException("BUDGET_USD", "limits spend per API key, but no keys are configured: set API_KEYS "
          + "(or API_KEYS_FILE), or unset BUDGET_USD");
    }
    return config;
  }

  /** The embedded defaults: what runs with no environment at all. */
  public static Config defaults() {
    return fromEnv(Map.of());
  }

  /** True when Gemini credentials (an API key, or Vertex AI with a project) are configured. */
  public boolean hasGeminiCredentials() {
    return geminiApiKey != null || (vertexAi && googleCloudProject != null);
  }

  /** The provider in effect after resolving {@code auto}. */
  public String effectiveProvider() {
    if (!"auto".equals(modelProvider)) {
      return modelProvider;
    }
    return hasGeminiCredentials() ? "gemini" : "offline";
  }

  /** True when the Firestore (L2) cache is to be used. */
  public boolean firestoreEnabled() {
    return switch (cacheFirestore) {
      case "on" -> true;
      case "off" -> false;
      default -> googleCloudProject != null || firestoreEmulatorHost != null;
    };
  }

  /** True when Firestore is reachable by configuration: a project or an emulator host is set. */
  public boolean firestoreConfigured() {
    return googleCloudProject != null || firestoreEmulatorHost != null;
  }

  /** True when callers without an API key are named by the identity Cloud Run verified ({@code CALLER_IDENTITY=iam}). */
  public boolean iamCallerIdentity() {
    return IAM_IDENTITY.equals(callerIdentity);
  }

  /** True when no API keys are configured, so the API is open. */
  public boolean openApi() {
    return apiKeys.isEmpty() && fileApiKeys.isEmpty();
  }

  /** The settings as they may be logged: secrets masked. */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model_provider", effectiveProvider() + (modelProvider.equals("auto") ? " (auto)" : ""));
    out.put("gemini_api_key", mask(geminiApiKey));
    out.put("vertex_ai", vertexAi);
    out.put("google_cloud_project", googleCloudProject);
    out.put("gemini_base_url", geminiBaseUrl);
    out.put("model_fast", modelFast);
    out.put("model_strong", modelStrong);
    out.put("model_timeout_ms", modelTimeout.toMillis());
    out.put("model_max_attempts", modelMaxAttempts);
    out.put("request_timeout_ms", requestTimeout.toMillis());
    out.put("cache_ttl_seconds", cacheTtl.toSeconds());
    out.put("cache_max_entries", cacheMaxEntries);
    out.put("cache_max_mb", cacheMaxMb);
    out.put("cache_firestore", firestoreEnabled() ? "on" : "off");
    out.put("cache_collection", cacheCollection);
    out.put("firestore_database", firestoreDatabase);
    out.put("firestore_emulator_host", firestoreEmulatorHost);
    out.put("api_keys", openApi() ? "none (open API)" : apiKeys.size() + fileApiKeys.size() + " configured"
        + (apiKeysFile == null ? "" : " (re-reading " + apiKeysFile + ")"));
    out.put("caller_identity", callerIdentity);
    out.put("rate_limit_per_minute", rateLimitPerMinute);
    out.put("max_body_bytes", maxBodyBytes);
    out.put("batch_max_items", batchMaxItems);
    out.put("batch_concurrency", batchConcurrency);
    out.put("offline_latency_ms", offlineLatency.toMillis());
    out.put("cache_scope", cacheScope);
    out.put("cache_l2_timeout_ms", cacheL2Timeout.toMillis());
    out.put("stats", firestoreConfigured() ? "global (Firestore " + statsCollection + ")" : "instance");
    out.put("stats_flush_seconds", statsFlushInterval.toSeconds());
    out.put("model_backoff_ms", modelBackoff.toMillis());
    out.put("model_backoff_max_ms", modelBackoffMax.toMillis());
    out.put("model_prices", modelPrices);
    out.put("model_max_concurrency", modelMaxConcurrency);
    out.put("cors_allowed_origins", corsAllowedOrigins);
    out.put("log_prompts", logPrompts);
    out.put("cache_lease_seconds", cacheLease.toSeconds());
    out.put("budget_usd", budgetUsd == null ? "none" : budgetUsd.toPlainString());
    out.put("budget_period", budgetPeriod);
    out.put("sessions", firestoreConfigured() ? "Firestore" : "instance memory");
    out.put("session_ttl_hours", sessionTtl.toHours());
    out.put("session_max_context_tokens", sessionMaxContextTokens);
    out.put("a2a_agents", a2aAgents.stream().map(RemoteAgent::toString).toList());
    return out;
  }

  @Override
  public String toString() {
    return "Config" + describe();
  }

  private static String mask(String secret) {
    return secret == null ? null : "****(" + secret.length() + " chars)";
  }

  private static List<String> keys(String raw) {
    if (raw == null) {
      return List.of();
    }
    return Arrays.stream(raw.split(",")).map(String::trim).filter(k -> !k.isEmpty()).distinct().toList();
  }

  /** {@code MODEL_PRICES}: {@code model=input/output,...} in USD per million tokens. */
  private static Map<String, Price> prices(String raw) {
    Map<String, Price> prices = new LinkedHashMap<>();
    if (raw == null) {
      return prices;
    }
    for (String entry : raw.split(",")) {
      String item = entry.trim();
      if (item.isEmpty()) {
        continue;
      }
      String[] nameAndPrices = item.split("=", 2);
      String[] inOut = nameAndPrices.length == 2 ? nameAndPrices[1].split("/", 2) : new String[0];
      if (nameAndPrices[0].isBlank() || inOut.length != 2) {
        throw new ConfigException("MODEL_PRICES", "entries must look like 'model=0.25/1.50', got '" + item + "'");
      }
      try {
        double in = Double.parseDouble(inOut[0].trim());
        double out = Double.parseDouble(inOut[1].trim());
        if (!(in >= 0 && out >= 0) || Double.isInfinite(in) || Double.isInfinite(out)) {
          throw new NumberFormatException();
        }
        prices.put(nameAndPrices[0].trim(), new Price(in, out));
      } catch (NumberFormatException e) {
        throw new ConfigException("MODEL_PRICES", "prices must be non-negative numbers, got '" + item + "'");
      }
    }
    return prices;
  }

  /**
   * {@code API_KEYS}: comma-separated keys. Set (even to nothing) but yielding no key, or holding a
   * key shorter than {@link ApiKey#MIN_CHARS}, it stops the start: a secret that arrives empty must
   * never leave the API open.
   */
  private static List<ApiKey> listedKeys(Env env) {
    if (!env.isSet("API_KEYS")) {
      return List.of();
    }
    List<String> listed = keys(env.get("API_KEYS"));
    if (listed.isEmpty()) {
      throw new ConfigException("API_KEYS", "is set but holds no key; list keys separated by commas, "
          + "or unset it for an open API");
    }
    for (String key : listed) {
      ApiKeyFile.checkKey("API_KEYS", key, "");
    }
    return listed.stream().map(ApiKey::of).toList();
  }

  /** The keys of the file named by {@code API_KEYS_FILE} ({@link ApiKeyFile}); set but empty or keyless stops the start. */
  private static List<ApiKey> fileKeys(Env env) {
    if (!env.isSet(ApiKeyFile.VARIABLE)) {
      return List.of();
    }
    String file = env.get(ApiKeyFile.VARIABLE);
    if (file == null) {
      throw new ConfigException(ApiKeyFile.VARIABLE, "is set but empty; name a file of keys, or unset it");
    }
    return ApiKeyFile.read(file);
  }

  /** {@code CORS_ALLOWED_ORIGINS}: {@code *} or comma-separated origins such as {@code https://app.example}. */
  private static List<String> origins(Env env) {
    List<String> origins = keys(env.get("CORS_ALLOWED_ORIGINS"));
    for (String origin : origins) {
      if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
        throw new ConfigException("CORS_ALLOWED_ORIGINS",
            "must be * or comma-separated origins like https://app.example, got '" + origin + "'");
      }
    }
    return origins;
  }

  /** A non-negative amount of USD (e.g. {@code 25}, {@code 0.10}), or null when unset. */
  private static BigDecimal usd(Env env, String name) {
    String value = env.get(name);
    if (value == null) {
      return null;
    }
    try {
      BigDecimal usd = new BigDecimal(value);
      if (usd.signum() < 0 || usd.compareTo(MAX_USD) > 0) {
        throw new NumberFormatException();
      }
      return usd;
    } catch (NumberFormatException e) {
      throw new ConfigException(name, "must be an amount of USD between 0 and " + MAX_USD.toPlainString()
          + " (e.g. 25 or 0.10), got '" + value + "'");
    }
  }

  /**
   * {@code A2A_AGENTS}: comma-separated http(s) base URLs (no user info, query or fragment); and
   * {@code A2A_AGENT_HEADERS}: comma-separated {@code BASE_URL=Header-Name: value} (or
   * {@code BASE_URL=google-id-token}) entries, each naming one of those agents.
   */
  private static List<RemoteAgent> remoteAgents(Env env) {
    List<String> urls = new ArrayList<>();
    for (String raw : keys(env.get("A2A_AGENTS"))) {
      String url = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
      if (!url.matches("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&'()*+;:@/\\-]*)?")) {
        throw new ConfigException("A2A_AGENTS", "must be comma-separated http(s) base URLs without user info, "
            + "query or fragment, got '" + raw + "'");
      }
      if (!urls.contains(url)) {
        urls.add(url);
      }
    }
    if (urls.size() > MAX_A2A_AGENTS) {
      throw new ConfigException("A2A_AGENTS", "names " + urls.size() + " agents; at most " + MAX_A2A_AGENTS);
    }
    Map<String, String[]> headers = new LinkedHashMap<>();
    for (String entry : keys(env.get("A2A_AGENT_HEADERS"))) {
      int eq = entry.indexOf('=');
      if (eq > 0 && entry.substring(eq + 1).strip().equals(GOOGLE_ID_TOKEN)) {
        String url = entry.substring(0, eq).strip().replaceAll("/$", "");
        if (!urls.contains(url)) {
          throw new ConfigException("A2A_AGENT_HEADERS", "an entry names '" + url + "', which is not one of A2A_AGENTS");
        }
        headers.put(url, null);
        continue;
      }
      int colon = eq < 0 ? -1 : entry.indexOf(':', eq);
      String url = eq < 0 ? "" : entry.substring(0, eq).strip();
      url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      String name = colon < 0 ? "" : entry.substring(eq + 1, colon).strip();
      String value = colon < 0 ? "" : entry.substring(colon + 1).strip();
      if (!urls.contains(url)) {
        throw new ConfigException("A2A_AGENT_HEADERS", "entries must look like 'BASE_URL=Header-Name: value' with "
            + "BASE_URL one of A2A_AGENTS; an entry names " + (url.isEmpty() ? "no agent" : "'" + url + "'"));
      }
      if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || value.isEmpty()
          || value.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
        throw new ConfigException("A2A_AGENT_HEADERS", "the entry for " + url
            + " must be 'Header-Name: value' (a token name and a non-empty value without control characters)");
      }
      headers.put(url, new String[] {name, value});
    }
    return urls.stream().map(url -> {
      String[] header = headers.get(url);
      return new RemoteAgent(url, header == null ? null : header[0], header == null ? null : header[1],
          headers.containsKey(url) && header == null);
    }).toList();
  }

  /** {@code GCE_METADATA_HOST}: where Google ID tokens come from ({@code host[:port]}; Google's libraries read it too). */
  private static String metadataHost(Env env) {
    String host = env.get("GCE_METADATA_HOST", "metadata.google.internal");
    if (!host.matches("[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
      throw new ConfigException("GCE_METADATA_HOST", "must be host or host:port, got '" + host + "'");
    }
    return host;
  }

  private static String httpUrl(Env env, String name, String fallback) {
    String value = env.get(name, fallback);
    if (value == null) {
      return null;
    }
    if (!value.startsWith("http://") && !value.startsWith("https://")) {
      throw new ConfigException(name, "must be an http(s) URL, got '" + value + "'");
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }
}
