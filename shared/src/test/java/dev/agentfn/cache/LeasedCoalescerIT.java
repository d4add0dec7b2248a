package dev.agentfn.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.agentfn.firestore.Claims;
import dev.agentfn.firestore.Firestores;
import dev.agentfn.model.Usage;
import dev.agentfn.testing.FirestoreEmulator;
import dev.agentfn.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Single-flight across "instances" (each its own Firestore client, L2 store and L1) on the emulator:
 * one computation for concurrent misses, release on failure, takeover of a dead holder's lease,
 * renewal while the holder works, and computing alone when Firestore is down.
 */
class LeasedCoalescerIT {
  private static final String PROJECT = "demo-leases-it";
  private static final Duration TTL = Duration.ofHours(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  @AutoClose
  private static final FirestoreEmulator emulator = FirestoreEmulator.start();
  @AutoClose("shutdownNow")
  private final ExecutorService pool = Executors.newCachedThreadPool();

  private final AtomicInteger computations = new AtomicInteger();

  @BeforeEach
  void emptyEmulator() throws Exception {
    emulator.empty();
  }

  @Test
  void concurrentMissesOnThreeInstancesCostOneComputationAndAllGetItsAnswer() throws Exception {
    List<AnswerCache> instances = List.of(instance(Clock.systemUTC(), TTL), instance(Clock.systemUTC(), TTL),
        instance(Clock.systemUTC(), TTL));
    CountDownLatch go = new CountDownLatch(1);
    List<Future<AnswerCache.Lookup>> lookups = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      AnswerCache cache = instances.get(i % 3);
      lookups.add(pool.submit(() -> {
        go.await(10, TimeUnit.SECONDS);
        return get(cache, "hot", () -> slowly(cache, "q", Duration.ofSeconds(1)));
      }));
    }
    go.countDown();

    List<AnswerCache.Lookup> results = new ArrayList<>();
    for (Future<AnswerCache.Lookup> lookup : lookups) {
      results.add(lookup.get(30, TimeUnit.SECONDS));
    }

    assertEquals(1, computations.get());
    assertEquals(Set.of("answer 1"), results.stream().map(r -> r.answer().answer()).collect(Collectors.toSet()));
    long coalesced = instances.stream().mapToLong(c -> c.coalescing().coalesced()).sum();
    long led = instances.stream().mapToLong(c -> c.coalescing().led()).sum();
    assertEquals(1, led);
    assertEquals(2, coalesced, "the two other instances each waited once for the holder's answer");
    assertTrue(leases().isEmpty(), "the holder released its lease");
  }

  @Test
  void aFailedComputationReleasesTheLeaseAtOnceSoAWaiterComputesItself() throws Exception {
    AnswerCache holder = instance(Clock.systemUTC(), TTL);
    AnswerCache waiter = instance(Clock.systemUTC(), TTL);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch fail = new CountDownLatch(1);
    Future<AnswerCache.Lookup> failing = pool.submit(() -> get(holder, "k", () -> {
      holding.countDown();
      await(fail);
      throw new IllegalStateException("model down");
    }));
    assertTrue(holding.await(10, TimeUnit.SECONDS));
    Future<AnswerCache.Lookup> waiting = pool.submit(() -> get(waiter, "k", () -> compute(waiter, "q")));
    awaitWaiting(waiter);

    fail.countDown();

    ExecutionException failed = assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
    assertEquals("model down", failed.getCause().getMessage());
    // The lease lives 60 s: an answer within seconds means it was released, not left to expire.
    AnswerCache.Lookup computed = waiting.get(10, TimeUnit.SECONDS);
    assertNull(computed.level());
    assertEquals(1, computations.get());
  }

  @Test
  void aLeaseWhoseHolderDiedIsTakenOverOnceItExpires() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    AnswerCache survivor = instance(clock, Duration.ofSeconds(5));
    lease("dead", 0).create(Map.of(Claims.HOLDER, "dead-instance",
        Claims.EXPIRE_AT, Firestores.timestamp(clock.instant().plusSeconds(5)))).get(10, TimeUnit.SECONDS);
    Future<AnswerCache.Lookup> waiting = pool.submit(() -> get(survivor, "dead", () -> compute(survivor, "q")));
    awaitWaiting(survivor);
    assertEquals(0, computations.get(), "the lease is live: nobody computes yet");

    clock.advance(Duration.ofSeconds(6));

    AnswerCache.Lookup taken = waiting.get(10, TimeUnit.SECONDS);
    assertNull(taken.level());
    assertEquals(1, computations.get());
    assertEquals(1, survivor.coalescing().takeovers());
  }

  @Test
  void theHolderRenewsItsLeaseSoASlowCallIsNotTakenOver() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
    Duration lease = Duration.ofSeconds(3);
    AnswerCache holder = instance(clock, lease);
    AnswerCache other = instance(clock, lease);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Future<AnswerCache.Lookup> slow = pool.submit(() -> get(holder, "slow", () -> {
      holding.countDown();
      await(finish);
      return compute(holder, "q");
    }));
    assertTrue(holding.await(10, TimeUnit.SECONDS));
    Instant firstExpiry = clock.instant().plus(lease);

    clock.advance(Duration.ofSeconds(2));
    awaitExpiryAfter(lease("slow", 0), firstExpiry);
    clock.advance(Duration.ofSeconds(2)); // past the first expiry, not the renewed one
    Future<AnswerCache.Lookup> waiting = pool.submit(() -> get(other, "slow", () -> compute(other, "q")));
    awaitWaiting(other);
    finish.countDown();

    assertNull(slow.get(10, TimeUnit.SECONDS).level());
    AnswerCache.Lookup coalesced = waiting.get(10, TimeUnit.SECONDS);
    assertSame(CacheLevel.L2, coalesced.level());
    assertEquals(1, computations.get());
    assertEquals(0, other.coalescing().takeovers());
  }

  @Test
  void withFirestoreDownAMissIsComputedHere() throws Exception {
    AnswerCache cache = instance(Clock.systemUTC(), TTL);
    get(cache, "warm", () -> compute(cache, "warm"));
    emulator.kill();
    try {
      AnswerCache.Lookup computed = get(cache, "cold", () -> compute(cache, "cold"));

      assertNull(computed.level());
      assertEquals(2, computations.get());
      assertTrue(cache.coalescing().errors() + cache.store().stats().errors() > 0);
    } finally {
      emulator.restart();
    }
  }

  /** One "function instance" with its own client, L2 store and L1, coalescing through leases. */
  private static AnswerCache instance(Clock clock, Duration lease) {
    Firestore client = emulator.client(PROJECT);
    FirestoreCacheStore store = new FirestoreCacheStore(() -> client, "agent_cache", clock, TIMEOUT);
    return AnswerCache.builder().maxEntries(100).ttl(TTL).store(store).coalescer(Coalescer.leases(store, TIMEOUT,
        lease, clock, "instance-" + System.identityHashCode(store))).ticker(System::nanoTime).clock(clock).build();
  }

  /** A lookup whose caller waits as long as the test lets it (its futures are bounded). */
  private static AnswerCache.Lookup get(AnswerCache cache, String key, Supplier<CachedAnswer> compute) {
    return cache.get(key, Instant.parse("2100-01-01T00:00:00Z"), (until, deltas) -> compute.get(), null);
  }

  private CachedAnswer compute(AnswerCache cache, String query) {
    return cache.entry("answer " + computations.incrementAndGet(), "m", Usage.of(3, 4), query);
  }

  private CachedAnswer slowly(AnswerCache cache, String query, Duration latency) {
    try {
      Thread.sleep(latency.toMillis()); // the model call's latency
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return compute(cache, query);
  }

  private static DocumentReference lease(String key, long generation) {
    return emulator.client(PROJECT).collection(LeasedCoalescer.COLLECTION).document(key + "~" + generation);
  }

  private static List<String> leases() throws Exception {
    Firestore client = emulator.client(PROJECT);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> ids;
    do {
      ids = client.collection(LeasedCoalescer.COLLECTION).get().get(10, TimeUnit.SECONDS).getDocuments().stream()
          .map(DocumentSnapshot::getId).toList();
    } while (!ids.isEmpty() && System.nanoTime() < deadline && pause());
    return ids;
  }

  /** Waits until {@code cache} has a miss waiting for another instance's answer. */
  private static void awaitWaiting(AnswerCache cache) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cache.coalescing().waiting() == 0) {
      assertTrue(System.nanoTime() < deadline, "the miss never waited for the lease");
      pause();
    }
  }

  private static void awaitExpiryAfter(DocumentReference lease, Instant expiry) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Firestores.instant(lease.get().get(10, TimeUnit.SECONDS).getTimestamp(Claims.EXPIRE_AT)).isAfter(expiry)) {
      assertTrue(System.nanoTime() < deadline, "the holder never renewed its lease");
      pause();
    }
  }

  private static boolean pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(20, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
