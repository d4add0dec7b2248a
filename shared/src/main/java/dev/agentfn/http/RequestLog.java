package dev.agentfn.http;

import dev.agentfn.api.CallNotes;

/**
 * Writes one log line per request (the access log). {@link #open} runs when the request arrives
 * (log lines written while it is served may carry its request id and trace), the returned scope is
 * closed once the response is ready, or for a streamed response once the stream has ended (the
 * scope is then {@linkplain Scope#suspend() suspended} between the two, as the body may be written
 * on another thread).
 */
public interface RequestLog {
  /** Starts a request's log scope. */
  Scope open(Exchange exchange, String requestId, String function);

  /** One request's log scope. */
  interface Scope {
    /** Writes the request's line and ends the scope. */
    void close(int status, long latencyMs, CallNotes notes);

    /** Takes the request's log context off the current thread until {@link #resume()}. */
    default void suspend() {}

    /** Puts the request's log context on the current thread again. */
    default void resume() {}
  }

  /** No access log. */
  static RequestLog none() {
    return (exchange, requestId, function) -> (status, latencyMs, notes) -> {};
  }
}
