package dev.agentfn.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Who is calling and until when: the request id (for logs and responses), a caller id that is safe
 * to log (a hash of the API key, or the client address), and the request's deadline.
 */
public record CallContext(String requestId, String callerId, Instant deadline) {
  public CallContext {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(callerId, "callerId");
    Objects.requireNonNull(deadline, "deadline");
  }
}
