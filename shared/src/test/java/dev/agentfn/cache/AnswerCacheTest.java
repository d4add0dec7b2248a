package dev.agentfn.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.model.Usage;
import dev.agentfn.testing.Eventually;
import dev.agentfn.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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

  @Test
  void aComputationOutlivesTheCallerWhoStartedItAndIsCached() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Clock real = Clock.systemUTC();
    AnswerCache live = AnswerCache.builder().ttl(TTL).store(l2).build();
    AnswerCache.Computation slow = (deadline, deltas) -> {
      Eventually.await(release);
      return live.entry("late answer", "m", Usage.of(1, 2), "q");
    };

    ApiException gone = assertThrows(ApiException.class,
        () -> live.get("k", real.instant().plusMillis(100), slow, null));
    assertEquals(ErrorCode.DEADLINE_EXCEEDED, gone.code());
    CompletableFuture<AnswerCache.Lookup> patient = CompletableFuture.supplyAsync(
        () -> live.get("k", real.instant().plusSeconds(30), slow, null));
    release.countDown();

    assertEquals("late answer", patient.get(30, TimeUnit.SECONDS).answer().answer());
    assertEquals(CacheLevel.L1, live.get("k", real.instant().plusSeconds(30), slow, null).level());
    assertEquals(1, l2.puts.get(), "computed once, stored once");
  }

  @Test
  void streamingCallersGetEveryChunkAndOneWhoLeavesEndsOnlyItself() throws Exception {
    CountDownLatch firstChunkOut = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Clock real = Clock.systemUTC();
    AnswerCache live = AnswerCache.builder().ttl(TTL).build();
    AnswerCache.Computation streamed = (deadline, deltas) -> {
      deltas.accept("Hel");
      firstChunkOut.countDown();
      Eventually.await(release);
      deltas.accept("lo");
      return live.entry("Hello", "m", Usage.of(1, 2), "q");
    };
    List<String> leaver = new CopyOnWriteArrayList<>();
    CompletableFuture<AnswerCache.Lookup> leaving = CompletableFuture.supplyAsync(() ->
        live.get("k", real.instant().plusSeconds(30), streamed, text -> {
          leaver.add(text);
          throw new UncheckedIOException(new IOException("the client went away"));
        }));
    Eventually.await(firstChunkOut);
    assertThrows(ExecutionException.class, () -> leaving.get(30, TimeUnit.SECONDS));
    List<String> late = new CopyOnWriteArrayList<>();
    CompletableFuture<AnswerCache.Lookup> joiner = CompletableFuture.supplyAsync(() ->
        live.get("k", real.instant().plusSeconds(30), streamed, late::add));
    CompletableFuture<AnswerCache.Lookup> plain = CompletableFuture.supplyAsync(() ->
        live.get("k", real.instant().plusSeconds(30), streamed, null));
    release.countDown();

    assertEquals(List.of("Hel"), leaver);
    assertEquals("Hello", joiner.get(30, TimeUnit.SECONDS).answer().answer());
    assertEquals("Hello", String.join("", late), "replayed from the start, then live");
    assertEquals("Hello", plain.get(30, TimeUnit.SECONDS).answer().answer());
    List<String> hit = new CopyOnWriteArrayList<>();
    live.get("k", real.instant().plusSeconds(30), streamed, hit::add);
    assertEquals(List.of("Hello"), hit, "a cached answer is one chunk");
  }

  @Test
  void l1IsBoundedByTheBytesOfItsAnswers() {
    AnswerCache small = AnswerCache.builder().maxBytes(100_000).maxEntries(1_000).ttl(TTL).ticker(nanos::get)
        .clock(clock).build();
    for (int i = 0; i < 20; i++) {
      String big = "x".repeat(10_000);
      CacheLookups.get(small, clock, "k" + i, () -> small.entry(big, "m", Usage.of(1, 2), "q"));
    }

    assertTrue(small.l1Bytes() <= 100_000, "weighed " + small.l1Bytes());
    assertTrue(small.l1Size() <= 5, "20-KB answers in 100 KB: at most 4 or 5, got " + small.l1Size());
    assertTrue(small.l1Stats().evictionCount() >= 15);
  }

  @Test
  void maxEntriesStillBoundsTheNumberOfSmallAnswers() {
    AnswerCache few = AnswerCache.builder().maxBytes(100L << 20).maxEntries(10).ttl(TTL).ticker(nanos::get)
        .clock(clock).build();
    for (int i = 0; i < 50; i++) {
      CacheLookups.get(few, clock, "k" + i, () -> few.entry("tiny", "m", Usage.of(1, 2), "q"));
    }

    assertTrue(few.l1Size() <= 10, "got " + few.l1Size());
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
