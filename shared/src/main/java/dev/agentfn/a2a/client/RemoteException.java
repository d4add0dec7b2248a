package dev.agentfn.a2a.client;

/**
 * A remote agent could not be used; the message is safe to show to callers (it says what failed,
 * never more than a clipped reason from the remote). {@code cardSuspect} says whether the agent's
 * card should be fetched again before the next call (unreachable, wrong protocol).
 */
final class RemoteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean cardSuspect;

  RemoteException(String message, boolean cardSuspect) {
    super(message, null, false, false);
    this.cardSuspect = cardSuspect;
  }

  boolean cardSuspect() {
    return cardSuspect;
  }
}
