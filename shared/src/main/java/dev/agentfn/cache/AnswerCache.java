package dev.agentfn.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.model.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The two-level answer cache: Caffeine in this instance (L1, bounded by the estimated bytes of its
 * answers and by a number of entries) in front of a shared {@link CacheStore} (L2). Concurrent
 * lookups of one key on an instance share one computation, which runs on the cache's own bounded
 * executor, detached from every caller: it completes and is cached even when the caller who started
 * it leaves (a client that disconnects, a batch whose deadline passes), and each caller waits for it
 * with its own deadline. A failed computation is never cached. Build with {@link #builder()}.
 * Thread-safe.
 */
public final class AnswerCache {
  /** Bytes an entry is taken to hold beyond its strings: the key, object headers, Caffeine's node. */
  static final int ENTRY_OVERHEAD_BYTES = 256;

  private final AsyncCache<String, CachedAnswer> l1;
  private final ConcurrentMap<String, Flight> flights = new ConcurrentHashMap<>();
  private final CacheStore l2;
  private final Coalescer coalescer;
  private final Clock clock;
  private final Duration ttl;
  private final Duration computeTimeout;
  private final Executor executor;
  private final long maxBytes;

  private AnswerCache(Builder builder) {
    this.l2 = builder.store;
    this.clock = builder.clock;
    this.ttl = builder.ttl;
    this.computeTimeout = builder.computeTimeout;
    this.coalescer = builder.coalescer != null ? builder.coalescer : Coalescer.alone(builder.store);
    this.executor = computePool(builder.computeThreads);
    this.maxBytes = builder.maxBytes;
    // Every entry weighs at least maxBytes / maxEntries, so at most maxEntries fit as well.
    long floor = builder.maxEntries == 0 ? Long.MAX_VALUE : Math.max(1, builder.maxBytes / builder.maxEntries);
    this.l1 = Caffeine.newBuilder()
        .maximumWeight(builder.maxEntries == 0 ? 0 : builder.maxBytes)
        .weigher((String key, CachedAnswer value) -> (int) Math.min(Integer.MAX_VALUE,
            Math.max(floor, estimatedBytes(key, value))))
        .expireAfter(Expiry.creating((String key, CachedAnswer value) -> remaining(value)))
        .ticker(builder.ticker)
        .executor(Runnable::run)
        .recordStats()
        .buildAsync();
  }

  /** A builder with the embedded defaults: 128 MiB, 10,000 entries, one hour, 55 s to compute, no L2. */
  public static Builder builder() {
    return new Builder();
  }

  /** The result of a lookup: the answer and where it came from ({@code level} null = computed now). */
  public record Lookup(CachedAnswer answer, CacheLevel level) {
    public boolean cached() {
      return level != null;
    }
  }

  /** Computes an answer (a model call) by {@code deadline}, publishing its text to {@code deltas} as it comes. */
  @FunctionalInterface
  public interface Computation {
    CachedAnswer compute(Instant deadline, Consumer<String> deltas);
  }

  /**
   * Returns the answer for {@code key}: from L1; else from the computation in flight for it (joined);
   * else from a new one, which reads L2 and then calls {@code compute} with its own deadline (the
   * compute timeout from now) and stores the answer in L1 and L2. The caller waits until
   * {@code deadline} ({@code deadline_exceeded} after it, or when interrupted), the computation going
   * on without it. With {@code onDelta}, the caller gets the answer's text on its own thread: the
   * chunks the computation publishes (replayed from the start for a caller who joins late), or the
   * whole answer at once. Failures of {@code compute} propagate unwrapped and are not cached.
   */
  public Lookup get(String key, Instant deadline, Computation compute, Consumer<String> onDelta) {
    Flight mine = new Flight();
    CompletableFuture<CachedAnswer> current = l1.get(key, (k, e) -> {
      flights.put(k, mine);
      return mine.answer;
    });
    if (current != mine.answer) {
      Flight joined = flights.get(key);
      CachedAnswer answer = joined != null && joined.answer == current
          ? joined.await(deadline, clock, onDelta)
          : whole(Flight.await(current, deadline, clock), onDelta);
      return new Lookup(answer, CacheLevel.L1);
    }
    try {
      executor.execute(() -> run(key, mine, compute));
    } catch (RejectedExecutionException busy) {
      flights.remove(key, mine);
      l1.asMap().remove(key, mine.answer);
      mine.fail(new ApiException(ErrorCode.OVERLOADED, "this instance is computing too many answers at once; "
          + "retry shortly", Map.of("Retry-After", "1"), busy));
    }
    CachedAnswer answer = mine.await(deadline, clock, onDelta);
    return new Lookup(answer, mine.source());
  }

  private void run(String key, Flight flight, Computation compute) {
    try {
      var stored = l2.get(key).filter(answer -> !answer.expiredAt(clock.instant()));
      if (stored.isPresent()) {
        flights.remove(key, flight);
        flight.succeed(stored.get(), CacheLevel.L2);
        return;
      }
      Instant until = clock.instant().plus(computeTimeout);
      Lookup missed = coalescer.miss(key, until, () -> compute.compute(until, flight::publish));
      flights.remove(key, flight);
      flight.succeed(missed.answer(), missed.level());
    } catch (RuntimeException | Error e) {
      flights.remove(key, flight);
      l1.asMap().remove(key, flight.answer); // before failing it: a caller who retries at once starts afresh
      flight.fail(e);
    }
  }

  private static CachedAnswer whole(CachedAnswer answer, Consumer<String> onDelta) {
    if (onDelta != null) {
      onDelta.accept(answer.answer());
    }
    return answer;
  }

  /** A new cache entry for an answer to {@code query} computed now, expiring after the configured TTL. */
  public CachedAnswer entry(String answer, String model, Usage usage, String query) {
    var now = clock.instant();
    return new CachedAnswer(answer, model, usage, now, now.plus(ttl), CacheKey.queryHash(query));
  }

  /** The L2 store behind this cache. */
  public CacheStore store() {
    return l2;
  }

  /** The counters of cross-instance single-flight. */
  public Coalescer.Stats coalescing() {
    return coalescer.stats();
  }

  /** L1 figures: size and Caffeine's counters. */
  public CacheStats l1Stats() {
    return l1.synchronous().stats();
  }

  /** Approximate number of L1 entries. */
  public long l1Size() {
    return l1.synchronous().estimatedSize();
  }

  /** The weight of L1's entries: their estimated bytes, each counted as at least its share of the entry limit. */
  public long l1Bytes() {
    return l1.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  /** The bound of {@link #l1Bytes()} ({@code CACHE_MAX_MB}). */
  public long l1MaxBytes() {
    return maxBytes;
  }

  /** What an entry holds in memory, estimated: its strings at two bytes a character, plus a fixed overhead. */
  static long estimatedBytes(String key, CachedAnswer value) {
    return 2L * (key.length() + value.answer().length() + value.model().length() + value.queryHash().length())
        + ENTRY_OVERHEAD_BYTES;
  }

  private Duration remaining(CachedAnswer value) {
    Duration left = Duration.between(clock.instant(), value.expireAt());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * The executor of computations: {@code threads} daemon threads (idle ones retire) and a bounded
   * queue; beyond it a computation is refused ({@code overloaded}) rather than queued without end.
   */
  static Executor computePool(int threads) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(threads * 16), task -> {
          Thread thread = new Thread(task, "agentfn-answer-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Settings of an {@link AnswerCache}, Caffeine style. */
  public static final class Builder {
    private long maxBytes = 128L << 20;
    private long maxEntries = 10_000;
    private Duration ttl = Duration.ofHours(1);
    private Duration computeTimeout = Duration.ofSeconds(55);
    private CacheStore store = CacheStore.none();
    private Coalescer coalescer;
    private int computeThreads = 64;
    private Ticker ticker = Ticker.systemTicker();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The most estimated bytes L1 holds ({@code CACHE_MAX_MB}). */
    public Builder maxBytes(long bytes) {
      this.maxBytes = bytes;
      return this;
    }

    /** The most entries L1 holds ({@code CACHE_MAX_ENTRIES}; 0 = no L1). */
    public Builder maxEntries(long entries) {
      this.maxEntries = entries;
      return this;
    }

    /** How long a new answer lives ({@code CACHE_TTL_SECONDS}). */
    public Builder ttl(Duration lifetime) {
      this.ttl = Objects.requireNonNull(lifetime, "ttl");
      return this;
    }

    /** The deadline of a computation, from its start ({@code REQUEST_TIMEOUT_MS}: as long as any caller may wait). */
    public Builder computeTimeout(Duration timeout) {
      this.computeTimeout = Objects.requireNonNull(timeout, "computeTimeout");
      return this;
    }

    /** The shared store (L2). */
    public Builder store(CacheStore l2) {
      this.store = Objects.requireNonNull(l2, "store");
      return this;
    }

    /** What a miss on both levels does (default: compute here, {@link Coalescer#alone}). */
    public Builder coalescer(Coalescer misses) {
      this.coalescer = Objects.requireNonNull(misses, "coalescer");
      return this;
    }

    /** Computations run on a pool of this many threads of the cache's own ({@code MODEL_MAX_CONCURRENCY}). */
    public Builder computeThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("computeThreads must be at least 1, got " + threads);
      }
      this.computeThreads = threads;
      return this;
    }

    /** Caffeine's time source (tests pass a fake). */
    public Builder ticker(Ticker source) {
      this.ticker = Objects.requireNonNull(source, "ticker");
      return this;
    }

    /** Wall time for {@code createdAt}/{@code expireAt} and deadlines (tests pass a fixed clock). */
    public Builder clock(Clock wallClock) {
      this.clock = Objects.requireNonNull(wallClock, "clock");
      return this;
    }

    public AnswerCache build() {
      return new AnswerCache(this);
    }
  }
}
