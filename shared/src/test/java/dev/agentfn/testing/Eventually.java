package dev.agentfn.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded waits for tests: a condition another thread makes true, or a latch it opens. */
public final class Eventually {
  /** Long enough for a loaded machine, short enough that a regression fails instead of hanging. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Eventually() {}

  /** Returns once {@code condition} holds; fails naming {@code what} if it does not within {@link #TIMEOUT}. */
  public static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + TIMEOUT.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
    }
  }

  /**
   * Waits for {@code latch} (e.g. inside a fake's call that a test releases). Throws
   * {@link IllegalStateException} when interrupted (a cancelled call) or when nothing opens the
   * latch within {@link #TIMEOUT}, so a forgotten release fails the call instead of hanging it.
   */
  public static void await(CountDownLatch latch) {
    try {
      if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("not released within " + TIMEOUT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("cancelled", e);
    }
  }
}
