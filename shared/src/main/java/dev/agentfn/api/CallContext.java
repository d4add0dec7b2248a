package dev.agentfn.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Who is calling and until when: the request id (for logs and responses), a caller id that is safe
 * to log (a hash of the API key, or the client address), and the request's deadline.
 */
public record CallContext(String requestId, String callerId, Instant deadline, CallNotes notes) {
  public CallContext {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(callerId, "callerId");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(notes, "notes");
  }

  /** A context with fresh notes. */
  public CallContext(String requestId, String callerId, Instant deadline) {
    this(requestId, callerId, deadline, new CallNotes());
  }
}
