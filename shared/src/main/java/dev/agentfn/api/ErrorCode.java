package dev.agentfn.api;

/** The error codes of the HTTP contract, each with its HTTP status (API.md, "Common rules"). */
public enum ErrorCode {
  INVALID_ARGUMENT(400),
  UNAUTHENTICATED(401),
  BUDGET_EXCEEDED(402),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  RATE_LIMITED(429),
  UPSTREAM_UNAVAILABLE(503),
  /** The instance has more work queued than it takes; retry shortly. */
  OVERLOADED(503),
  DEADLINE_EXCEEDED(504),
  INTERNAL(500);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  /** The HTTP status this code is sent with. */
  public int status() {
    return status;
  }

  /** The code as it appears on the wire, e.g. {@code invalid_argument}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
