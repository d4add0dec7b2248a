package dev.agentfn.model;

import dev.agentfn.config.Config;
import java.time.Duration;

/**
 * How {@link ResilientModelClient} retries one model call.
 *
 * @param maxAttempts attempts in all ({@code MODEL_MAX_ATTEMPTS})
 * @param attemptTimeout limit of one attempt ({@code MODEL_TIMEOUT_MS})
 * @param backoffBase delay before the first retry, doubled for each further one ({@code MODEL_BACKOFF_MS})
 * @param backoffMax cap of any delay, including the upstream's {@code RetryInfo} ({@code MODEL_BACKOFF_MAX_MS})
 * @param breakerThreshold consecutive failed calls that open a model's circuit
 * @param breakerCoolDown how long an open circuit refuses calls before a trial
 */
record RetryPolicy(int maxAttempts, Duration attemptTimeout, Duration backoffBase, Duration backoffMax,
    int breakerThreshold, Duration breakerCoolDown) {
  static final int BREAKER_THRESHOLD = 5;
  static final Duration BREAKER_COOL_DOWN = Duration.ofSeconds(30);

  static RetryPolicy from(Config config) {
    return new RetryPolicy(config.modelMaxAttempts(), config.modelTimeout(), config.modelBackoff(),
        config.modelBackoffMax(), BREAKER_THRESHOLD, BREAKER_COOL_DOWN);
  }

  /** The delay before attempt {@code failed + 1}, with equal jitter ({@code random} in [0, 1)). */
  Duration backoff(int failed, double random) {
    long base = backoffBase.toMillis() << Math.min(failed - 1, 20);
    long capped = Math.min(base, backoffMax.toMillis());
    return Duration.ofMillis(capped / 2 + (long) (capped / 2.0 * random));
  }
}
