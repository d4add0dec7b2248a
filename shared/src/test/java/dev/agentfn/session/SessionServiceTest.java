package dev.agentfn.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.api.TaskType;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.chat.ChatService;
import dev.agentfn.chat.Conversations;
import dev.agentfn.config.Config;
import dev.agentfn.model.History;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.ModelRouter;
import dev.agentfn.model.Tokens;
import dev.agentfn.model.Turn;
import dev.agentfn.model.Usage;
import dev.agentfn.stats.UsageStats;
import dev.agentfn.testing.MutableClock;
import dev.agentfn.testing.ScriptedModelClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionServiceTest {
  private static final Duration TTL = Duration.ofHours(24);
  private static final int BUDGET = 8000;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final ScriptedModelClient model = new ScriptedModelClient();
  private final ModelCatalog catalog = ModelCatalog.from(Config.defaults());
  private final UsageStats stats = new UsageStats();
  private final ChatService chat = new ChatService(model, new ModelRouter(catalog), catalog,
      AnswerCache.builder().maxEntries(100).ttl(Duration.ofMinutes(1)).build(), stats);
  private final SessionStore store = SessionStore.inMemory(10_000_000, TTL, clock);
  private final Sessions sessions = new Sessions(store, new Summarizer(model, catalog, stats), BUDGET, TTL, clock);
  private final SessionService conversations = new SessionService(sessions, chat);

  @Test
  void theSecondTurnIsSentTheFirstAsHistory() {
    Conversations.Reply first = turn("alice", "s1", "What is the weather in Beijing?");
    Conversations.Reply second = turn("alice", "s1", "And in Shanghai?");

    assertEquals(1, first.turn());
    assertEquals(2, second.turn());
    assertEquals("s1", second.sessionId());
    assertEquals(List.of(), model.requests().get(0).history());
    assertEquals(List.of(Turn.user("What is the weather in Beijing?"),
        Turn.model("answer to: What is the weather in Beijing?")), model.requests().get(1).history());
    assertNull(model.requests().get(1).systemInstruction(), "no summary yet");
  }

  @Test
  void anotherCallerWithTheSameIdHasItsOwnConversationAndCannotReadOrDeleteThisOne() {
    turn("alice", "shared-id", "My name is Alice.");
    Conversations.Reply bob = turn("bob", "shared-id", "What is my name?");

    assertEquals(1, bob.turn(), "bob's first turn, not alice's second");
    assertEquals(List.of(), model.requests().get(1).history());
    assertEquals(1, sessions.transcript("bob", "shared-id").turns().size());
    assertEquals(ErrorCode.NOT_FOUND,
        assertThrows(ApiException.class, () -> sessions.transcript("carol", "shared-id")).code());
    assertEquals(ErrorCode.NOT_FOUND, assertThrows(ApiException.class, () -> sessions.delete("carol", "shared-id")).code());
    assertEquals("My name is Alice.", sessions.transcript("alice", "shared-id").turns().get(0).query());
  }

  @Test
  void theSameFollowUpInTwoSessionsIsAnsweredPerSessionNeverFromTheCache() {
    model.otherwise(request -> new ModelReply("about " + (request.history().isEmpty() ? "nothing"
        : request.history().get(0).text()), request.model(), Usage.of(10, 20)));
    turn("alice", "weather", "Weather in Beijing?");
    turn("alice", "trains", "Trains to Hangzhou?");
    chat.chat(request("And in Shanghai?", null), context("alice"));

    Conversations.Reply weather = turn("alice", "weather", "And in Shanghai?");
    Conversations.Reply trains = turn("alice", "trains", "And in Shanghai?");

    assertEquals("about Weather in Beijing?", weather.response().answer());
    assertEquals("about Trains to Hangzhou?", trains.response().answer());
    assertFalse(weather.response().cached());
    assertFalse(trains.response().cached());
    assertEquals(5, model.calls(), "each follow-up asked the model");
  }

  @Test
  void aFirstTurnHasNoHistoryAndUsesTheAnswerCache() {
    chat.chat(request("What is AI?", null), context("alice"));
    Conversations.Reply first = turn("alice", "new", "What is AI?");

    assertTrue(first.response().cached());
    assertEquals(1, first.turn());
    assertEquals(1, model.calls());
  }

  @Test
  void aLongConversationKeepsEveryModelRequestWithinTheBudgetThroughARunningSummary() {
    model.otherwise(request -> request.systemInstruction() != null
        && request.systemInstruction().equals(Summarizer.INSTRUCTION)
        ? new ModelReply("summary up to now: " + "s".repeat(1000), request.model(), Usage.of(10, 20))
        : new ModelReply("a".repeat(4096), request.model(), Usage.of(10, 20)));
    for (int i = 1; i <= 30; i++) {
      assertEquals(i, turn("alice", "long", i + " " + "q".repeat(4096)).turn());
    }

    List<ModelRequest> answers = model.requests().stream()
        .filter(r -> !Summarizer.INSTRUCTION.equals(r.systemInstruction())).toList();
    List<ModelRequest> summaries = model.requests().stream()
        .filter(r -> Summarizer.INSTRUCTION.equals(r.systemInstruction())).toList();
    assertEquals(30, answers.size());
    for (ModelRequest request : answers) {
      assertTrue(tokens(request) <= BUDGET, tokens(request) + " tokens sent");
    }
    assertTrue(answers.get(29).systemInstruction().contains("summary up to now"), "the summary is sent");
    assertFalse(answers.get(29).history().isEmpty(), "the recent turns are sent in full");
    assertTrue(summaries.size() >= 5 && summaries.size() < 15,
        "folding happens every few turns, not every turn: " + summaries.size());
    assertTrue(summaries.stream().allMatch(r -> "alice".equals(r.payer())),
        "the summaries are charged to the session's owner");
    Sessions.Transcript transcript = sessions.transcript("alice", "long");
    assertEquals(30, transcript.turns().size());
    assertTrue(transcript.summary().startsWith("summary up to now"));
  }

  @Test
  void turnsThatCannotBeSummarisedAreDroppedWithAMarkerAndTheTurnIsStillAnswered() {
    model.otherwise(request -> {
      if (Summarizer.INSTRUCTION.equals(request.systemInstruction())) {
        throw ApiException.upstreamUnavailable("the model is unavailable", 2, null);
      }
      return new ModelReply("a".repeat(4096), request.model(), Usage.of(10, 20));
    });
    for (int i = 1; i <= 10; i++) {
      turn("alice", "flaky", i + " " + "q".repeat(4096));
    }

    ModelRequest last = model.requests().get(model.calls() - 1);
    assertTrue(last.systemInstruction().contains("were dropped from the context: they could not be summarised"),
        last.systemInstruction());
    assertTrue(tokens(last) <= BUDGET);
    assertEquals(10, sessions.transcript("alice", "flaky").turns().size());
  }

  @Test
  void sixConcurrentTurnsOfOneSessionAreNumberedOneToSixEachOnce() throws Exception {
    model.latency(50);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Conversations.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String query = "concurrent " + i;
        replies.add(pool.submit(() -> turn("alice", "busy", query)));
      }
      List<Long> numbers = new ArrayList<>();
      for (Future<Conversations.Reply> reply : replies) {
        numbers.add(reply.get(30, TimeUnit.SECONDS).turn());
      }
      numbers.sort(null);
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), numbers);
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L),
          sessions.transcript("alice", "busy").turns().stream().map(StoredTurn::number).toList());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void deletedAndExpiredSessionsAreNotFoundAndStartAfresh() {
    turn("alice", "gone", "first");
    sessions.delete("alice", "gone");
    assertEquals(ErrorCode.NOT_FOUND, assertThrows(ApiException.class, () -> sessions.transcript("alice", "gone")).code());
    assertEquals(ErrorCode.NOT_FOUND, assertThrows(ApiException.class, () -> sessions.delete("alice", "gone")).code());
    assertEquals(1, turn("alice", "gone", "again").turn());

    clock.advance(TTL.plusSeconds(1));

    assertEquals(ErrorCode.NOT_FOUND, assertThrows(ApiException.class, () -> sessions.transcript("alice", "gone")).code());
    turn("alice", "gone", "after expiry");
    assertEquals(List.of(), model.requests().get(model.calls() - 1).history());
  }

  @Test
  void turnsThatFellOutOfTheWindowUnsummarisedAreMarkedAsDropped() {
    for (int i = 1; i <= Sessions.WINDOW + 6; i++) {
      store.append(new SessionKey("alice", "flood"), i, new StoredTurn(0, "q" + i, "a" + i, "m", clock.instant(),
          clock.instant().plus(TTL), null));
    }
    model.otherwise(request -> new ModelReply(Summarizer.INSTRUCTION.equals(request.systemInstruction())
        ? "folded: " + request.prompt() : "ok", request.model(), Usage.of(1, 1)));

    Conversations.Reply reply = turn("alice", "flood", "next");

    assertEquals(Sessions.WINDOW + 7, reply.turn());
    ModelRequest fold = model.requests().get(0);
    assertTrue(fold.prompt().contains("[turns 1–6 were dropped from the context: too many turns at once]"),
        fold.prompt());
    assertTrue(fold.prompt().contains("User: q7\n"), "the window's oldest turns are folded");
    assertNotNull(model.requests().get(1).systemInstruction());
    assertTrue(model.requests().get(1).history().size() <= 2 * ContextBudget.MAX_TAIL_TURNS);
  }

  @Test
  void aFullSessionRefusesTheNextTurn() {
    store.append(new SessionKey("alice", "full"), Sessions.MAX_TURNS, new StoredTurn(0, "q", "a", "m",
        clock.instant(), clock.instant().plus(TTL), null));
    ApiException e = assertThrows(ApiException.class, () -> turn("alice", "full", "one more"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("start a new session"));
    assertEquals(0, model.calls());
  }

  @Test
  void theInMemoryStoreIsBoundedByTheCharactersItHolds() {
    SessionStore small = SessionStore.inMemory(1000, TTL, clock);
    for (int i = 0; i < 10; i++) {
      small.append(new SessionKey("alice", "s" + i), 1, new StoredTurn(0, "q".repeat(200), "a", "m",
          clock.instant(), clock.instant().plus(TTL), null));
    }
    long kept = 0;
    for (int i = 0; i < 10; i++) {
      kept += small.newest(new SessionKey("alice", "s" + i), 10).size();
    }
    assertTrue(kept <= 5, kept + " sessions of 201 characters kept in 1000");
    assertNotEquals(0, kept);
  }

  private Conversations.Reply turn(String caller, String session, String query) {
    return conversations.turn(request(query, session), context(caller), null);
  }

  private static ChatRequest request(String query, String session) {
    return new ChatRequest(query, TaskType.SIMPLE, null, true, false, null, null, session);
  }

  private CallContext context(String caller) {
    return new CallContext("rid", caller, Instant.now().plusSeconds(30));
  }

  /** Every token the model is sent: the summary, the history and the query. */
  private static long tokens(ModelRequest request) {
    long tokens = Tokens.estimate(request.prompt())
        + (request.systemInstruction() == null ? 0 : Tokens.estimate(request.systemInstruction()));
    for (Turn turn : request.history()) {
      tokens += Tokens.estimate(turn.text());
    }
    return tokens;
  }
}
