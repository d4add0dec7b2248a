package dev.agentfn.pool;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed number of worker threads shared by every request of an instance, handing out work fairly.
 *
 * <p>Why this shape: a plain fixed pool serves its one queue first come, first served, so a caller
 * who queues 48 slow subtasks makes everybody else wait behind all of them. Here each request opens
 * a {@link Lane} (its own FIFO queue) under its caller, and a free worker takes the next task
 * round-robin: first across callers, then across that caller's lanes. Three caps keep the pool
 * work-conserving yet fair: a lane runs at most {@code perRequest} tasks at once (a large plan cannot
 * take every worker), a caller at most {@code perCaller} (the rest of the workers stay free for other
 * callers, since running tasks cannot be pre-empted), and the pool at most {@code threads}. Queued
 * work is bounded too: a lane reserves its number of tasks when it opens, and a caller beyond
 * {@code queuedPerCaller} reserved tasks gets {@code 429 rate_limited}, the instance beyond
 * {@code queued} gets {@code 503 overloaded}, both with {@code Retry-After}, instead of waiting
 * without end. This is a weighted-fair-queueing scheduler in its simplest form (equal weights,
 * one task as the unit); per-caller semaphores in front of a global one would give the caps but not
 * the round-robin order among the waiting.
 *
 * <p>Threads are started on demand up to {@code threads} and are daemons. Thread-safe.
 */
public final class FairPool implements AutoCloseable {
  /** The pool's bounds (see the class comment). */
  public record Limits(int threads, int perRequest, int perCaller, int queuedPerCaller, int queued) {
    public Limits {
      if (threads < 1 || perRequest < 1 || perCaller < 1 || queuedPerCaller < 1 || queued < queuedPerCaller) {
        throw new IllegalArgumentException("invalid pool limits " + this);
      }
    }
  }

  private final String name;
  private final Limits limits;
  private final ThreadFactory threads;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  /** Callers with open lanes or running tasks, in round-robin order. */
  private final ArrayDeque<Caller> ring = new ArrayDeque<>();
  private final Map<String, Caller> callers = new HashMap<>();
  private int started;
  /** Workers waiting for work, and the wake-ups sent to them that none has taken yet. */
  private int idle;
  private int signals;
  private int reserved;
  private boolean shutDown;

  /**
   * @param name names the threads ({@code agentfn-NAME-N}) and the errors
   */
  public FairPool(String name, Limits limits) {
    this.name = name;
    this.limits = limits;
    this.threads = runnable -> {
      Thread thread = new Thread(runnable, "agentfn-" + name + "-" + (started + 1));
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Opens a lane for one request of {@code callerId} that will submit at most {@code tasks} tasks,
   * reserving room for them.
   *
   * @throws ApiException {@code rate_limited} when the caller has too much work queued already,
   *     {@code overloaded} when the instance has
   */
  public Lane open(String callerId, int tasks) {
    lock.lock();
    try {
      Caller caller = callers.get(callerId);
      int callerReserved = caller == null ? 0 : caller.reserved;
      if (callerReserved + tasks > limits.queuedPerCaller) {
        throw new ApiException(ErrorCode.RATE_LIMITED, "too much work of this caller is already running or "
            + "waiting here (" + callerReserved + " " + name + " tasks); retry when it has finished",
            Map.of("Retry-After", "1"), null);
      }
      if (reserved + tasks > limits.queued) {
        throw new ApiException(ErrorCode.OVERLOADED, "this instance has too much " + name
            + " work waiting; retry shortly", Map.of("Retry-After", "1"), null);
      }
      if (caller == null) {
        caller = new Caller(callerId);
        callers.put(callerId, caller);
        ring.add(caller);
      }
      Lane lane = new Lane(caller, tasks);
      caller.lanes.add(lane);
      caller.reserved += tasks;
      reserved += tasks;
      return lane;
    } finally {
      lock.unlock();
    }
  }

  /** Lets the workers end once they find no work (queued tasks still run); for tests and shutdown. */
  @Override
  public void close() {
    lock.lock();
    try {
      shutDown = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The next task a worker may run (and counts it as running), or null; under the lock. */
  private FutureTask<?> next() {
    for (int c = ring.size(); c > 0; c--) {
      Caller caller = ring.poll();
      ring.add(caller);
      if (caller.running >= limits.perCaller) {
        continue;
      }
      for (int l = caller.lanes.size(); l > 0; l--) {
        Lane lane = caller.lanes.poll();
        caller.lanes.add(lane);
        while (lane.running < limits.perRequest && !lane.queue.isEmpty()) {
          Task task = lane.queue.poll();
          if (task.isDone()) {
            lane.release(1);
            continue;
          }
          lane.running++;
          caller.running++;
          return task;
        }
      }
    }
    return null;
  }

  private void worker() {
    while (true) {
      Task task;
      lock.lock();
      try {
        FutureTask<?> next;
        while ((next = next()) == null) {
          if (shutDown) {
            return;
          }
          idle++;
          try {
            work.await();
          } catch (InterruptedException e) {
            Thread.interrupted();
          } finally {
            idle--;
            signals = Math.max(0, signals - 1);
          }
        }
        task = (Task) next;
      } finally {
        lock.unlock();
      }
      try {
        task.run();
      } finally {
        Thread.interrupted();
        lock.lock();
        try {
          task.lane.running--;
          task.lane.caller.running--;
          task.lane.release(1);
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Wakes an idle worker that no earlier wake-up claimed, or starts one while below the limit; under the lock. */
  private void wake() {
    if (idle > signals) {
      signals++;
      work.signal();
    } else if (started < limits.threads) {
      Thread thread = threads.newThread(this::worker);
      started++;
      thread.start();
    }
  }

  /** The work of one caller. */
  private static final class Caller {
    final String id;
    final ArrayDeque<Lane> lanes = new ArrayDeque<>();
    int running;
    int reserved;

    Caller(String id) {
      this.id = id;
    }
  }

  /** A task that knows its lane. */
  private static final class Task extends FutureTask<Void> {
    final Lane lane;

    Task(Lane lane, Runnable runnable) {
      super(runnable, null);
      this.lane = lane;
    }
  }

  /**
   * One request's queue: tasks submitted here run in order, at most {@code perRequest} at once.
   * {@link #close()} it when the request ends: what is still queued is dropped and the reservation
   * released. Thread-safe.
   */
  public final class Lane implements AutoCloseable {
    private final Caller caller;
    private final ArrayDeque<Task> queue = new ArrayDeque<>();
    private int unsubmitted;
    private int running;
    private boolean closed;

    private Lane(Caller caller, int tasks) {
      this.caller = caller;
      this.unsubmitted = tasks;
    }

    /**
     * Queues {@code task}; it runs on a pool thread when its turn comes. Cancelling the returned
     * future drops a queued task and interrupts a running one. After {@link #close()} the task is
     * dropped (the future is cancelled).
     */
    public Future<?> submit(Runnable runnable) {
      Task task = new Task(this, runnable);
      lock.lock();
      try {
        if (closed) {
          task.cancel(false);
          return task;
        }
        if (unsubmitted == 0) {
          throw new IllegalStateException("this lane reserved room for fewer tasks");
        }
        unsubmitted--;
        queue.add(task);
        wake();
      } finally {
        lock.unlock();
      }
      return task;
    }

    /** Drops the queued tasks (cancelling them) and gives back the room reserved for them; running ones finish. */
    @Override
    public void close() {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        queue.forEach(task -> task.cancel(false));
        int dropped = queue.size() + unsubmitted;
        queue.clear();
        unsubmitted = 0;
        caller.lanes.remove(this);
        release(dropped);
      } finally {
        lock.unlock();
      }
    }

    /** Gives back {@code n} reserved tasks; forgets the caller when it has nothing left; under the lock. */
    private void release(int n) {
      caller.reserved -= n;
      reserved -= n;
      if (caller.reserved == 0 && caller.lanes.isEmpty()) {
        callers.remove(caller.id);
        ring.remove(caller);
      }
    }
  }
}
