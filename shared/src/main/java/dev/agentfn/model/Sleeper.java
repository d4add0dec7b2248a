package dev.agentfn.model;

import java.time.Duration;

/** Waits between retries; tests pass one that records the delays instead of sleeping. */
@FunctionalInterface
interface Sleeper {
  /** The real one: {@link Thread#sleep}. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;
}
