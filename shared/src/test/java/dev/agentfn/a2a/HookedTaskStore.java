package dev.agentfn.a2a;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A task store that counts reads and runs a hook before each save (to place a race exactly there). */
final class HookedTaskStore implements TaskStore {
  private final TaskStore delegate;
  private final boolean shared;
  final AtomicInteger taskReads = new AtomicInteger();
  final AtomicInteger stateReads = new AtomicInteger();
  volatile Consumer<StoredTask> beforeSave = task -> { };

  HookedTaskStore(TaskStore delegate, boolean shared) {
    this.delegate = delegate;
    this.shared = shared;
  }

  @Override
  public void save(StoredTask task) {
    beforeSave.accept(task);
    delegate.save(task);
  }

  @Override
  public Optional<StoredTask> find(String owner, String id) {
    taskReads.incrementAndGet();
    return delegate.find(owner, id);
  }

  @Override
  public TaskPage list(TaskQuery query) {
    return delegate.list(query);
  }

  @Override
  public TaskState claimFinal(String id, TaskState state, Instant expireAt) {
    return delegate.claimFinal(id, state, expireAt);
  }

  @Override
  public Optional<TaskState> finalState(String id) {
    stateReads.incrementAndGet();
    return delegate.finalState(id);
  }

  @Override
  public boolean shared() {
    return shared;
  }
}
