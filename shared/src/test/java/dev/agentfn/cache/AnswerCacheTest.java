package dev.agentfn.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentfn.model.Usage;
import dev.agentfn.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {
  private static final Duration TTL = Duration.ofMinutes(10);
  private final AtomicLong nanos = new AtomicLong();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final MemoryCacheStore l2 = new MemoryCacheStore();
  private final AnswerCache cache = AnswerCache.builder().maxEntries(100).ttl(TTL).store(l2).ticker(nanos::get)
      .clock(clock).build();
  private final AtomicInteger computations = new AtomicInteger();

  @Test
  void computesOnceThenServesFromL1AndWritesL2Once() {
    AnswerCache.Lookup first = CacheLookups.get(cache, clock, "k", () -> compute("q"));
    AnswerCache.Lookup second = CacheLookups.get(cache, clock, "k", () -> compute("q"));

    assertNull(first.level());
    assertEquals(CacheLevel.L1, second.level());
    assertEquals(first.answer(), second.answer());
    assertEquals(1, computations.get());
    assertEquals(1, l2.puts.get());
    assertEquals(1, l2.gets.get(), "an L1 hit does not read L2");
  }

  @Test
  void l2HitIsServedWithoutComputingAndBackfillsL1() {
    CachedAnswer stored = cache.entry("from another instance", "m", Usage.of(1, 2), "q");
    l2.answers.put("k", stored);

    AnswerCache.Lookup first = CacheLookups.get(cache, clock, "k", () -> compute("q"));
    AnswerCache.Lookup second = CacheLookups.get(cache, clock, "k", () -> compute("q"));

    assertEquals(CacheLevel.L2, first.level());
    assertSame(stored, first.answer());
    assertEquals(CacheLevel.L1, second.level());
    assertEquals(0, computations.get());
    assertEquals(0, l2.puts.get(), "no write on a hit");
  }

  @Test
  void l1EntryExpiresAfterTtl() {
    CacheLookups.get(cache, clock, "k", () -> compute("q"));
    advance(TTL.plusSeconds(1));
    l2.answers.clear();

    AnswerCache.Lookup again = CacheLookups.get(cache, clock, "k", () -> compute("q"));

    assertNull(again.level());
    assertEquals(2, computations.get());
  }

  @Test
  void expiredL2AnswerIsAMiss() {
    l2.answers.put("k", cache.entry("old", "m", Usage.of(1, 2), "q"));
    advance(TTL);

    AnswerCache.Lookup lookup = CacheLookups.get(cache, clock, "k", () -> compute("q"));

    assertNull(lookup.level());
    assertEquals(1, computations.get());
  }

  @Test
  void l2AnswerBackfilledIntoL1KeepsItsOwnExpiry() {
    l2.answers.put("k", cache.entry("stored earlier", "m", Usage.of(1, 2), "q"));
    advance(TTL.minusMinutes(1));
    CacheLookups.get(cache, clock, "k", () -> compute("q"));
    advance(Duration.ofMinutes(1));

    AnswerCache.Lookup lookup = CacheLookups.get(cache, clock, "k", () -> compute("q"));

    assertNull(lookup.level(), "served past the stored expireAt");
  }

  @Test
  void failedComputationIsNotCached() {
    IllegalStateException boom = new IllegalStateException("model down");
    assertSame(boom, assertThrows(IllegalStateException.class, () -> CacheLookups.get(cache, clock, "k", () -> {
      throw boom;
    })));

    AnswerCache.Lookup retry = CacheLookups.get(cache, clock, "k", () -> compute("q"));

    assertNull(retry.level());
    assertEquals(1, computations.get());
    assertEquals(1, l2.puts.get());
  }

  @Test
  void concurrentColdLookupsOfOneKeyShareOneComputation() throws Exception {
    for (AnswerCache.Lookup lookup : Stampede.run(cache, "k", 50, () -> compute("q"))) {
      assertEquals("answer 1", lookup.answer().answer());
    }
    assertEquals(1, computations.get());
    assertEquals(1, l2.puts.get());
  }

  @Test
  void entryCarriesTheQueryHashAndLifetime() {
    CachedAnswer entry = cache.entry("a", "m", Usage.of(1, 2), "  What  is AI? ");

    assertEquals(CacheKey.queryHash("What is AI?"), entry.queryHash());
    assertEquals(clock.instant().plus(TTL), entry.expireAt());
    assertFalse(entry.expiredAt(clock.instant()));
  }

  private CachedAnswer compute(String query) {
    int n = computations.incrementAndGet();
    return cache.entry("answer " + n, "m", Usage.of(3, 4), query);
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
    clock.advance(duration);
  }
}
