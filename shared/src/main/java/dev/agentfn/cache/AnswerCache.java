package dev.agentfn.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The two-level answer cache: Caffeine in this instance (L1) in front of a shared {@link CacheStore}
 * (L2). Concurrent lookups of one key on an instance share one computation, and a failed
 * computation is never cached. Thread-safe.
 */
public final class AnswerCache {
  private final AsyncCache<String, CachedAnswer> l1;
  private final CacheStore l2;
  private final Coalescer coalescer;
  private final Clock clock;
  private final Duration ttl;

  /**
   * @param maxEntries L1 bound
   * @param ttl lifetime of a new answer
   * @param l2 the shared store ({@link CacheStore#none()} for L1 only)
   * @param coalescer what a miss on both levels does ({@link Coalescer#alone} or leases across instances)
   * @param ticker Caffeine's time source (tests pass a fake)
   * @param clock wall time for {@code createdAt}/{@code expireAt} (tests pass a fixed clock)
   */
  public AnswerCache(long maxEntries, Duration ttl, CacheStore l2, Coalescer coalescer, Ticker ticker, Clock clock) {
    this.l2 = l2;
    this.coalescer = coalescer;
    this.clock = clock;
    this.ttl = ttl;
    this.l1 = Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .expireAfter(Expiry.creating((String key, CachedAnswer value) -> remaining(value)))
        .ticker(ticker)
        .executor(Runnable::run)
        .recordStats()
        .buildAsync();
  }

  /** A cache whose misses are computed by the instance that has them. */
  public AnswerCache(long maxEntries, Duration ttl, CacheStore l2, Ticker ticker, Clock clock) {
    this(maxEntries, ttl, l2, Coalescer.alone(l2), ticker, clock);
  }

  /** A cache on the system clock whose misses are computed by the instance that has them. */
  public AnswerCache(long maxEntries, Duration ttl, CacheStore l2) {
    this(maxEntries, ttl, l2, Ticker.systemTicker(), Clock.systemUTC());
  }

  /** The result of a lookup: the answer and where it came from ({@code level} null = computed now). */
  public record Lookup(CachedAnswer answer, CacheLevel level) {
    public boolean cached() {
      return level != null;
    }
  }

  /** {@link #get(String, Instant, Supplier)} without a deadline. */
  public Lookup get(String key, Supplier<CachedAnswer> compute) {
    return get(key, null, compute);
  }

  /**
   * Returns the cached answer for {@code key}, or computes it with {@code compute} (a model call
   * whose result is stored in L1 and L2), or, with leases across instances, waits for another
   * instance's computation until {@code deadline}. Exceptions of {@code compute} propagate unwrapped
   * and are not cached.
   */
  public Lookup get(String key, Instant deadline, Supplier<CachedAnswer> compute) {
    CompletableFuture<CachedAnswer> mine = new CompletableFuture<>();
    CompletableFuture<CachedAnswer> current = l1.get(key, (k, executor) -> mine);
    if (current != mine) {
      try {
        return new Lookup(join(current), CacheLevel.L1);
      } catch (RuntimeException | Error e) {
        l1.asMap().remove(key, current); // now, not when Caffeine gets to it: a retry must not meet it again
        throw e;
      }
    }
    try {
      var stored = l2.get(key).filter(answer -> !answer.expiredAt(clock.instant()));
      if (stored.isPresent()) {
        mine.complete(stored.get());
        return new Lookup(stored.get(), CacheLevel.L2);
      }
      Lookup missed = coalescer.miss(key, deadline, compute);
      mine.complete(missed.answer());
      return missed;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /** A new cache entry for an answer to {@code query} computed now, expiring after the configured TTL. */
  public CachedAnswer entry(String answer, String model, dev.agentfn.model.Usage usage, String query) {
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

  private Duration remaining(CachedAnswer value) {
    Duration left = Duration.between(clock.instant(), value.expireAt());
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static CachedAnswer join(CompletableFuture<CachedAnswer> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    }
  }

  private static RuntimeException unwrap(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new CompletionException(cause);
  }
}
