package dev.agentfn.a2a;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.agentfn.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryTaskStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final TaskStore store = TaskStore.inMemory(3, clock);

  @Test
  void aTaskIsGoneOnceItExpires() {
    store.save(task("t1", "alice", Duration.ofMinutes(10)));
    assertTrue(store.find("alice", "t1").isPresent());
    clock.advance(Duration.ofMinutes(10));
    assertTrue(store.find("alice", "t1").isEmpty());
    assertEquals(0, store.list(query("alice", null)).totalSize());
  }

  @Test
  void theStoreKeepsAtMostItsBoundDroppingTheLeastRecentlyUpdated() {
    for (int i = 1; i <= 4; i++) {
      store.save(task("t" + i, "alice", Duration.ofHours(1)));
      clock.advance(Duration.ofSeconds(1));
    }
    assertTrue(store.find("alice", "t1").isEmpty());
    assertEquals(List.of("t4", "t3", "t2"), store.list(query("alice", null)).tasks().stream().map(StoredTask::id)
        .toList());
  }

  @Test
  void pagesFollowEachOtherWithoutGapsWhenTimestampsTie() {
    for (String id : List.of("a", "b", "c")) {
      store.save(task(id, "alice", Duration.ofHours(1)));
    }
    TaskPage first = store.list(new TaskQuery("alice", null, null, null, 2, null));
    assertEquals(List.of("c", "b"), first.tasks().stream().map(StoredTask::id).toList());
    TaskPage second = store.list(query("alice", first.nextPageToken()));
    assertEquals(List.of("a"), second.tasks().stream().map(StoredTask::id).toList());
    assertEquals("", second.nextPageToken());
  }

  @Test
  void aForeignPageTokenIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> store.list(query("alice", "bm90LW91cnM")));
  }

  private TaskQuery query(String owner, String token) {
    return new TaskQuery(owner, null, null, null, 10, token);
  }

  private StoredTask task(String id, String owner, Duration ttl) {
    Instant now = clock.instant();
    JsonObject json = new JsonObject();
    json.addProperty("id", id);
    return new StoredTask(id, owner, "ctx", TaskState.COMPLETED, now, now.plus(ttl), json);
  }
}
