package dev.agentfn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The emulator fixture itself: the real Firestore client reads and writes, and each fault behaves as documented. */
class FirestoreEmulatorIT {
  @AutoClose
  private static final FirestoreEmulator emulator = FirestoreEmulator.start();

  @Test
  void realClientWritesAndReadsBackAndResetEmptiesIt() throws Exception {
    Firestore db = emulator.client("demo-fixture-rw");
    db.collection("c").document("d").set(Map.of("n", 1L)).get(10, TimeUnit.SECONDS);

    assertEquals(1L, db.collection("c").document("d").get().get(10, TimeUnit.SECONDS).getLong("n"));

    emulator.reset();
    assertFalse(db.collection("c").document("d").get().get(10, TimeUnit.SECONDS).exists());
  }

  @Test
  void killedEmulatorFailsCallsAndRestartServesAgainOnTheSameHost() throws Exception {
    Firestore db = emulator.client("demo-fixture-kill");
    String host = emulator.host();
    emulator.kill();
    try {
      ExecutionException failure = assertThrows(ExecutionException.class,
          () -> db.collection("c").document("d").get().get(30, TimeUnit.SECONDS));
      assertTrue(failure.getCause() instanceof com.google.api.gax.rpc.ApiException
          || failure.getCause() instanceof FirestoreException, failure.getCause().toString());
    } finally {
      emulator.restart();
    }
    assertEquals(host, emulator.host());
    // The client's channel reconnects after gRPC's backoff; until then calls may still fail fast.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        assertFalse(db.collection("c").document("d").get().get(30, TimeUnit.SECONDS).exists());
        return;
      } catch (ExecutionException stillReconnecting) {
        if (System.nanoTime() > deadline) {
          throw stillReconnecting;
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void frozenEmulatorHangsCallsUntilThawed() throws Exception {
    Firestore db = emulator.client("demo-fixture-freeze");
    db.collection("c").document("d").set(Map.of("n", 2L)).get(10, TimeUnit.SECONDS);
    emulator.freeze();
    var pending = db.collection("c").document("d").get();
    try {
      assertThrows(TimeoutException.class, () -> pending.get(500, TimeUnit.MILLISECONDS));
    } finally {
      emulator.thaw();
    }
    assertEquals(2L, pending.get(10, TimeUnit.SECONDS).getLong("n"));
  }
}
