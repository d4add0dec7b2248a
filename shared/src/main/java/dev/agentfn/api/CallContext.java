package dev.agentfn.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Who is calling and until when: the request id (for logs and responses), a caller id that is safe
 * to log (a hash of the API key, or the client address), the request's deadline, and how many
 * agents deep the call is ({@code hops}: 0 for a caller that is not one of our agents, else the
 * hop count that agent sent).
 */
public record CallContext(String requestId, String callerId, Instant deadline, CallNotes notes, int hops) {
  public CallContext {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(callerId, "callerId");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(notes, "notes");
    if (hops < 0) {
      throw new IllegalArgumentException("hops must not be negative");
    }
  }

  /** A context of a direct caller (no hops). */
  public CallContext(String requestId, String callerId, Instant deadline, CallNotes notes) {
    this(requestId, callerId, deadline, notes, 0);
  }

  /** A context with fresh notes. */
  public CallContext(String requestId, String callerId, Instant deadline) {
    this(requestId, callerId, deadline, new CallNotes());
  }

  /** This context, reached through {@code hops} agents. */
  public CallContext withHops(int hops) {
    return new CallContext(requestId, callerId, deadline, notes, hops);
  }
}
