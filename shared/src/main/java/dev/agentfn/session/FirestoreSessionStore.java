package dev.agentfn.session;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import dev.agentfn.firestore.Claims;
import dev.agentfn.firestore.Firestores;
import dev.agentfn.model.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sessions in Firestore, one document per turn in {@value #COLLECTION}, named by the session key's
 * hash and the turn's number: {@code session} (the key's hash), {@code owner}, {@code sessionId},
 * {@code turn}, {@code query}, {@code answer}, {@code model}, {@code createdAt}, {@code expireAt} (a
 * Timestamp; the collection's TTL policy deletes expired turns) and, when the turn was answered with
 * one, {@code summary} and {@code summaryThrough}. No document is ever updated: a turn claims its
 * number by creating its document ({@link Claims#claimNext}), so concurrent turns on any instances
 * get distinct numbers in order, also on the emulator, which does not isolate transactions.
 *
 * <p>Reads query {@code session ==} ordered by {@code turn} descending, which needs a composite index.
 */
final class FirestoreSessionStore implements SessionStore {
  public static final String COLLECTION = "agent_sessions";
  /** The Timestamp field the TTL policy names ({@link Claims#EXPIRE_AT}). */
  static final String EXPIRE_AT = "expireAt";
  /** Largest turn document written; Firestore documents hold at most 1 MiB. */
  static final int MAX_DOCUMENT_BYTES = 900_000;
  /** Numbers a turn tries past the newest one it saw, when concurrent turns take them first. */
  private static final int MAX_CLAIM_ATTEMPTS = 256;
  /** Deletes per batch (Firestore allows 500 writes in one). */
  private static final int DELETE_BATCH = 400;

  private final Firestore firestore;
  private final CollectionReference turns;
  private final Claims claims;

  FirestoreSessionStore(Firestore firestore, Duration timeout) {
    this.firestore = firestore;
    this.turns = firestore.collection(COLLECTION);
    this.claims = new Claims(timeout);
  }

  @Override
  public List<StoredTurn> newest(SessionKey key, int limit) {
    Query query = turns.whereEqualTo("session", key.hash()).orderBy("turn", Query.Direction.DESCENDING).limit(limit);
    List<StoredTurn> newest = new ArrayList<>();
    for (QueryDocumentSnapshot document : claims.await(query.get(), "read").getDocuments()) {
      newest.add(read(document));
    }
    return newest;
  }

  @Override
  public long append(SessionKey key, long from, StoredTurn turn) {
    String session = key.hash();
    return claims.claimNext(n -> document(session, n), from, n -> fields(key, session, turn.withNumber(n)),
        MAX_CLAIM_ATTEMPTS);
  }

  @Override
  public void delete(SessionKey key) {
    Query all = turns.whereEqualTo("session", key.hash()).limit(DELETE_BATCH);
    while (true) {
      List<QueryDocumentSnapshot> found = claims.await(all.get(), "read").getDocuments();
      if (found.isEmpty()) {
        return;
      }
      WriteBatch batch = firestore.batch();
      found.forEach(document -> batch.delete(document.getReference()));
      claims.await(batch.commit(), "delete");
    }
  }

  private DocumentReference document(String session, long number) {
    return turns.document(session + "-" + String.format("%06d", number));
  }

  private static Map<String, Object> fields(SessionKey key, String session, StoredTurn turn) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("session", session);
    fields.put("owner", key.owner());
    fields.put("sessionId", key.id());
    fields.put("turn", turn.number());
    fields.put("query", turn.query());
    fields.put("model", turn.model());
    fields.put("createdAt", Firestores.timestamp(turn.createdAt()));
    fields.put(EXPIRE_AT, Firestores.timestamp(turn.expireAt()));
    if (turn.summary() != null) {
      fields.put("summary", turn.summary().text());
      fields.put("summaryThrough", turn.summary().through());
    }
    fields.put("answer", fitted(turn, fields));
    return fields;
  }

  /** The answer, cut so that the document stays under {@link #MAX_DOCUMENT_BYTES}. */
  private static String fitted(StoredTurn turn, Map<String, Object> others) {
    long used = 0;
    for (Object value : others.values()) {
      used += value instanceof String text ? text.getBytes(StandardCharsets.UTF_8).length : 16;
    }
    long room = MAX_DOCUMENT_BYTES - used;
    String answer = turn.answer();
    if (answer.getBytes(StandardCharsets.UTF_8).length <= room) {
      return answer;
    }
    // At most 4 bytes and at least a quarter token per character: a token budget of room / 16 fits.
    return Tokens.clip(answer, room / 16);
  }

  private static StoredTurn read(DocumentSnapshot document) {
    String summary = document.getString("summary");
    Long through = document.getLong("summaryThrough");
    return new StoredTurn(document.getLong("turn"), document.getString("query"), document.getString("answer"),
        document.getString("model"), Firestores.instant(document.getTimestamp("createdAt")),
        Firestores.instant(document.getTimestamp(EXPIRE_AT)),
        summary == null || through == null ? null : new Summary(summary, through));
  }
}
