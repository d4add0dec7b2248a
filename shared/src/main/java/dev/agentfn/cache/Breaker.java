package dev.agentfn.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * A circuit breaker for the L2 store: after {@code threshold} consecutive failures it lets no call
 * through for {@code openFor}, then lets one probe through; the probe's outcome closes or re-opens
 * it. Reports the transitions that deserve one log line. Thread-safe.
 */
final class Breaker {
  /** What an outcome changed: nothing, the first failure of a burst, or recovery after failures. */
  enum Transition { NONE, STARTED_FAILING, RECOVERED }

  private final int threshold;
  private final long openForNanos;
  private final Ticker ticker;
  private int consecutiveFailures;
  private boolean open;
  private boolean probing;
  private long openedAt;
  private String reason;
  private long lastOutcomeAt;
  private boolean anyOutcome;

  Breaker(int threshold, Duration openFor, Ticker ticker) {
    this.threshold = threshold;
    this.openForNanos = openFor.toNanos();
    this.ticker = ticker;
  }

  /** Whether a call may go to the store now (when open: one probe once {@code openFor} has passed). */
  synchronized boolean allow() {
    if (!open) {
      return true;
    }
    if (probing || ticker.read() - openedAt < openForNanos) {
      return false;
    }
    probing = true;
    return true;
  }

  /** Whether the breaker is open and its probe is due (the next {@link #allow()} would let it through). */
  synchronized boolean probeDue() {
    return open && !probing && ticker.read() - openedAt >= openForNanos;
  }

  /** Whether no outcome was recorded in the last {@code period} (or ever): what is known may be stale. */
  synchronized boolean quietFor(Duration period) {
    return !anyOutcome || ticker.read() - lastOutcomeAt >= period.toNanos();
  }

  synchronized Transition success() {
    noteOutcome();
    boolean wasFailing = consecutiveFailures > 0;
    consecutiveFailures = 0;
    open = false;
    probing = false;
    reason = null;
    return wasFailing ? Transition.RECOVERED : Transition.NONE;
  }

  synchronized Transition failure(String why) {
    noteOutcome();
    reason = why;
    consecutiveFailures++;
    if (open) {
      probing = false;
      openedAt = ticker.read();
    } else if (consecutiveFailures >= threshold) {
      open = true;
      openedAt = ticker.read();
    }
    return consecutiveFailures == 1 ? Transition.STARTED_FAILING : Transition.NONE;
  }

  /** Null when the last outcome was a success (or there was none), else why the last call failed. */
  synchronized String failing() {
    return reason;
  }

  private void noteOutcome() {
    anyOutcome = true;
    lastOutcomeAt = ticker.read();
  }

  synchronized boolean isOpen() {
    return open;
  }
}
