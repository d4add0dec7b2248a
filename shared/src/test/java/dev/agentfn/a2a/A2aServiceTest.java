package dev.agentfn.a2a;

import static dev.agentfn.testing.A2aJsonRpc.userMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentfn.api.CallContext;
import dev.agentfn.testing.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The service's cancellation rules on the in-memory store, whose claims have real first-wins semantics. */
class A2aServiceTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final TaskStore shared = TaskStore.inMemory(100, clock);
  private final TaskEndRaces races = new TaskEndRaces(shared, shared, clock);

  @Test
  void aCancelArrivingAsTheTaskCompletesNeverContradictsTheStoredEnd() {
    races.aCancelArrivingAsTheTaskCompletesNeverContradictsTheStoredEnd();
  }

  @Test
  void aConfirmedCancelIsNeverOverwrittenByTheCompletion() {
    races.aConfirmedCancelIsNeverOverwrittenByTheCompletion();
  }

  @Test
  void concurrentClaimsAgreeOnOneEnd() throws Exception {
    races.concurrentClaimsAgreeOnOneEnd();
  }

  @Test
  void aRunningTaskAsksASharedStoreAboutCancellationAtMostOnceASecondAndReadsOnlyItsEnd() {
    HookedTaskStore store = new HookedTaskStore(shared, true);
    FakeTaskRunner runner = new FakeTaskRunner();
    A2aService service = new A2aService(() -> runner, store, clock);
    int[] readsWithin = new int[2];
    runner.behaviour = run -> {
      int before = store.taskReads.get();
      for (int i = 0; i < 50; i++) {
        run.progress().cancelled();
      }
      readsWithin[0] = store.stateReads.get();
      clock.advance(A2aService.CANCEL_CHECK_INTERVAL);
      run.progress().cancelled();
      run.progress().cancelled();
      readsWithin[1] = store.stateReads.get();
      assertEquals(before, store.taskReads.get(), "the task document is not read to check for a cancel");
      return FakeTaskRunner.completed(run);
    };
    service.send(userMessage("polls"), new CallContext("req-1", "alice", clock.instant().plusSeconds(60)),
        event -> { }, () -> false);
    assertEquals(1, readsWithin[0], "fifty checks within a second read the store once");
    assertEquals(2, readsWithin[1], "one more a second later");
  }
}
