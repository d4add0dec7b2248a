package dev.agentfn.model;

import dev.agentfn.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The one retry loop in front of a provider's single attempts: up to {@code maxAttempts} attempts
 * on retryable failures with exponential backoff and jitter (honouring the upstream's
 * {@code RetryInfo}, capped), a per-attempt timeout within the request's deadline, and a circuit
 * breaker per model. Exhausted → {@code upstream_unavailable} with {@code Retry-After}; deadline →
 * {@code deadline_exceeded}. Thread-safe.
 */
final class ResilientModelClient implements ModelClient {
  private static final System.Logger LOG = System.getLogger(ResilientModelClient.class.getName());
  private static final long DAILY_QUOTA_RETRY_AFTER_S = 3600;

  private final ModelClient attempts;
  private final RetryPolicy policy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  /**
   * @param attempts makes one attempt per call, honouring the request's deadline as its timeout and
   *     reporting transport failures as {@link UpstreamException}
   * @param random jitter source in [0, 1)
   */
  ResilientModelClient(ModelClient attempts, RetryPolicy policy, Clock clock, Sleeper sleeper, DoubleSupplier random) {
    this.attempts = attempts;
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  @Override
  public void prepare() {
    attempts.prepare();
  }

  @Override
  public String provider() {
    return attempts.provider();
  }

  @Override
  public ModelReply generate(ModelRequest request) {
    return run(request, null);
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> onDelta) {
    return run(request, onDelta);
  }

  /** Whether {@code model}'s circuit is open now. */
  boolean circuitOpen(String model) {
    CircuitBreaker breaker = breakers.get(model);
    return breaker != null && breaker.open();
  }

  private ModelReply run(ModelRequest request, Consumer<String> onDelta) {
    CircuitBreaker breaker = breakers.computeIfAbsent(request.model(),
        m -> new CircuitBreaker(policy.breakerThreshold(), policy.breakerCoolDown(), clock));
    Duration wait = breaker.acquire();
    if (!wait.isZero()) {
      throw ApiException.upstreamUnavailable("the model is temporarily unavailable", seconds(wait), null);
    }
    boolean[] emitted = {false};
    Consumer<String> tracked = onDelta == null ? null : text -> {
      emitted[0] = true;
      onDelta.accept(text);
    };
    try {
      ModelReply reply = loop(request, tracked, emitted);
      breaker.success();
      return reply;
    } catch (FailedCall failed) {
      breaker.failure();
      throw failed.error;
    } catch (RuntimeException | Error e) {
      breaker.success(); // the upstream answered (e.g. the quality gate refused the answer)
      throw e;
    }
  }

  private ModelReply loop(ModelRequest request, Consumer<String> onDelta, boolean[] emitted) {
    Instant deadline = request.deadline();
    for (int attempt = 1; ; attempt++) {
      Instant now = clock.instant();
      if (deadline != null && !now.isBefore(deadline)) {
        throw new FailedCall(ApiException.deadlineExceeded("the model did not answer before the deadline"));
      }
      Instant attemptEnd = now.plus(policy.attemptTimeout());
      boolean cappedByDeadline = deadline != null && deadline.isBefore(attemptEnd);
      ModelRequest bounded = request.withDeadline(cappedByDeadline ? deadline : attemptEnd);
      UpstreamException failure;
      try {
        return onDelta == null ? attempts.generate(bounded) : attempts.stream(bounded, onDelta);
      } catch (UpstreamException e) {
        failure = e;
      }
      LOG.log(System.Logger.Level.WARNING, "model " + request.model() + " attempt " + attempt + "/"
          + policy.maxAttempts() + " failed: " + failure.getMessage()
          + (failure.getCause() == null ? "" : ": " + failure.getCause().getMessage()));
      if (cappedByDeadline && failure.status() == 0 && !clock.instant().isBefore(deadline.minusMillis(5))) {
        throw new FailedCall(ApiException.deadlineExceeded("the model did not answer before the deadline"));
      }
      if (failure.dailyQuota()) {
        throw new FailedCall(ApiException.upstreamUnavailable("the model provider's daily quota is exhausted",
            DAILY_QUOTA_RETRY_AFTER_S, failure));
      }
      Duration delay = delay(attempt, failure);
      if (!failure.retryable() || emitted[0] || attempt >= policy.maxAttempts()
          || (deadline != null && !clock.instant().plus(delay).isBefore(deadline))) {
        throw new FailedCall(ApiException.upstreamUnavailable("the model provider is unavailable, try again later",
            seconds(delay), failure));
      }
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FailedCall(ApiException.upstreamUnavailable("the model call was interrupted", seconds(delay), e));
      }
    }
  }

  /** Backoff with jitter, raised to the upstream's retry hint (both capped). */
  private Duration delay(int failedAttempts, UpstreamException failure) {
    Duration backoff = policy.backoff(failedAttempts, random.getAsDouble());
    Duration hint = failure.retryDelay();
    if (hint == null) {
      return backoff;
    }
    Duration capped = hint.compareTo(policy.backoffMax()) > 0 ? policy.backoffMax() : hint;
    return capped.compareTo(backoff) > 0 ? capped : backoff;
  }

  private static long seconds(Duration duration) {
    return Math.max(1, (duration.toMillis() + 999) / 1000);
  }

  /** A call that failed because of the upstream: counts against the circuit breaker. */
  private static final class FailedCall extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ApiException error;

    FailedCall(ApiException error) {
      super(null, null, false, false);
      this.error = error;
    }
  }
}
