package dev.agentfn.model;

import java.time.Duration;

/**
 * One failed attempt to reach the model provider, as a provider reports it to the retry loop
 * ({@link ResilientModelClient}): never shown to callers. {@code status} is the HTTP status, or 0
 * for I/O errors, timeouts and unreadable replies.
 */
final class UpstreamException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Duration retryDelay;
  private final boolean dailyQuota;

  /**
   * @param retryDelay the upstream's {@code RetryInfo.retryDelay}, or null
   * @param dailyQuota true when a per-day quota is exhausted (not worth retrying today)
   */
  UpstreamException(int status, Duration retryDelay, boolean dailyQuota, Throwable cause) {
    super("model provider failure" + (status == 0 ? " (I/O)" : " (HTTP " + status + ")"), cause);
    this.status = status;
    this.retryDelay = retryDelay;
    this.dailyQuota = dailyQuota;
  }

  int status() {
    return status;
  }

  /** The upstream's own retry hint, or null. */
  Duration retryDelay() {
    return retryDelay;
  }

  boolean dailyQuota() {
    return dailyQuota;
  }

  /** Whether another attempt may succeed: 429 (not per-day), 500, 502, 503, 504 and I/O errors. */
  boolean retryable() {
    if (dailyQuota) {
      return false;
    }
    return status == 0 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }
}
