package dev.agentfn.firestore;

/**
 * A Firestore call failed or did not answer in time. The message is safe for logs and
 * {@code /health} (a gRPC status code or a timeout, never document contents); callers decide
 * whether to fail open or to report it.
 */
public final class FirestoreUnavailableException extends RuntimeException {
  public FirestoreUnavailableException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
