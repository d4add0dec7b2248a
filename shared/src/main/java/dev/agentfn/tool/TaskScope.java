package dev.agentfn.tool;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the tool calls of one task share: the caller, how many agents deep the task runs, and
 * state that tools keep for the task's length (such as the conversation it holds with each remote
 * agent). Thread-safe: a task's tools run in parallel.
 */
public final class TaskScope {
  private final String callerId;
  private final int hops;
  private final Map<String, Object> shared = new ConcurrentHashMap<>();

  /**
   * @param callerId the caller's safe id (scopes per-caller data such as calendar events)
   * @param hops how many agents deep the task runs (0 when a user asked us directly)
   */
  public TaskScope(String callerId, int hops) {
    this.callerId = Objects.requireNonNull(callerId, "callerId");
    if (hops < 0) {
      throw new IllegalArgumentException("hops must not be negative");
    }
    this.hops = hops;
  }

  public String callerId() {
    return callerId;
  }

  public int hops() {
    return hops;
  }

  /** The task's one value of {@code type} under {@code key}, made by {@code factory} on first use. */
  public <T> T shared(String key, Class<T> type, Supplier<T> factory) {
    return type.cast(shared.computeIfAbsent(type.getName() + "/" + key, k -> factory.get()));
  }
}
