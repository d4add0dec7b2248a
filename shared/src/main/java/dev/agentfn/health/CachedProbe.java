package dev.agentfn.health;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The deep health probe of the model provider behind a cache: {@code /health} is public, so the probe
 * runs at most once per {@link #PERIOD} on an instance, whoever asks and however often; concurrent
 * deep checks wait for the one probe in progress and share its result. Thread-safe.
 */
final class CachedProbe implements Supplier<String> {
  /** How long a probe's result is served before the next deep check probes again. */
  static final int PERIOD_SECONDS = 30;
  static final Duration PERIOD = Duration.ofSeconds(PERIOD_SECONDS);

  private final Supplier<String> probe;
  private final Ticker ticker;
  private String last;
  private long takenAt;

  /** @param probe the real probe: {@code ok} or a short reason, never throws */
  CachedProbe(Supplier<String> probe, Ticker ticker) {
    this.probe = probe;
    this.ticker = ticker;
  }

  @Override
  public synchronized String get() {
    if (last == null || ticker.read() - takenAt >= PERIOD.toNanos()) {
      last = probe.get();
      takenAt = ticker.read();
    }
    return last;
  }
}
