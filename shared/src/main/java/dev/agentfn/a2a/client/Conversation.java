package dev.agentfn.a2a.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one conversation (A2A {@code contextId}) a task holds with a remote agent. The agent names
 * it in its answer to the task's first message; steps that call the agent meanwhile wait for that
 * name, so that every step of the task lands in one context. Thread-safe.
 */
final class Conversation {
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CompletableFuture<String> contextId = new CompletableFuture<>();

  /** True for the task's first call to the agent (which must then call {@link #named}). */
  boolean claim() {
    return claimed.compareAndSet(false, true);
  }

  /** The context the first call learnt, waiting for it at most {@code wait} (null if it never came). */
  String await(Duration wait) throws InterruptedException {
    try {
      return contextId.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  /** The agent named the context ({@code id} null: the first call ended without one). */
  void named(String id) {
    contextId.complete(id);
  }
}
