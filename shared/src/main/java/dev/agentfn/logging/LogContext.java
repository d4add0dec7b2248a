package dev.agentfn.logging;

/**
 * The request a thread is serving, for the lines it logs meanwhile: Cloud Logging's request id,
 * function and trace fields. Set by {@link AccessLog} for the time a request is served.
 *
 * @param trace {@code projects/P/traces/T}, or null
 * @param spanId the span id, or null
 */
record LogContext(String requestId, String function, String trace, String spanId) {
  static final String TRACE = "logging.googleapis.com/trace";
  static final String SPAN = "logging.googleapis.com/spanId";

  private static final ThreadLocal<LogContext> CURRENT = new ThreadLocal<>();

  /** The calling thread's request, or null. */
  static LogContext current() {
    return CURRENT.get();
  }

  /** Makes this the calling thread's request. */
  void enter() {
    CURRENT.set(this);
  }

  /** Ends this request on the calling thread (a later request's context is left alone). */
  void exit() {
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
  }
}
