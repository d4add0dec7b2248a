package dev.agentfn.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.agentfn.model.Usage;
import dev.agentfn.testing.FirestoreEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The L2 store with the real Firestore client against the emulator: sharing between instances,
 * expiry on read, and failing open while the emulator is killed or frozen.
 */
class FirestoreCacheStoreIT {
  private static final String PROJECT = "demo-cache-it";
  private static final String COLLECTION = "agent_cache";
  private static final Duration TTL = Duration.ofHours(1);
  private static final Duration READ_TIMEOUT = Duration.ofMillis(200);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
  @AutoClose
  private static final FirestoreEmulator emulator = FirestoreEmulator.start();

  private final AtomicInteger computations = new AtomicInteger();
  private final AtomicLong breakerNanos = new AtomicLong();

  @BeforeEach
  void emptyEmulator() throws Exception {
    emulator.empty();
  }

  @Test
  void secondInstanceIsServedFromL2WithoutComputing() throws Exception {
    FirestoreCacheStore storeA = store(emulator.client(PROJECT), CLOCK);
    FirestoreCacheStore storeB = store(emulator.client(PROJECT), CLOCK);
    AnswerCache instanceA = instance(storeA);
    AnswerCache instanceB = instance(storeB);

    AnswerCache.Lookup computed = CacheLookups.get(instanceA, CLOCK, "k1", () -> compute(instanceA, "q"));
    awaitStored("k1");
    AnswerCache.Lookup shared = CacheLookups.get(instanceB, CLOCK, "k1", () -> compute(instanceB, "q"));
    AnswerCache.Lookup local = CacheLookups.get(instanceB, CLOCK, "k1", () -> compute(instanceB, "q"));

    assertNull(computed.level());
    assertEquals(CacheLevel.L2, shared.level());
    assertEquals(computed.answer(), shared.answer());
    assertEquals(CacheLevel.L1, local.level());
    assertEquals(1, computations.get());
    assertEquals(new CacheStore.StoreStats(1, 0, 0), storeB.stats());
    assertEquals(new CacheStore.StoreStats(0, 1, 0), storeA.stats());
    assertEquals("ok", storeB.status());
  }

  @Test
  void documentCarriesTheAnswerAndAnExpireAtTimestamp() throws Exception {
    FirestoreCacheStore store = store(emulator.client(PROJECT), CLOCK);
    CachedAnswer answer = new CachedAnswer("hello", "m1", Usage.of(5, 7), CLOCK.instant(),
        CLOCK.instant().plus(TTL), CacheKey.queryHash("q"));

    store.put("k2", answer);
    DocumentSnapshot doc = awaitStored("k2");

    assertEquals(Timestamp.parseTimestamp("2026-11-25T13:00:00Z"), doc.getTimestamp(FirestoreCacheStore.EXPIRE_AT));
    assertEquals(Timestamp.parseTimestamp("2026-11-25T12:00:00Z"), doc.getTimestamp("createdAt"));
    assertEquals("hello", doc.getString("answer"));
    assertEquals(CacheKey.queryHash("q"), doc.getString("queryHash"));
    assertEquals(answer, store.get("k2").orElseThrow());
  }

  @Test
  void expiredButUndeletedDocumentIsAMiss() throws Exception {
    FirestoreCacheStore writer = store(emulator.client(PROJECT), CLOCK);
    writer.put("k3", new CachedAnswer("stale", "m", Usage.of(1, 1), CLOCK.instant(), CLOCK.instant().plus(TTL), "h"));
    awaitStored("k3");
    FirestoreCacheStore reader = store(emulator.client(PROJECT), Clock.offset(CLOCK, TTL));

    assertTrue(reader.get("k3").isEmpty());
    assertTrue(emulator.client(PROJECT).collection(COLLECTION).document("k3").get().get(10, TimeUnit.SECONDS).exists(),
        "the emulator (like Firestore before its TTL sweep) still holds the document");
    assertEquals(new CacheStore.StoreStats(0, 1, 0), reader.stats());
  }

  /**
   * Writes run in the background, so the absence of the document alone could mean "not yet": the
   * test also counts the store's uses of its client, and {@code put} returns only after starting
   * its write. The oversized answer must not have touched Firestore; the small one after it did.
   */
  @Test
  void oversizedAnswerIsNotWritten() throws Exception {
    Firestore client = emulator.client(PROJECT);
    AtomicInteger uses = new AtomicInteger();
    FirestoreCacheStore store = store(() -> {
      uses.incrementAndGet();
      return client;
    }, CLOCK);
    String huge = "a".repeat(FirestoreCacheStore.MAX_DOCUMENT_BYTES);

    store.put("big", new CachedAnswer(huge, "m", Usage.of(1, 1), CLOCK.instant(), CLOCK.instant().plus(TTL), "h"));
    assertEquals(0, uses.get(), "the oversized answer reached the Firestore client");
    store.put("small", new CachedAnswer("ok", "m", Usage.of(1, 1), CLOCK.instant(), CLOCK.instant().plus(TTL), "h"));
    assertEquals(1, uses.get(), "the small answer is written");
    awaitStored("small");

    assertFalse(client.collection(COLLECTION).document("big").get().get(10, TimeUnit.SECONDS).exists());
  }

  @Test
  void requestsKeepSucceedingWhileTheEmulatorIsKilledAndL2RecoversAfterRestart() throws Exception {
    FirestoreCacheStore store = store(emulator.client(PROJECT), CLOCK);
    AnswerCache cache = instance(store);
    CacheLookups.get(cache, CLOCK, "warm", () -> compute(cache, "warm"));

    emulator.kill();
    int requests = 10;
    serveColdQueries(cache, "while killed", requests);

    // The client retries UNAVAILABLE by itself, so a dead emulator shows up as reads that time out.
    assertTrue(store.status().startsWith("unavailable: "), store.status());
    long errors = store.stats().errors();
    assertTrue(errors >= 3 && errors < requests, "breaker stops calls after a few errors, got " + errors);

    emulator.restart();
    awaitRecovery(store, cache);
  }

  @Test
  void requestsKeepSucceedingWhileTheEmulatorIsFrozenAndL2RecoversAfterThaw() throws Exception {
    FirestoreCacheStore store = store(emulator.client(PROJECT), CLOCK);
    AnswerCache cache = instance(store);
    CacheLookups.get(cache, CLOCK, "warm", () -> compute(cache, "warm"));

    emulator.freeze();
    try {
      serveColdQueries(cache, "while frozen", 10);
      assertEquals("unavailable: read timed out after 200 ms (paused, retrying)", store.status());
    } finally {
      emulator.thaw();
    }
    awaitRecovery(store, cache);
  }

  @Test
  void statusProbesFirestoreWhenNoRequestHasToldAnythingRecently() throws Exception {
    FirestoreCacheStore store = store(emulator.client(PROJECT), CLOCK);
    assertEquals("ok", store.status(), "first status probes a live emulator");

    emulator.kill();
    breakerNanos.addAndGet(Duration.ofSeconds(FirestoreCacheStore.STATUS_PROBE_AFTER_SECONDS).toNanos());

    assertTrue(store.status().startsWith("unavailable: "), store.status());
    assertEquals(new CacheStore.StoreStats(0, 0, 1), store.stats());
  }

  @Test
  void fiftyConcurrentColdRequestsCostOneComputation() throws Exception {
    FirestoreCacheStore store = store(emulator.client(PROJECT), CLOCK);
    AnswerCache cache = instance(store);

    for (AnswerCache.Lookup lookup : Stampede.run(cache, "hot", 50, () -> compute(cache, "hot"))) {
      assertEquals("answer 1", lookup.answer().answer());
    }
    assertEquals(1, computations.get());
    assertEquals(1, store.stats().misses(), "one L2 read for the whole stampede");
  }

  /** Keeps serving requests (letting the breaker probe) until L2 is healthy again, then checks it serves. */
  private void awaitRecovery(FirestoreCacheStore store, AnswerCache cache) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int i = 0;
    while (!"ok".equals(store.status())) {
      assertTrue(System.nanoTime() < deadline, "L2 did not recover: " + store.status());
      breakerNanos.addAndGet(Duration.ofSeconds(5).toNanos());
      String query = "recovering " + i++;
      assertNull(CacheLookups.get(cache, CLOCK, query, () -> compute(cache, query)).level());
      Thread.sleep(50);
    }
    CacheLookups.get(cache, CLOCK, "after recovery", () -> compute(cache, "after recovery"));
    awaitStored("after recovery");
  }

  /** Asks {@code count} new queries; each must be answered (computed, as L2 is down). */
  private void serveColdQueries(AnswerCache cache, String prefix, int count) {
    for (int i = 0; i < count; i++) {
      String query = prefix + " " + i;
      assertNull(CacheLookups.get(cache, CLOCK, query, () -> compute(cache, query)).level());
    }
  }

  /** One "function instance": its own L1 in front of {@code store}. */
  private static AnswerCache instance(FirestoreCacheStore store) {
    return AnswerCache.builder().maxEntries(100).ttl(TTL).store(store).clock(CLOCK).build();
  }

  private FirestoreCacheStore store(Firestore client, Clock clock) {
    return store(() -> client, clock);
  }

  private FirestoreCacheStore store(Supplier<Firestore> client, Clock clock) {
    return new FirestoreCacheStore(client, COLLECTION, clock, READ_TIMEOUT,
        FirestoreCacheStore.breaker(breakerNanos::get));
  }

  private CachedAnswer compute(AnswerCache cache, String query) {
    return cache.entry("answer " + computations.incrementAndGet(), "m", Usage.of(3, 4), query);
  }

  /** Waits until the background write of {@code key} has landed (writes are off the request path). */
  private static DocumentSnapshot awaitStored(String key) throws Exception {
    Firestore client = emulator.client(PROJECT);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      DocumentSnapshot doc = client.collection(COLLECTION).document(key).get().get(10, TimeUnit.SECONDS);
      if (doc.exists()) {
        return doc;
      }
      assertTrue(System.nanoTime() < deadline, "document " + key + " was never written");
      Thread.sleep(20);
    }
  }
}
