package dev.agentfn.session;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ChatResponse;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.chat.ChatService;
import dev.agentfn.chat.Conversations;
import dev.agentfn.firestore.FirestoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Conversations over a {@link SessionStore}: a turn reads the session's newest turns, fits them into
 * the token budget (folding older ones into the summary), is answered by the {@link ChatService}
 * after them, and is then recorded under the next free number.
 *
 * <p>Concurrent turns of one session (on any instances) are all recorded, each under its own number,
 * numbered in the order they finish; a turn sees every turn recorded before it started, so two
 * turns sent at once both see the same history, not each other. Thread-safe.
 */
public final class SessionService implements Conversations {
  /** Most turns a session holds; the next one is refused. */
  public static final int MAX_TURNS = 1000;
  /** The newest turns a new turn reads (the summary rides on them, so older ones are never needed). */
  static final int WINDOW = 32;

  private final SessionStore store;
  private final ChatService chat;
  private final ContextBudget budget;
  private final Duration ttl;
  private final Clock clock;

  /**
   * @param maxContextTokens {@code SESSION_MAX_CONTEXT_TOKENS}: most tokens of history and query sent to the model
   * @param ttl {@code SESSION_TTL_HOURS}: how long a turn is kept after it was recorded
   */
  public SessionService(SessionStore store, ChatService chat, Summarizer summarizer, long maxContextTokens,
      Duration ttl, Clock clock) {
    this.store = store;
    this.chat = chat;
    this.budget = new ContextBudget(maxContextTokens, summarizer);
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public Reply turn(ChatRequest request, CallContext context, Consumer<String> onDelta) {
    SessionKey key = new SessionKey(context.callerId(), Objects.requireNonNull(request.sessionId(), "sessionId"));
    Recent recent = Recent.of(stored(() -> store.newest(key, WINDOW)), WINDOW, clock.instant());
    if (recent.next() > MAX_TURNS) {
      throw ApiException.invalidArgument("session " + key.id() + " has reached " + MAX_TURNS
          + " turns; start a new session");
    }
    ContextBudget.Fitted fitted = budget.fit(recent, request.query(), context.deadline());
    ChatResponse response = chat.chat(request, fitted.history(), context, onDelta);
    Instant now = clock.instant();
    StoredTurn turn = new StoredTurn(0, request.query(), response.answer(), response.modelUsed(), now, now.plus(ttl),
        fitted.summary());
    long number = stored(() -> store.append(key, recent.next(), turn));
    return new Reply(response, key.id(), number);
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
