package dev.agentfn.cache;

import dev.agentfn.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One computation of an answer in flight, shared by every caller of its key: the text chunks it has
 * published so far (a caller who joins late gets them replayed) and the answer's future. Its callers
 * are subscribers: each waits until its own deadline and takes the chunks on its own thread, so a
 * slow or departed caller never holds up the computation or the others. Thread-safe.
 */
final class Flight {
  final CompletableFuture<CachedAnswer> answer = new CompletableFuture<>();
  private final List<String> chunks = new ArrayList<>();
  private boolean done;
  /** {@link CacheLevel#L2} when the answer was read from L2, null when computed; set before completion. */
  private volatile CacheLevel source;

  /** Adds a chunk of the answer's text (the computation's delta sink); never throws. */
  synchronized void publish(String chunk) {
    if (!done) {
      chunks.add(chunk);
      notifyAll();
    }
  }

  /** Completes the flight with its answer and where it came from. */
  void succeed(CachedAnswer result, CacheLevel from) {
    source = from;
    answer.complete(result);
    finish();
  }

  void fail(Throwable error) {
    answer.completeExceptionally(error);
    finish();
  }

  CacheLevel source() {
    return source;
  }

  private synchronized void finish() {
    done = true;
    notifyAll();
  }

  /**
   * Waits for the answer until {@code deadline} ({@code deadline_exceeded} after it, the computation
   * going on); with {@code onDelta}, passes it the published chunks as they come, or the whole answer
   * at the end when none were published (an answer read from L2, or computed without streaming).
   */
  CachedAnswer await(Instant deadline, Clock clock, Consumer<String> onDelta) {
    int seen = 0;
    boolean finished;
    do {
      List<String> fresh;
      synchronized (this) {
        while ((onDelta == null || seen == chunks.size()) && !done) {
          waitUntil(deadline, clock);
        }
        fresh = onDelta == null ? List.of() : List.copyOf(chunks.subList(seen, chunks.size()));
        seen += fresh.size();
        finished = done;
      }
      for (String chunk : fresh) {
        onDelta.accept(chunk); // outside the lock: the caller's writes never block the computation
      }
    } while (!finished);
    // Done is set after the answer's completion has run its callbacks (L1's bookkeeping included).
    CachedAnswer result = await(answer, deadline, clock);
    if (onDelta != null && seen == 0) {
      onDelta.accept(result.answer());
    }
    return result;
  }

  /** Waits for a completed-or-not {@code future} until {@code deadline}; its failure is rethrown unwrapped. */
  static CachedAnswer await(CompletableFuture<CachedAnswer> future, Instant deadline, Clock clock) {
    try {
      long left = Duration.between(clock.instant(), deadline).toNanos();
      return future.isDone() ? future.getNow(null) : future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (CompletionException | ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (TimeoutException e) {
      throw notReady();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.deadlineExceeded("the request was cancelled while its answer was being computed");
    }
  }

  private void waitUntil(Instant deadline, Clock clock) {
    long leftMs = Duration.between(clock.instant(), deadline).toMillis();
    if (leftMs <= 0) {
      throw notReady();
    }
    try {
      wait(leftMs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.deadlineExceeded("the request was cancelled while its answer was being computed");
    }
  }

  private static ApiException notReady() {
    return ApiException.deadlineExceeded("the answer was not ready before the deadline");
  }

  private static RuntimeException unwrap(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new CompletionException(cause);
  }
}
