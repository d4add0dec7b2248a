package dev.agentfn.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A small circuit breaker for one model: opens after {@code threshold} consecutive failed calls,
 * lets one trial call through after {@code coolDown} (half-open), and closes on its success.
 * Thread-safe.
 */
final class CircuitBreaker {
  private final int threshold;
  private final Duration coolDown;
  private final Clock clock;
  private int consecutiveFailures;
  private Instant openedAt;
  private boolean trialInFlight;

  CircuitBreaker(int threshold, Duration coolDown, Clock clock) {
    this.threshold = threshold;
    this.coolDown = coolDown;
    this.clock = clock;
  }

  /**
   * Asks to make a call: {@link Duration#ZERO} when allowed, else how long until the next trial.
   * An allowed call must end with {@link #success()} or {@link #failure()}.
   */
  synchronized Duration acquire() {
    if (openedAt == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), openedAt.plus(coolDown));
    if (!left.isNegative() && !left.isZero()) {
      return left;
    }
    if (trialInFlight) {
      return Duration.ofSeconds(1);
    }
    trialInFlight = true;
    return Duration.ZERO;
  }

  synchronized void success() {
    consecutiveFailures = 0;
    openedAt = null;
    trialInFlight = false;
  }

  synchronized void failure() {
    consecutiveFailures++;
    if (trialInFlight || consecutiveFailures >= threshold) {
      openedAt = clock.instant();
    }
    trialInFlight = false;
  }

  /** Whether calls are being refused right now. */
  synchronized boolean open() {
    return openedAt != null;
  }
}
