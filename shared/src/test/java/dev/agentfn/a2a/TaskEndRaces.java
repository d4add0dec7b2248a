package dev.agentfn.a2a;

import static dev.agentfn.testing.A2aJsonRpc.userMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentfn.api.CallContext;
import dev.agentfn.testing.MutableClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A cancel racing a completion, placed exactly, against any pair of task stores that share their
 * data (two instances): run by {@code A2aServiceTest} on the in-memory store and by
 * {@code FirestoreTaskStoreIT} on the emulator.
 */
final class TaskEndRaces {
  private final TaskStore storeA;
  private final TaskStore storeB;
  private final MutableClock clock;
  private final CallContext context;

  /** @param storeA the store of the instance that runs tasks; {@code storeB} another instance's view of the same data */
  TaskEndRaces(TaskStore storeA, TaskStore storeB, MutableClock clock) {
    this.storeA = storeA;
    this.storeB = storeB;
    this.clock = clock;
    this.context = new CallContext("req-1", "alice", clock.instant().plusSeconds(60));
  }

  /**
   * The cancel arrives after the run finished but before its end is stored: it is refused as not
   * cancelable and the task stays completed, or it is confirmed and the task ends canceled; never
   * a confirmed cancel over a task stored as completed.
   */
  void aCancelArrivingAsTheTaskCompletesNeverContradictsTheStoredEnd() {
    HookedTaskStore hooked = new HookedTaskStore(storeA, storeA.shared());
    FakeTaskRunner runner = new FakeTaskRunner();
    A2aService instanceA = new A2aService(() -> runner, hooked, clock);
    A2aService instanceB = new A2aService(() -> runner, storeB, clock);
    AtomicReference<Object> cancel = new AtomicReference<>();
    hooked.beforeSave = task -> {
      if (task.state().terminal() && cancel.get() == null) {
        try {
          cancel.set(instanceB.cancel("alice", task.id()).state());
        } catch (A2aError e) {
          cancel.set(e.code());
        }
      }
    };
    StoredTask sent = instanceA.send(userMessage("quick"), context, event -> { }, () -> false);
    TaskState stored = instanceB.get("alice", sent.id()).state();
    assertEquals(stored, sent.state(), "what the sender was told is what is stored");
    if (cancel.get() == TaskState.CANCELED) {
      assertEquals(TaskState.CANCELED, stored, "a confirmed cancel is the task's end");
    } else {
      assertEquals(A2aError.TASK_NOT_CANCELABLE, cancel.get());
      assertEquals(TaskState.COMPLETED, stored, "a refused cancel leaves the completed task alone");
    }
  }

  /** A cancel confirmed while the run goes on (ignoring it) is not overwritten when the run completes. */
  void aConfirmedCancelIsNeverOverwrittenByTheCompletion() {
    FakeTaskRunner runner = new FakeTaskRunner();
    A2aService instanceA = new A2aService(() -> runner, storeA, clock);
    A2aService instanceB = new A2aService(() -> runner, storeB, clock);
    runner.behaviour = run -> {
      assertEquals(TaskState.CANCELED, instanceB.cancel("alice", run.taskId()).state());
      return FakeTaskRunner.completed(run);
    };
    StoredTask sent = instanceA.send(userMessage("ignores cancels"), context, event -> { }, () -> false);
    assertEquals(TaskState.CANCELED, sent.state());
    assertEquals(TaskState.CANCELED, instanceB.get("alice", sent.id()).state());
  }

  /** Claims made at once from many threads and both instances agree on one winner. */
  void concurrentClaimsAgreeOnOneEnd() throws Exception {
    int claimants = 8;
    CyclicBarrier start = new CyclicBarrier(claimants);
    ExecutorService threads = Executors.newFixedThreadPool(claimants);
    try {
      List<Future<TaskState>> claims = new ArrayList<>();
      for (int i = 0; i < claimants; i++) {
        TaskStore store = i % 2 == 0 ? storeA : storeB;
        TaskState state = i % 2 == 0 ? TaskState.COMPLETED : TaskState.CANCELED;
        claims.add(threads.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return store.claimFinal("race-1", state, clock.instant().plus(A2aService.TASK_TTL));
        }));
      }
      Set<TaskState> winners = new HashSet<>();
      for (Future<TaskState> claim : claims) {
        winners.add(claim.get(30, TimeUnit.SECONDS));
      }
      assertEquals(1, winners.size(), "one end for everyone: " + winners);
      assertEquals(winners.iterator().next(), storeB.finalState("race-1").orElseThrow());
    } finally {
      threads.shutdownNow();
    }
  }
}
