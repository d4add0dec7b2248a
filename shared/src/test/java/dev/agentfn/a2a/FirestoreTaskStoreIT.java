package dev.agentfn.a2a;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.agentfn.testing.A2aJsonRpc.userMessage;

import com.google.cloud.firestore.Firestore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.agentfn.api.CallContext;
import dev.agentfn.testing.FirestoreEmulator;
import dev.agentfn.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Firestore task store against the emulator, and two instances sharing it. */
class FirestoreTaskStoreIT {
  @AutoClose
  private static final FirestoreEmulator emulator = FirestoreEmulator.start();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private FirestoreTaskStore store;

  @BeforeEach
  void reset() throws Exception {
    emulator.reset();
    store = new FirestoreTaskStore(emulator.client("demo-a2a-tasks"), clock);
  }

  @Test
  void aTaskReadsBackOnlyForItsOwnerAndUntilItExpires() {
    StoredTask task = task("t1", "alice", "ctx", TaskState.COMPLETED);
    store.save(task);
    StoredTask read = store.find("alice", "t1").orElseThrow();
    assertEquals(task.task(), read.task());
    assertEquals(task.updatedAt(), read.updatedAt());
    assertEquals(task.expireAt(), read.expireAt());
    assertEquals(TaskState.COMPLETED, read.state());
    assertTrue(store.find("bob", "t1").isEmpty());
    assertTrue(store.find("alice", "nope").isEmpty());
    clock.advance(A2aService.TASK_TTL);
    assertTrue(store.find("alice", "t1").isEmpty(), "expired tasks are ignored before the TTL policy deletes them");
  }

  @Test
  void listingsPageNewestFirstAndFilterByStateAndContext() {
    for (int i = 0; i < 5; i++) {
      store.save(task("t" + i, "alice", i % 2 == 0 ? "even" : "odd", i == 4 ? TaskState.FAILED : TaskState.COMPLETED));
      clock.advance(Duration.ofSeconds(1));
    }
    store.save(task("other", "bob", "even", TaskState.COMPLETED));

    TaskPage first = store.list(new TaskQuery("alice", null, null, null, 2, null));
    assertEquals(List.of("t4", "t3"), ids(first));
    assertEquals(5, first.totalSize());
    TaskPage second = store.list(new TaskQuery("alice", null, null, null, 2, first.nextPageToken()));
    assertEquals(List.of("t2", "t1"), ids(second));
    TaskPage third = store.list(new TaskQuery("alice", null, null, null, 2, second.nextPageToken()));
    assertEquals(List.of("t0"), ids(third));
    assertEquals("", third.nextPageToken());

    assertEquals(List.of("t4", "t2", "t0"), ids(store.list(new TaskQuery("alice", "even", null, null, 10, null))));
    assertEquals(List.of("t4"), ids(store.list(new TaskQuery("alice", null, TaskState.FAILED, null, 10, null))));
    assertEquals(List.of("t4", "t3"), ids(store.list(new TaskQuery("alice", null, null,
        Instant.parse("2026-11-25T10:00:02Z"), 10, null))));
  }

  @Test
  void aTaskTooLargeForADocumentIsStoredWithItsDataCut() {
    JsonObject json = task("big", "alice", "ctx", TaskState.COMPLETED).task();
    JsonObject part = new JsonObject();
    JsonObject data = new JsonObject();
    data.addProperty("rows", "x".repeat(FirestoreTaskStore.MAX_TASK_BYTES));
    part.add("data", data);
    JsonArray parts = new JsonArray();
    parts.add(part);
    JsonObject artifact = new JsonObject();
    artifact.addProperty("artifactId", "subtasks");
    artifact.add("parts", parts);
    JsonArray artifacts = new JsonArray();
    artifacts.add(artifact);
    json.add("artifacts", artifacts);
    Instant now = clock.instant();
    store.save(new StoredTask("big", "alice", "ctx", TaskState.COMPLETED, now, now.plus(A2aService.TASK_TTL), json));

    JsonObject stored = store.find("alice", "big").orElseThrow().task().getAsJsonArray("artifacts").get(0)
        .getAsJsonObject().getAsJsonArray("parts").get(0).getAsJsonObject().getAsJsonObject("data");
    assertTrue(stored.has("truncated"), stored.toString().substring(0, 80));
  }

  @Test
  void aTaskStartedOnOneInstanceIsReadAndCanceledFromAnother() throws Exception {
    Firestore clientA = emulator.client("demo-a2a-tasks");
    Firestore clientB = emulator.client("demo-a2a-tasks");
    FakeTaskRunner runner = new FakeTaskRunner();
    A2aService instanceA = new A2aService(() -> runner, new FirestoreTaskStore(clientA, clock), clock);
    A2aService instanceB = new A2aService(() -> runner, new FirestoreTaskStore(clientB, clock), clock);
    FakeTaskRunner.Gate gate = runner.gate();
    CallContext context = new CallContext("req-1", "alice", clock.instant().plusSeconds(60));
    CompletableFuture<StoredTask> running = CompletableFuture.supplyAsync(() ->
        instanceA.send(userMessage("long task"), context, event -> { }, () -> false));
    String id = gate.awaitStart();

    assertEquals(TaskState.WORKING, instanceB.get("alice", id).state());
    assertEquals(TaskState.CANCELED, instanceB.cancel("alice", id).state());
    gate.release();
    assertEquals(Boolean.TRUE, gate.sawCancel());
    assertEquals(TaskState.CANCELED, running.get(30, TimeUnit.SECONDS).state());
    assertEquals(TaskState.CANCELED, instanceB.get("alice", id).state());

    runner.behaviour = FakeTaskRunner::completed;
    StoredTask done = instanceA.send(userMessage("short task"), context, event -> { }, () -> false);
    StoredTask readOnB = instanceB.get("alice", done.id());
    assertEquals(TaskState.COMPLETED, readOnB.state());
    assertEquals(done.task(), readOnB.task());
    assertEquals(2, instanceB.list(new TaskQuery("alice", null, null, null, 10, null)).totalSize());
  }

  @Test
  void anIdThatIsNoDocumentIdIsInvalidParamsNotAnInternalError() {
    A2aService service = new A2aService(FakeTaskRunner::new, store, clock);
    for (String id : List.of("a/b", "..", "__x__", "t1:final")) {
      A2aError e = assertThrows(A2aError.class, () -> service.get("alice", id), id);
      assertEquals(A2aError.INVALID_PARAMS, e.code(), id);
    }
  }

  @Test
  void aCancelArrivingAsTheTaskCompletesNeverContradictsTheStoredEnd() {
    races().aCancelArrivingAsTheTaskCompletesNeverContradictsTheStoredEnd();
  }

  @Test
  void aConfirmedCancelIsNeverOverwrittenByTheCompletion() {
    races().aConfirmedCancelIsNeverOverwrittenByTheCompletion();
  }

  @Test
  void concurrentClaimsFromTwoInstancesAgreeOnOneEnd() throws Exception {
    races().concurrentClaimsAgreeOnOneEnd();
  }

  @Test
  void theClaimedEndIsNeverListedAsATask() {
    store.save(task("t1", "alice", "ctx", TaskState.COMPLETED));
    assertEquals(TaskState.COMPLETED, store.claimFinal("t1", TaskState.COMPLETED, clock.instant().plusSeconds(60)));
    assertEquals(List.of("t1"), ids(store.list(new TaskQuery("alice", null, null, null, 10, null))));
    assertEquals(1, store.list(new TaskQuery("alice", null, null, null, 10, null)).totalSize());
  }

  /** Two instances: two clients of one emulator. */
  private TaskEndRaces races() {
    return new TaskEndRaces(new FirestoreTaskStore(emulator.client("demo-a2a-tasks"), clock),
        new FirestoreTaskStore(emulator.client("demo-a2a-tasks"), clock), clock);
  }

  private StoredTask task(String id, String owner, String contextId, TaskState state) {
    Instant now = clock.instant();
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    json.addProperty("contextId", contextId);
    json.add("status", TaskJson.status(state, now, null));
    return new StoredTask(id, owner, contextId, state, now, now.plus(A2aService.TASK_TTL), json);
  }

  private static List<String> ids(TaskPage page) {
    return page.tasks().stream().map(StoredTask::id).toList();
  }
}
