package dev.agentfn.session;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.firestore.FirestoreUnavailableException;
import dev.agentfn.model.History;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Conversations over a {@link SessionStore}, whoever answers their turns ({@code POST /chat}, A2A):
 * {@link #begin} reads a session's newest turns and fits them into the token budget (folding older
 * ones into the summary), and {@link Pending#record} records the answered turn under the next free
 * number.
 *
 * <p>Concurrent turns of one session (on any instances) are all recorded, each under its own number,
 * numbered in the order they finish; a turn sees every turn recorded before it began, so two turns
 * sent at once both see the same history, not each other. A store failure is
 * {@code upstream_unavailable}: a turn is never answered without its history. Thread-safe.
 */
public final class Sessions {
  /** Most turns a session holds; the next one is refused. */
  public static final int MAX_TURNS = 1000;
  /** The newest turns a new turn reads (the summary rides on them, so older ones are never needed). */
  static final int WINDOW = 32;

  private final SessionStore store;
  private final ContextBudget budget;
  private final Duration ttl;
  private final Clock clock;

  /**
   * @param maxContextTokens {@code SESSION_MAX_CONTEXT_TOKENS}: most tokens of history and query sent to the model
   * @param ttl {@code SESSION_TTL_HOURS}: how long a turn is kept after it was recorded
   */
  public Sessions(SessionStore store, Summarizer summarizer, long maxContextTokens, Duration ttl, Clock clock) {
    this.store = store;
    this.budget = new ContextBudget(maxContextTokens, summarizer);
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A turn being answered: the history to answer it with, and how to record it once answered. */
  public final class Pending {
    private final SessionKey key;
    private final String query;
    private final long next;
    private final ContextBudget.Fitted fitted;

    private Pending(SessionKey key, String query, long next, ContextBudget.Fitted fitted) {
      this.key = key;
      this.query = query;
      this.next = next;
      this.fitted = fitted;
    }

    /** What the model is to see before the query. */
    public History history() {
      return fitted.history();
    }

    /** Records the answered turn; returns its number. */
    public long record(String answer, String model) {
      Instant now = clock.instant();
      StoredTurn turn = new StoredTurn(0, query, answer, model, now, now.plus(ttl), fitted.summary());
      return stored(() -> store.append(key, next, turn));
    }
  }

  /**
   * Starts a turn of {@code key}'s conversation: its history within the budget, the summary brought
   * up to date first when the conversation outgrew it (one fast-model call, bounded by {@code deadline}).
   */
  public Pending begin(SessionKey key, String query, Instant deadline) {
    Recent recent = Recent.of(stored(() -> store.newest(key, WINDOW)), WINDOW, clock.instant());
    if (recent.next() > MAX_TURNS) {
      throw ApiException.invalidArgument("session " + key.id() + " has reached " + MAX_TURNS
          + " turns; start a new session");
    }
    return new Pending(key, query, recent.next(), budget.fit(recent, query, key.owner(), deadline));
  }

  /** A session as {@code GET /sessions/{id}} shows it. */
  public record Transcript(String sessionId, List<StoredTurn> turns, String summary) {}

  /** The live turns of the caller's session, oldest first, and its newest summary; {@code not_found} if none. */
  public Transcript transcript(String owner, String sessionId) {
    SessionKey key = new SessionKey(owner, sessionId);
    Instant now = clock.instant();
    List<StoredTurn> turns = new ArrayList<>();
    for (StoredTurn turn : stored(() -> store.newest(key, MAX_TURNS))) {
      if (turn.live(now)) {
        turns.add(turn);
      }
    }
    if (turns.isEmpty()) {
      throw notFound(sessionId);
    }
    Collections.reverse(turns);
    Summary summary = Recent.of(turns, Integer.MAX_VALUE, now).summary();
    return new Transcript(sessionId, turns, summary == null ? null : summary.text());
  }

  /** Deletes the caller's session; {@code not_found} if it has no live turns. */
  public void delete(String owner, String sessionId) {
    SessionKey key = new SessionKey(owner, sessionId);
    Instant now = clock.instant();
    if (stored(() -> store.newest(key, 1)).stream().noneMatch(turn -> turn.live(now))) {
      throw notFound(sessionId);
    }
    stored(() -> {
      store.delete(key);
      return null;
    });
  }

  private static ApiException notFound(String sessionId) {
    return new ApiException(ErrorCode.NOT_FOUND, "no session " + sessionId);
  }

  private static <T> T stored(Supplier<T> call) {
    try {
      return call.get();
    } catch (FirestoreUnavailableException e) {
      throw ApiException.upstreamUnavailable("the session store (Firestore) is unavailable: " + e.getMessage(), 5, e);
    }
  }
}
