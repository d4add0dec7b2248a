package dev.agentfn.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.firestore.Claims;
import dev.agentfn.testing.FirestoreEmulator;
import dev.agentfn.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Budgets shared by three "instances" (each its own Firestore client and ledger) through slices on
 * the emulator, which does not isolate transactions: grants never exceed the limit, idle instances
 * give back, and an unreachable ledger refuses rather than spending blind.
 */
class FirestoreLedgerIT {
  private static final String PROJECT = "demo-budget-it";
  private static final long CENT = 10_000_000L;
  private static final String KEY = "key:aaaaaaaaaaaa";
  private static final String OTHER = "key:bbbbbbbbbbbb";
  private static final BudgetLimits LIMITS = BudgetLimits.of(new BigDecimal("0.10"), Map.of(), List.of(KEY, OTHER));
  @AutoClose
  private static final FirestoreEmulator emulator = FirestoreEmulator.start();
  @AutoClose("shutdownNow")
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));

  @BeforeEach
  void emptyEmulator() throws Exception {
    emulator.empty();
  }

  @Test
  void concurrentReservationsOverThreeInstancesAdmitExactlyWhatTheLimitHolds() throws Exception {
    List<Budgets> instances = List.of(instance("a"), instance("b"), instance("c"));
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> attempts = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      Budgets budgets = instances.get(i % 3);
      attempts.add(pool.submit(() -> {
        go.await(10, TimeUnit.SECONDS);
        try {
          budgets.reserve(KEY, CENT).settle(CENT);
          return true;
        } catch (BudgetExceededException e) {
          return false;
        }
      }));
    }
    go.countDown();
    int admitted = 0;
    for (Future<Boolean> attempt : attempts) {
      admitted += attempt.get(30, TimeUnit.SECONDS) ? 1 : 0;
    }

    assertEquals(10, admitted);
    instances.get(0).reserve(OTHER, 10 * CENT);
    instances.forEach(Budgets::sweep); // reports the spend (every second in production)
    assertEquals(0.10, awaitSpent(instances.get(2), KEY, 0.10));
  }

  @Test
  void anIdleInstanceGivesItsUnspentAllowanceBackToTheOthers() throws Exception {
    Budgets first = instance("a");
    Budgets second = instance("b");
    first.reserve(KEY, 9 * CENT).settle(CENT);
    assertThrows(BudgetExceededException.class, () -> second.reserve(KEY, 5 * CENT));

    clock.advance(Budgets.GIVE_BACK_AFTER);
    first.sweep();
    awaitClosed(KEY + "~2026-12-06~0", CENT);

    second.reserve(KEY, 9 * CENT);
    assertThrows(BudgetExceededException.class, () -> second.reserve(KEY, 1));
  }

  @Test
  void spendReachesFirestoreInOneReportPerSweepNotOneWritePerCall() throws Exception {
    Budgets budgets = instance("a");
    for (int i = 0; i < 5; i++) {
      budgets.reserve(KEY, CENT).settle(CENT / 2);
    }
    assertEquals(0.0, spent(budgets, KEY));

    budgets.sweep();

    assertEquals(0.025, awaitSpent(budgets, KEY, 0.025));
  }

  @Test
  void aSliceCarriesItsGrantHolderAndAnExpiryAfterTheReset() throws Exception {
    instance("a").reserve(KEY, 3 * CENT);

    DocumentSnapshot slice = read(KEY + "~2026-12-06~0");

    assertEquals(3 * CENT, slice.getLong(FirestoreLedger.AMOUNT));
    assertEquals("a", slice.getString(Claims.HOLDER));
    assertEquals(Timestamp.parseTimestamp("2026-12-08T00:00:00Z"), slice.getTimestamp(Claims.EXPIRE_AT));
  }

  @Test
  void anUnreachableLedgerRefusesNewAllowanceWith503() throws Exception {
    Budgets budgets = instance("a");
    budgets.reserve(KEY, CENT).settle(CENT); // its slice is used up: more needs the ledger
    emulator.kill();
    try {
      ApiException refused = assertThrows(ApiException.class, () -> budgets.reserve(KEY, 5 * CENT));
      assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE, refused.code());
    } finally {
      emulator.restart();
    }
  }

  private Budgets instance(String holder) {
    Firestore client = emulator.client(PROJECT);
    return new Budgets(LIMITS, BudgetPeriod.DAY, new FirestoreLedger(() -> client, Duration.ofSeconds(3), holder),
        clock);
  }

  @SuppressWarnings("unchecked")
  private static double spent(Budgets budgets, String key) {
    return (Double) ((Map<String, Map<String, Object>>) budgets.report().get("keys")).get(key).get("spent_usd");
  }

  /** Polls the shared report until the key's spend (written in the background) reaches {@code usd}. */
  private static double awaitSpent(Budgets budgets, String key, double usd) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      double spent = spent(budgets, key);
      if (Math.abs(spent - usd) < 1e-12 || System.nanoTime() > deadline) {
        return spent;
      }
      Thread.sleep(50);
    }
  }

  private static DocumentSnapshot read(String slice) throws Exception {
    return emulator.client(PROJECT).collection(FirestoreLedger.COLLECTION).document(slice).get()
        .get(10, TimeUnit.SECONDS);
  }

  /**
   * Waits for the give-back of {@code slice}: closed, with what was spent on it. (The emulator may
   * show the two fields of that one update at different moments; Firestore writes them together.)
   */
  private static void awaitClosed(String slice, long spent) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (DocumentSnapshot read = read(slice); !Boolean.TRUE.equals(read.getBoolean(FirestoreLedger.CLOSED))
        || read.getLong(FirestoreLedger.SPENT) != spent; read = read(slice)) {
      assertTrue(System.nanoTime() < deadline, "slice " + slice + " was never closed with " + spent + " spent");
      Thread.sleep(50);
    }
  }
}
