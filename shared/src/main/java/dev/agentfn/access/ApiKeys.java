package dev.agentfn.access;

import dev.agentfn.config.ApiKey;
import dev.agentfn.config.ApiKeyFile;
import dev.agentfn.config.Config;
import dev.agentfn.config.ConfigException;
import dev.agentfn.http.Exchange;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The accepted API keys, kept only as SHA-256 digests. A presented key is hashed and compared with
 * every accepted digest in constant time; the caller is then named by a short hash of the key, so
 * key values never reach logs, errors or stats.
 *
 * <p>With {@code API_KEYS_FILE} the file is read again, at most every {@link #RELOAD_INTERVAL} and
 * only when a request asks, so a revoked key stops working without a redeploy. A file that becomes
 * unreadable, empty or invalid is logged and the last good set stays in force: it never opens the
 * API. The content is compared, not the modification time, which a secret volume need not change.
 * Thread-safe.
 */
public final class ApiKeys {
  private static final System.Logger LOG = System.getLogger(ApiKeys.class.getName());
  /** Longest key value looked at; anything longer is refused without hashing. */
  static final int MAX_KEY_CHARS = 512;
  /** Shortest time between two reads of {@code API_KEYS_FILE}. */
  public static final Duration RELOAD_INTERVAL = Duration.ofSeconds(10);

  private final List<ApiKey> fixed;
  private final String file;
  private final Clock clock;
  private final AtomicBoolean reloading = new AtomicBoolean();
  private volatile Snapshot current;
  private volatile Instant nextRead;
  /** The file's content last read (null: unreadable) and the last problem logged; touched by one thread at a time. */
  private String lastContent;
  private String lastProblem;

  /** Fixed keys (no file to re-read). */
  public ApiKeys(List<String> keys) {
    this(keys.stream().map(ApiKey::of).toList(), List.of(), null, Clock.systemUTC());
  }

  /**
   * @param fixed the keys of {@code API_KEYS}, accepted whatever the file says
   * @param fromFile the keys the file held at start
   * @param file the {@code API_KEYS_FILE} to re-read, or null
   */
  public ApiKeys(List<ApiKey> fixed, List<ApiKey> fromFile, String file, Clock clock) {
    this.fixed = List.copyOf(fixed);
    this.file = file;
    this.clock = clock;
    List<ApiKey> keys = new ArrayList<>(fixed);
    keys.addAll(fromFile);
    this.current = Snapshot.of(keys);
    this.nextRead = clock.instant().plus(RELOAD_INTERVAL);
    this.lastContent = file == null ? null : ApiKeyFile.content(file).orElse(null);
  }

  /** The keys {@code config} names; {@code API_KEYS_FILE}, when set, is re-read as it changes. */
  public static ApiKeys from(Config config, Clock clock) {
    return new ApiKeys(config.apiKeys(), config.fileApiKeys(), config.apiKeysFile(), clock);
  }

  /** True when no keys are configured (the API is open); a file that empties later never makes it so. */
  public boolean isEmpty() {
    return current.digests.isEmpty();
  }

  /** The caller ids of the keys accepted now, in the order they were configured. */
  public List<String> callerIds() {
    return current.digests.stream().map(ApiKeys::callerId).toList();
  }

  /** The key the request presents in {@code X-API-Key} or {@code Authorization: Bearer}, if any. */
  public static Optional<String> presented(Exchange exchange) {
    Optional<String> header = exchange.header("X-API-Key").map(String::strip).filter(k -> !k.isEmpty());
    if (header.isPresent()) {
      return header;
    }
    return exchange.header("Authorization")
        .map(String::strip)
        .filter(value -> value.length() > 7 && value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer "))
        .map(value -> value.substring(7).strip())
        .filter(k -> !k.isEmpty());
  }

  /** The caller id of {@code key} when it is accepted. */
  public Optional<String> match(String key) {
    if (key.length() > MAX_KEY_CHARS) {
      return Optional.empty();
    }
    reloadIfDue();
    byte[] digest = Fingerprint.sha256(key);
    boolean matched = false;
    for (byte[] accepted : current.digests) {
      matched |= MessageDigest.isEqual(accepted, digest);
    }
    return matched ? Optional.of(callerId(digest)) : Optional.empty();
  }

  /** The spend budget in USD of the key that {@code callerId} names ({@code budget_usd=} in the key file), if any. */
  public Optional<BigDecimal> budgetUsd(String callerId) {
    return Optional.ofNullable(current.budgets.get(callerId));
  }

  /** {@code key:} and the first 12 hex digits of the key's SHA-256: stable, short, and not the key. */
  static String callerId(byte[] digest) {
    return "key:" + Fingerprint.of(digest);
  }

  /** Reads the file again when the interval has passed; one request does it, the others go on with the current set. */
  private void reloadIfDue() {
    if (file == null || clock.instant().isBefore(nextRead) || !reloading.compareAndSet(false, true)) {
      return;
    }
    try {
      nextRead = clock.instant().plus(RELOAD_INTERVAL);
      reload();
    } finally {
      reloading.set(false);
    }
  }

  private void reload() {
    String content = ApiKeyFile.content(file).orElse(null);
    if (Objects.equals(content, lastContent)) {
      return;
    }
    lastContent = content;
    try {
      if (content == null) {
        throw new ConfigException(ApiKeyFile.VARIABLE, "cannot be read: " + file);
      }
      List<ApiKey> keys = new ArrayList<>(fixed);
      keys.addAll(ApiKeyFile.keys(content, file));
      current = Snapshot.of(keys);
      lastProblem = null;
      LOG.log(Level.INFO, ApiKeyFile.VARIABLE + " changed: " + current.digests.size() + " key(s) accepted from now on");
    } catch (ConfigException e) {
      if (!e.getMessage().equals(lastProblem)) {
        lastProblem = e.getMessage();
        LOG.log(Level.WARNING, e.getMessage() + "; keeping the " + current.digests.size()
            + " key(s) read before until the file is fixed");
      }
    }
  }

  /** One set of accepted keys: their digests, and budgets by caller id. */
  private record Snapshot(List<byte[]> digests, Map<String, BigDecimal> budgets) {
    static Snapshot of(List<ApiKey> keys) {
      Map<String, ApiKey> unique = new LinkedHashMap<>();
      keys.forEach(key -> unique.put(key.value(), key));
      List<byte[]> digests = new ArrayList<>();
      Map<String, BigDecimal> budgets = new HashMap<>();
      for (ApiKey key : unique.values()) {
        byte[] digest = Fingerprint.sha256(key.value());
        digests.add(digest);
        key.budgetUsd().ifPresent(budget -> budgets.put(callerId(digest), budget));
      }
      return new Snapshot(List.copyOf(digests), Map.copyOf(budgets));
    }
  }
}
