package dev.agentfn.model;

import dev.agentfn.config.Config;
import dev.agentfn.resilience.CircuitBreaker;
import java.time.Duration;

/**
 * How {@link ResilientModelClient} retries one model call.
 *
 * @param maxAttempts attempts in all ({@code MODEL_MAX_ATTEMPTS})
 * @param attemptTimeout limit of one attempt ({@code MODEL_TIMEOUT_MS})
 * @param backoffBase delay before the first retry, doubled for each further one ({@code MODEL_BACKOFF_MS})
 * @param backoffMax cap of any delay, including the upstream's {@code RetryInfo} ({@code MODEL_BACKOFF_MAX_MS})
 */
record RetryPolicy(int maxAttempts, Duration attemptTimeout, Duration backoffBase, Duration backoffMax) {
  /** Failed calls' share of a model's last minute at which its breaker opens. */
  static final double BREAKER_FAILURE_RATE = 0.5;
  /** Calls a model's last minute must hold before its failure rate is judged. */
  static final int BREAKER_MINIMUM_CALLS = 10;
  /** Distinct callers whose failures it takes to open a model's breaker. */
  static final int BREAKER_MINIMUM_FAILING_CALLERS = 2;
  static final Duration BREAKER_WINDOW = Duration.ofSeconds(60);
  static final Duration BREAKER_COOL_DOWN = Duration.ofSeconds(30);
  /**
   * The slowest output rate an attempt is given time for: an attempt asking for many output tokens
   * gets {@code maxOutputTokens / this} seconds when that exceeds {@code MODEL_TIMEOUT_MS} (Gemini
   * writes well over 50 tokens a second), so a long legitimate answer is not cut by a timeout sized
   * for short ones.
   */
  static final int MIN_OUTPUT_TOKENS_PER_SECOND = 50;

  static RetryPolicy from(Config config) {
    return new RetryPolicy(config.modelMaxAttempts(), config.modelTimeout(), config.modelBackoff(),
        config.modelBackoffMax());
  }

  /**
   * The breaker settings of one model: opens at 50% failed calls of the last minute, once it holds 10
   * and its failures came from at least two callers (one caller's failures alone never open it).
   */
  static CircuitBreaker.Builder breakers() {
    return CircuitBreaker.builder().failureRate(BREAKER_FAILURE_RATE).minimumCalls(BREAKER_MINIMUM_CALLS)
        .minimumFailingCallers(BREAKER_MINIMUM_FAILING_CALLERS).timeWindow(BREAKER_WINDOW).openFor(BREAKER_COOL_DOWN);
  }

  /** The timeout of one attempt at a request asking for at most {@code maxOutputTokens} (null: the model's default). */
  Duration attemptTimeout(Integer maxOutputTokens) {
    if (maxOutputTokens == null) {
      return attemptTimeout;
    }
    Duration forOutput = Duration.ofMillis(maxOutputTokens * 1000L / MIN_OUTPUT_TOKENS_PER_SECOND);
    return forOutput.compareTo(attemptTimeout) > 0 ? forOutput : attemptTimeout;
  }

  /** The delay before attempt {@code failed + 1}, with equal jitter ({@code random} in [0, 1)). */
  Duration backoff(int failed, double random) {
    long base = backoffBase.toMillis() << Math.min(failed - 1, 20);
    long capped = Math.min(base, backoffMax.toMillis());
    return Duration.ofMillis(capped / 2 + (long) (capped / 2.0 * random));
  }
}
