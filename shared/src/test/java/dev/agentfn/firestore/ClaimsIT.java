package dev.agentfn.firestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import dev.agentfn.testing.FirestoreEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claim primitive with the real Firestore client against the emulator, racing several clients
 * (as several instances would): one winner per document, distinct numbers, leases and takeover.
 */
class ClaimsIT {
  private static final String PROJECT = "demo-claims-it";
  private static final int RACERS = 12;
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  @AutoClose
  private static final FirestoreEmulator emulator = FirestoreEmulator.start();
  @AutoClose("shutdownNow")
  private final ExecutorService pool = Executors.newFixedThreadPool(RACERS);

  private final Claims claims = new Claims(Duration.ofSeconds(5));
  private final List<Firestore> instances = new ArrayList<>();

  @BeforeEach
  void emptyEmulator() throws Exception {
    emulator.empty();
    for (int i = 0; i < 3; i++) {
      instances.add(emulator.client(PROJECT));
    }
  }

  private CollectionReference collection(int instance) {
    return instances.get(instance % instances.size()).collection("claims");
  }

  @Test
  void ofConcurrentCreatesOfOneDocumentExactlyOneWinsAndTheOthersSeeItsFields() throws Exception {
    List<Claims.Claim> outcomes = race(i -> claims.claim(collection(i).document("one"), Map.of("by", "racer-" + i)));

    List<Claims.Claim> won = outcomes.stream().filter(c -> c instanceof Claims.Claim.Won).toList();
    assertEquals(1, won.size(), outcomes.toString());
    String winner = collection(0).document("one").get().get(5, TimeUnit.SECONDS).getString("by");
    for (Claims.Claim outcome : outcomes) {
      if (outcome instanceof Claims.Claim.Taken taken) {
        assertEquals(winner, taken.existing().getString("by"));
      }
    }
  }

  @Test
  void concurrentClaimsOfANumberedSeriesGetDistinctConsecutiveNumbers() throws Exception {
    List<Long> numbers = race(i -> claims.claimNext(n -> collection(i).document("turn-" + n), 1,
        n -> Map.of("n", n, "by", (long) i), RACERS + 1));

    Set<Long> distinct = new TreeSet<>(numbers);
    assertEquals(RACERS, distinct.size(), numbers.toString());
    assertEquals(LongStream.rangeClosed(1, RACERS).boxed().toList(), List.copyOf(distinct));
  }

  @Test
  void aLiveLeaseIsBusyForOthersAndAnExpiredOneIsTakenOverByExactlyOneCaller() throws Exception {
    Instant expiry = NOW.plusSeconds(30);
    Claims.Lease first = claims.lease(n -> collection(0).document("key~" + n), "a", NOW, expiry, 5);
    Claims.Lease second = claims.lease(n -> collection(1).document("key~" + n), "b", NOW.plusSeconds(10),
        NOW.plusSeconds(40), 5);

    assertEquals(0, assertInstanceOf(Claims.Lease.Held.class, first).generation());
    Claims.Lease.Busy busy = assertInstanceOf(Claims.Lease.Busy.class, second);
    assertEquals("a", busy.holder());
    assertEquals(expiry, busy.expireAt());

    Instant afterExpiry = expiry.plusSeconds(1);
    List<Claims.Lease> takeovers = race(i -> claims.lease(n -> collection(i).document("key~" + n), "t" + i,
        afterExpiry, afterExpiry.plusSeconds(30), 5));
    List<Claims.Lease> held = takeovers.stream().filter(l -> l instanceof Claims.Lease.Held).toList();
    assertEquals(1, held.size(), takeovers.toString());
    assertEquals(1, ((Claims.Lease.Held) held.get(0)).generation());
    assertTrue(takeovers.stream().allMatch(l -> l instanceof Claims.Lease.Held
        || ((Claims.Lease.Busy) l).generation() == 1));
  }

  @Test
  void aReleasedLeaseIsFreeAtOnce() {
    Claims.Lease.Held held = (Claims.Lease.Held) claims.lease(n -> collection(0).document("k~" + n), "a", NOW,
        NOW.plusSeconds(60), 5);
    claims.release(held);

    Claims.Lease next = claims.lease(n -> collection(1).document("k~" + n), "b", NOW, NOW.plusSeconds(60), 5);

    assertEquals(0, assertInstanceOf(Claims.Lease.Held.class, next).generation());
  }

  @Test
  void aRenewedLeaseStaysBusyPastItsFirstExpiry() {
    Claims.Lease.Held held = (Claims.Lease.Held) claims.lease(n -> collection(0).document("r~" + n), "a", NOW,
        NOW.plusSeconds(10), 5);
    Claims.Lease.Held renewed = claims.renew(held, NOW.plusSeconds(40));

    Claims.Lease later = claims.lease(n -> collection(1).document("r~" + n), "b", NOW.plusSeconds(20),
        NOW.plusSeconds(50), 5);

    assertEquals(NOW.plusSeconds(40), renewed.expireAt());
    Claims.Lease.Busy busy = assertInstanceOf(Claims.Lease.Busy.class, later);
    assertEquals(0, busy.generation());
    assertEquals(NOW.plusSeconds(40), busy.expireAt());
  }

  @Test
  void aDeadEmulatorIsAFastFirestoreUnavailableException() throws Exception {
    CollectionReference collection = collection(0);
    claims.claim(collection.document("warm"), Map.of("x", 1L));
    emulator.kill();
    try {
      Claims quick = new Claims(Duration.ofSeconds(3));
      assertThrows(FirestoreUnavailableException.class, () -> quick.claim(collection.document("x"), Map.of("x", 1L)));
    } finally {
      emulator.restart();
    }
  }

  /** Runs {@code task(i)} for {@value #RACERS} racers released at once; bounded waits. */
  private <T> List<T> race(IndexedTask<T> task) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      int racer = i;
      Callable<T> call = () -> {
        assertTrue(go.await(10, TimeUnit.SECONDS));
        return task.run(racer);
      };
      futures.add(pool.submit(call));
    }
    go.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(30, TimeUnit.SECONDS));
    }
    return results;
  }

  @FunctionalInterface
  private interface IndexedTask<T> {
    T run(int racer) throws Exception;
  }
}
