package dev.agentfn.api;

import java.util.Map;
import java.util.Objects;

/**
 * The one error type of the API: a contract {@link ErrorCode} and a message that is safe to show to
 * the caller. Extra response headers (e.g. {@code Retry-After}, {@code Allow}) travel with it.
 * Anything that is not an {@code ApiException} becomes a generic {@code internal} error at the edge.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final transient Map<String, String> headers;

  public ApiException(ErrorCode code, String message) {
    this(code, message, Map.of(), null);
  }

  public ApiException(ErrorCode code, String message, Map<String, String> headers, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.headers = Map.copyOf(headers);
  }

  public static ApiException invalidArgument(String message) {
    return new ApiException(ErrorCode.INVALID_ARGUMENT, message);
  }

  /** A retryable upstream failure with a {@code Retry-After} hint in seconds. */
  public static ApiException upstreamUnavailable(String message, long retryAfterSeconds, Throwable cause) {
    return new ApiException(ErrorCode.UPSTREAM_UNAVAILABLE, message,
        Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))), cause);
  }

  public static ApiException deadlineExceeded(String message) {
    return new ApiException(ErrorCode.DEADLINE_EXCEEDED, message);
  }

  public ErrorCode code() {
    return code;
  }

  /** Response headers that belong to this error (never null). */
  public Map<String, String> headers() {
    return headers;
  }
}
