package dev.agentfn.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.agentfn.model.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {
  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AnswerCache cache = new AnswerCache(100, Duration.ofSeconds(60), CacheStore.none(), ticker, clock);
  private final AtomicInteger computations = new AtomicInteger();

  private CachedAnswer compute() {
    computations.incrementAndGet();
    return cache.entry("answer " + computations.get(), "m", Usage.of(1, 2));
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
    clock.now = clock.now.plus(duration);
  }

  @Test
  void servesARepeatFromL1() {
    AnswerCache.Lookup first = cache.get("k", this::compute);
    AnswerCache.Lookup second = cache.get("k", this::compute);
    assertNull(first.level());
    assertEquals(CacheLevel.L1, second.level());
    assertEquals(first.answer(), second.answer());
    assertEquals(1, computations.get());
    assertEquals(1, cache.l1Stats().hitCount());
    assertEquals(1, cache.l1Stats().missCount());
  }

  @Test
  void expiresAfterTheTtl() {
    cache.get("k", this::compute);
    advance(Duration.ofSeconds(59));
    assertEquals(CacheLevel.L1, cache.get("k", this::compute).level());
    advance(Duration.ofSeconds(2));
    assertNull(cache.get("k", this::compute).level());
    assertEquals(2, computations.get());
  }

  @Test
  void neverCachesAFailure() {
    IllegalStateException boom = new IllegalStateException("upstream down");
    assertSame(boom, assertThrows(IllegalStateException.class, () -> cache.get("k", () -> {
      throw boom;
    })));
    assertNull(cache.get("k", this::compute).level());
    assertEquals(1, computations.get());
  }

  @Test
  void concurrentLookupsOfOneKeyShareOneComputation() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(50);
    try {
      java.util.List<java.util.concurrent.Future<AnswerCache.Lookup>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(pool.submit(() -> cache.get("k", () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return compute();
        })));
      }
      while (cache.l1Stats().requestCount() < 50) {
        Thread.onSpinWait();
      }
      release.countDown();
      int fresh = 0;
      for (var future : futures) {
        AnswerCache.Lookup lookup = future.get();
        assertEquals("answer 1", lookup.answer().answer());
        fresh += lookup.level() == null ? 1 : 0;
      }
      assertEquals(1, fresh);
      assertEquals(1, computations.get());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
