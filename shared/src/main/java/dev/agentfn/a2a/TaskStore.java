package dev.agentfn.a2a;

import java.time.Clock;
import java.time.Instant;
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

  /**
   * Claims the terminal state of task {@code id}, for any instance: the first claim wins, whether a
   * completion or a cancel makes it, and later claims get the winner's state. Returns the state in
   * force: {@code state} when this claim was first. This is how a cancel racing a completion never
   * overwrites a finished task, and a confirmed cancel is never overwritten by completion.
   *
   * @param expireAt when the claim may be forgotten (with its task)
   */
  TaskState claimFinal(String id, TaskState state, Instant expireAt);

  /** The terminal state claimed for {@code id}, if any: a read of that state alone, not of the task. */
  Optional<TaskState> finalState(String id);

  /** Whether the store is shared by every instance (Firestore) or local to this one. */
  default boolean shared() {
    return false;
  }

  /** An in-memory store of at most {@code maxTasks} tasks, expiring them by {@code clock}. */
  static TaskStore inMemory(int maxTasks, Clock clock) {
    return new InMemoryTaskStore(maxTasks, clock);
  }
}
