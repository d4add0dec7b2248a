package dev.agentfn.a2a;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * One A2A task as the store keeps it: the full A2A 1.0 {@code Task} JSON plus the fields that
 * lookups and listings filter on.
 *
 * @param owner the caller id that created it; only that caller sees it
 * @param updatedAt the time of its latest status (listings sort on it, newest first)
 * @param expireAt when the store may forget it
 * @param task the A2A 1.0 Task in ProtoJSON (camelCase fields, {@code TASK_STATE_*} states)
 */
public record StoredTask(String id, String owner, String contextId, TaskState state, Instant updatedAt,
    Instant expireAt, JsonObject task) {

  public StoredTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(contextId, "contextId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(expireAt, "expireAt");
    task = task.deepCopy();
  }

  /** A copy of the task JSON (the record keeps its own). */
  @Override
  public JsonObject task() {
    return task.deepCopy();
  }
}
