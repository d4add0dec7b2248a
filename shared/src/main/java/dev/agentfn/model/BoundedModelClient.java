package dev.agentfn.model;

import dev.agentfn.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link ModelClient} that lets at most a fixed number of calls be in flight at once across the
 * whole instance ({@code MODEL_MAX_CONCURRENCY}), whoever makes them (chat, batch, agents), so that
 * concurrent requests cannot exhaust the provider's quota. Waiting callers are served in arrival
 * order and give up with {@code deadline_exceeded} when their request's deadline passes first.
 * Thread-safe.
 */
public final class BoundedModelClient implements ModelClient {
  private final ModelClient delegate;
  private final Semaphore permits;
  private final int limit;

  /** @param limit the most calls in flight at once, at least 1 */
  public BoundedModelClient(ModelClient delegate, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    this.delegate = delegate;
    this.limit = limit;
    this.permits = new Semaphore(limit, true);
  }

  @Override
  public void prepare() {
    delegate.prepare();
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public ModelReply generate(ModelRequest request) {
    acquire(request.deadline());
    try {
      return delegate.generate(request);
    } finally {
      permits.release();
    }
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> onDelta) {
    acquire(request.deadline());
    try {
      return delegate.stream(request, onDelta);
    } finally {
      permits.release();
    }
  }

  /** The configured ceiling. */
  public int limit() {
    return limit;
  }

  /** Calls in flight now. */
  public int inFlight() {
    return limit - permits.availablePermits();
  }

  /** An estimate of the callers waiting for a slot now. */
  public int waiting() {
    return permits.getQueueLength();
  }

  private void acquire(Instant deadline) {
    try {
      if (deadline == null) {
        permits.acquire();
        return;
      }
      long waitNanos = Math.max(0, Duration.between(Instant.now(), deadline).toNanos());
      if (!permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
        throw ApiException.deadlineExceeded("the model was busy until the deadline");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.deadlineExceeded("the model call was cancelled before it started");
    }
  }
}
