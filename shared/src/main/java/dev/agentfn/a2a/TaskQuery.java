package dev.agentfn.a2a;

import java.time.Instant;
import java.util.Objects;

/**
 * A page request of {@code ListTasks}: one owner's tasks, newest first, optionally filtered.
 *
 * @param contextId only tasks of this context, or null
 * @param state only tasks in this state, or null
 * @param updatedAfter only tasks updated after this time, or null
 * @param pageToken where the previous page ended (opaque, from {@link TaskPage#nextPageToken}), or null
 */
public record TaskQuery(String owner, String contextId, TaskState state, Instant updatedAfter, int pageSize,
    String pageToken) {

  public TaskQuery {
    Objects.requireNonNull(owner, "owner");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive");
    }
  }

  /** Whether {@code task} passes the filters (not the page position). */
  boolean matches(StoredTask task) {
    return task.owner().equals(owner)
        && (contextId == null || contextId.equals(task.contextId()))
        && (state == null || state == task.state())
        && (updatedAfter == null || task.updatedAt().isAfter(updatedAfter));
  }
}
