package dev.agentfn.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import java.time.Duration;
import java.util.Map;

/**
 * Per-caller token buckets: each caller may spend {@code perMinute} units a minute, refilled
 * continuously, with a burst of up to {@code perMinute}. The buckets live in a bounded cache (a flood
 * of distinct callers evicts idle buckets instead of exhausting memory; a bucket idle for a minute is
 * full anyway, so dropping it changes nothing). Limits are per instance. Thread-safe.
 */
public final class RateLimiter {
  /** Most callers whose buckets are kept at once. */
  public static final int MAX_CALLERS = 100_000;

  private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

  private final int perMinute;
  private final Ticker ticker;
  private final Cache<String, Bucket> buckets;

  /** A limiter on the system clock; {@code perMinute == 0} turns it off. */
  public RateLimiter(int perMinute) {
    this(perMinute, Ticker.systemTicker(), MAX_CALLERS);
  }

  RateLimiter(int perMinute, Ticker ticker, int maxCallers) {
    if (perMinute < 0) {
      throw new IllegalArgumentException("perMinute must be >= 0");
    }
    this.perMinute = perMinute;
    this.ticker = ticker;
    this.buckets = Caffeine.newBuilder()
        .maximumSize(maxCallers)
        .expireAfterAccess(Duration.ofMinutes(2))
        .ticker(ticker)
        .executor(Runnable::run)
        .build();
  }

  public boolean enabled() {
    return perMinute > 0;
  }

  /** Takes {@code units} from the caller's bucket or throws {@code rate_limited} with {@code Retry-After}. */
  public void acquire(String callerId, int units) {
    if (!enabled() || units <= 0) {
      return;
    }
    if (units > perMinute) {
      throw limited(units + " units at once exceed the rate limit of " + perMinute + " per minute", MINUTE_NANOS);
    }
    long now = ticker.read();
    long waitNanos = buckets.get(callerId, k -> new Bucket(perMinute, now)).take(units, now, perMinute);
    if (waitNanos > 0) {
      throw limited("rate limit of " + perMinute + " requests per minute exceeded", waitNanos);
    }
  }

  /** How many callers have a bucket now (for tests of the bound). */
  long trackedCallers() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private static ApiException limited(String message, long waitNanos) {
    long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    return new ApiException(ErrorCode.RATE_LIMITED, message + "; retry in " + seconds + " s",
        Map.of("Retry-After", Long.toString(seconds)), null);
  }

  /** One caller's tokens, refilled lazily from the ticker. */
  private static final class Bucket {
    private double tokens;
    private long updatedAt;

    Bucket(int capacity, long now) {
      this.tokens = capacity;
      this.updatedAt = now;
    }

    /** Takes the units and returns 0, or returns the nanoseconds until they would be there. */
    synchronized long take(int units, long now, int perMinute) {
      double perNano = perMinute / (double) MINUTE_NANOS;
      tokens = Math.min(perMinute, tokens + Math.max(0, now - updatedAt) * perNano);
      updatedAt = Math.max(updatedAt, now);
      if (tokens >= units) {
        tokens -= units;
        return 0;
      }
      return (long) Math.ceil((units - tokens) / perNano);
    }
  }
}
