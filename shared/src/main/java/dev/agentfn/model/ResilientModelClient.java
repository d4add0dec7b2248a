package dev.agentfn.model;

import dev.agentfn.api.ApiException;
import dev.agentfn.resilience.CircuitBreaker;
import dev.agentfn.resilience.CircuitBreakers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * The one retry loop in front of a provider's single attempts: up to {@code maxAttempts} attempts
 * on retryable failures with exponential backoff and jitter (honouring the upstream's
 * {@code RetryInfo}, capped), a per-attempt timeout within the request's deadline (sized up for
 * requests asking for many output tokens), and a {@link CircuitBreaker} per model that judges the
 * upstream only: it counts calls that failed because of the provider (5xx or 429 after the retries,
 * a per-day quota, connection and I/O errors, an attempt's own timeout), not calls our deadline cut
 * short (those are not retried either) nor answers the provider refused. Exhausted →
 * {@code upstream_unavailable} with {@code Retry-After}; deadline → {@code deadline_exceeded}.
 * Thread-safe.
 */
final class ResilientModelClient implements ModelClient {
  private static final System.Logger LOG = System.getLogger(ResilientModelClient.class.getName());
  private static final long DAILY_QUOTA_RETRY_AFTER_S = 3600;

  private final ModelClient attempts;
  private final RetryPolicy policy;
  private final CircuitBreakers breakers;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  /**
   * @param attempts makes one attempt per call, honouring the request's deadline as its timeout and
   *     reporting transport failures as {@link UpstreamException}
   * @param breakers one breaker per model name
   * @param random jitter source in [0, 1)
   */
  ResilientModelClient(ModelClient attempts, RetryPolicy policy, CircuitBreakers breakers, Clock clock,
      Sleeper sleeper, DoubleSupplier random) {
    this.attempts = attempts;
    this.policy = policy;
    this.breakers = breakers;
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

  private ModelReply run(ModelRequest request, Consumer<String> onDelta) {
    CircuitBreaker breaker = breakers.get(request.model());
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
    } catch (Ended ended) {
      if (ended.upstreamFault != null) {
        breaker.failure(ended.upstreamFault, request.payer());
      } else {
        breaker.ignore();
      }
      throw ended.error;
    } catch (ApiException refused) {
      breaker.success(); // the upstream answered (e.g. the quality gate refused the answer)
      throw refused;
    } catch (RuntimeException | Error e) {
      breaker.ignore(); // ours, not the upstream's (e.g. the client went away while streaming)
      throw e;
    }
  }

  private ModelReply loop(ModelRequest request, Consumer<String> onDelta, boolean[] emitted) {
    Instant deadline = request.deadline();
    Duration attemptTimeout = policy.attemptTimeout(request.maxOutputTokens());
    for (int attempt = 1; ; attempt++) {
      Instant now = clock.instant();
      if (deadline != null && !now.isBefore(deadline)) {
        throw Ended.notJudged(ApiException.deadlineExceeded("the model did not answer before the deadline"));
      }
      Instant attemptEnd = now.plus(attemptTimeout);
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
        // Our deadline cut the attempt short: not the upstream's fault, and no time for another.
        throw Ended.notJudged(ApiException.deadlineExceeded("the model did not answer before the deadline"));
      }
      if (failure.dailyQuota()) {
        throw Ended.upstreamFault(failure, ApiException.upstreamUnavailable(
            "the model provider's daily quota is exhausted", DAILY_QUOTA_RETRY_AFTER_S, failure));
      }
      Duration delay = delay(attempt, failure);
      ApiException unavailable = ApiException.upstreamUnavailable("the model provider is unavailable, try again later",
          seconds(delay), failure);
      if (!failure.retryable()) {
        throw Ended.notJudged(unavailable); // the provider refused this request (a 4xx): it is up
      }
      if (emitted[0] || attempt >= policy.maxAttempts()
          || (deadline != null && !clock.instant().plus(delay).isBefore(deadline))) {
        throw Ended.upstreamFault(failure, unavailable);
      }
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Ended.notJudged(ApiException.upstreamUnavailable("the model call was interrupted", seconds(delay), e));
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

  /** How a failed call ended: the caller's error, and the upstream's fault to count (null: not the upstream's). */
  private static final class Ended extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient ApiException error;
    final String upstreamFault;

    private Ended(ApiException error, String upstreamFault) {
      super(null, null, false, false);
      this.error = error;
      this.upstreamFault = upstreamFault;
    }

    static Ended upstreamFault(UpstreamException fault, ApiException error) {
      return new Ended(error, fault.getMessage());
    }

    static Ended notJudged(ApiException error) {
      return new Ended(error, null);
    }
  }
}
