package dev.agentfn.a2a;

import java.time.Clock;
import java.util.Optional;

/**
 * Where A2A tasks live, so that {@code GetTask} works from any instance: Firestore across
 * instances, or this instance's memory. Expired tasks are never returned. Thread-safe.
 */
public interface TaskStore {

  /** Creates or replaces the task with {@code task.id()}. */
  void save(StoredTask task);

  /** The task with this id if {@code owner} created it and it has not expired. */
  Optional<StoredTask> find(String owner, String id);

  /** One page of the owner's tasks matching {@code query}, newest first. */
  TaskPage list(TaskQuery query);

  /** Whether the store is shared by every instance (Firestore) or local to this one. */
  default boolean shared() {
    return false;
  }

  /** An in-memory store of at most {@code maxTasks} tasks, expiring them by {@code clock}. */
  static TaskStore inMemory(int maxTasks, Clock clock) {
    return new InMemoryTaskStore(maxTasks, clock);
  }
}
