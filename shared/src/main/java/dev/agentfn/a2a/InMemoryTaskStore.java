package dev.agentfn.a2a;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The embedded task store: this instance's memory, bounded, expiring tasks by the clock. */
final class InMemoryTaskStore implements TaskStore {
  private final Map<String, StoredTask> tasks = new ConcurrentHashMap<>();
  /** Claimed terminal states by task id ({@code putIfAbsent}: the first claim wins), dropped with their task. */
  private final Map<String, TaskState> finals = new ConcurrentHashMap<>();
  private final int maxTasks;
  private final Clock clock;

  InMemoryTaskStore(int maxTasks, Clock clock) {
    if (maxTasks < 1) {
      throw new IllegalArgumentException("maxTasks must be positive");
    }
    this.maxTasks = maxTasks;
    this.clock = clock;
  }

  @Override
  public void save(StoredTask task) {
    tasks.put(task.id(), task);
    if (tasks.size() > maxTasks) {
      evict();
    }
  }

  @Override
  public Optional<StoredTask> find(String owner, String id) {
    StoredTask task = tasks.get(id);
    return task != null && task.owner().equals(owner) && live(task) ? Optional.of(task) : Optional.empty();
  }

  @Override
  public TaskPage list(TaskQuery query) {
    PageCursor cursor = query.pageToken() == null ? null : PageCursor.decode(query.pageToken());
    List<StoredTask> matching = new ArrayList<>();
    for (StoredTask task : tasks.values()) {
      if (live(task) && query.matches(task)) {
        matching.add(task);
      }
    }
    matching.sort(PageCursor.ORDER);
    List<StoredTask> after = cursor == null ? matching : matching.stream().filter(cursor::precedes).toList();
    List<StoredTask> page = after.subList(0, Math.min(query.pageSize(), after.size()));
    String next = after.size() > page.size() ? PageCursor.after(page.get(page.size() - 1)).encode() : "";
    return new TaskPage(page, next, matching.size());
  }

  @Override
  public TaskState claimFinal(String id, TaskState state, Instant expireAt) {
    TaskState earlier = finals.putIfAbsent(id, state);
    return earlier == null ? state : earlier;
  }

  @Override
  public Optional<TaskState> finalState(String id) {
    return Optional.ofNullable(finals.get(id));
  }

  private boolean live(StoredTask task) {
    return task.expireAt().isAfter(clock.instant());
  }

  /** Drops expired tasks, then the least recently updated ones, down to the bound. */
  private synchronized void evict() {
    tasks.values().removeIf(task -> !live(task));
    if (tasks.size() > maxTasks) {
      List<StoredTask> oldest = new ArrayList<>(tasks.values());
      oldest.sort(Comparator.comparing(StoredTask::updatedAt));
      for (StoredTask task : oldest.subList(0, tasks.size() - maxTasks)) {
        tasks.remove(task.id(), task);
      }
    }
    finals.keySet().retainAll(tasks.keySet());
  }
}
