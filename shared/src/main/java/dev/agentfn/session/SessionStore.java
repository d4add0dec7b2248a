package dev.agentfn.session;

import com.google.cloud.firestore.Firestore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Where conversations live: an append-only log of turns per session, in Firestore (one document
 * per turn, shared by every instance) or in this instance's memory (bounded). Stores return expired
 * turns too (the caller judges expiry by its clock); Firestore's failures are
 * {@link dev.agentfn.firestore.FirestoreUnavailableException}s. Thread-safe.
 */
public interface SessionStore {

  /** The session's newest turns, at most {@code limit}, newest first. */
  List<StoredTurn> newest(SessionKey key, int limit);

  /**
   * Records {@code turn} under the first free number {@code ≥ from}: of concurrent appends each gets
   * its own number, and none is skipped or given twice.
   *
   * @return the number the turn was recorded as
   */
  long append(SessionKey key, long from, StoredTurn turn);

  /** Forgets every turn of the session. */
  void delete(SessionKey key);

  /** This instance's memory: at most about {@code maxChars} characters of turns in all. */
  static SessionStore inMemory(long maxChars, Duration ttl, Clock clock) {
    return new InMemorySessionStore(maxChars, ttl, clock);
  }

  /** Firestore, collection {@value FirestoreSessionStore#COLLECTION}; each call waits at most {@code timeout}. */
  static SessionStore firestore(Firestore firestore, Duration timeout) {
    return new FirestoreSessionStore(firestore, timeout);
  }
}
