package dev.agentfn.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.firestore.Firestore;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.api.TaskType;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.chat.ChatService;
import dev.agentfn.config.Config;
import dev.agentfn.firestore.FirestoreUnavailableException;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelRouter;
import dev.agentfn.stats.UsageStats;
import dev.agentfn.testing.FirestoreEmulator;
import dev.agentfn.testing.ScriptedModelClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Firestore session store with the real client against the emulator, several clients racing as instances. */
class FirestoreSessionStoreIT {
  private static final String PROJECT = "demo-sessions-it";
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private static final int RACERS = 12;
  @AutoClose
  private static final FirestoreEmulator emulator = FirestoreEmulator.start();
  @AutoClose("shutdownNow")
  private final ExecutorService pool = Executors.newFixedThreadPool(RACERS);
  private final List<SessionStore> instances = new ArrayList<>();
  private final SessionKey key = new SessionKey("key:alice", "trip");

  @BeforeEach
  void emptyEmulator() throws Exception {
    emulator.empty();
    for (int i = 0; i < 3; i++) {
      instances.add(SessionStore.firestore(emulator.client(PROJECT), Duration.ofSeconds(5)));
    }
  }

  @Test
  void concurrentAppendsOnSeveralInstancesGetEveryNumberOnce() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Long>> numbers = new ArrayList<>();
    for (int i = 0; i < RACERS; i++) {
      SessionStore store = instances.get(i % instances.size());
      String query = "q" + i;
      numbers.add(pool.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        return store.append(key, 1, turn(query, null));
      }));
    }
    start.countDown();
    List<Long> got = new ArrayList<>();
    for (Future<Long> number : numbers) {
      got.add(number.get(30, TimeUnit.SECONDS));
    }
    got.sort(null);

    assertEquals(LongStream.rangeClosed(1, RACERS).boxed().toList(), got);
    List<StoredTurn> newest = instances.get(0).newest(key, 100);
    assertEquals(LongStream.rangeClosed(1, RACERS).map(n -> RACERS + 1 - n).boxed().toList(),
        newest.stream().map(StoredTurn::number).toList(), "newest first, each once");
  }

  @Test
  void turnsRoundTripWithTheirSummaryAndStayWithTheirOwnerAndSession() {
    SessionStore store = instances.get(0);
    store.append(key, 1, turn("first", null));
    store.append(key, 1, turn("second", new Summary("they talked about a trip", 1)));
    store.append(new SessionKey("key:bob", "trip"), 1, turn("bob's", null));
    store.append(new SessionKey("key:alice", "other"), 1, turn("other", null));

    List<StoredTurn> newest = instances.get(1).newest(key, 10);

    assertEquals(2, newest.size());
    StoredTurn second = newest.get(0);
    assertEquals(2, second.number());
    assertEquals("second", second.query());
    assertEquals("answer to second", second.answer());
    assertEquals("m", second.model());
    assertEquals(NOW, second.createdAt());
    assertEquals(NOW.plus(Duration.ofHours(24)), second.expireAt());
    assertEquals(new Summary("they talked about a trip", 1), second.summary());
    assertNull(newest.get(1).summary());
    assertEquals(1, instances.get(1).newest(key, 1).size());
  }

  @Test
  void deleteForgetsEveryTurnOfOneSessionOnly() {
    SessionStore store = instances.get(0);
    for (int i = 0; i < 5; i++) {
      store.append(key, 1, turn("q" + i, null));
    }
    SessionKey other = new SessionKey("key:bob", "trip");
    store.append(other, 1, turn("bob's", null));

    instances.get(2).delete(key);

    assertEquals(List.of(), store.newest(key, 10));
    assertEquals(1, store.newest(other, 10).size());
    assertEquals(1, store.append(key, 1, turn("again", null)));
  }

  @Test
  void anAnswerTooLargeForADocumentIsCut() {
    String huge = "é".repeat(600_000);
    instances.get(0).append(key, 1, new StoredTurn(0, "q", huge, "m", NOW, NOW.plusSeconds(60), null));

    String stored = instances.get(1).newest(key, 1).get(0).answer();

    assertTrue(stored.getBytes(StandardCharsets.UTF_8).length < FirestoreSessionStore.MAX_DOCUMENT_BYTES);
    assertTrue(stored.endsWith("…") && stored.startsWith("éé"));
  }

  @Test
  void aDeadFirestoreFailsTheTurnWithUpstreamUnavailable() throws Exception {
    ScriptedModelClient model = new ScriptedModelClient();
    ModelCatalog catalog = ModelCatalog.from(Config.defaults());
    UsageStats stats = new UsageStats();
    ChatService chat = new ChatService(model, new ModelRouter(catalog), catalog,
        AnswerCache.builder().maxEntries(10).ttl(Duration.ofMinutes(1)).build(), stats);
    Firestore client = emulator.client("demo-sessions-dead");
    SessionService sessions = new SessionService(new Sessions(SessionStore.firestore(client, Duration.ofSeconds(2)),
        new Summarizer(model, catalog, stats), 8000, Duration.ofHours(1), Clock.systemUTC()), chat);
    emulator.kill();
    try {
      ApiException e = assertThrows(ApiException.class, () -> sessions.turn(
          new ChatRequest("q", TaskType.SIMPLE, null, true, false, null, null, "s"),
          new CallContext("rid", "key:alice", Instant.now().plusSeconds(30)), null));
      assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE, e.code());
      assertTrue(e.getCause() instanceof FirestoreUnavailableException);
      assertEquals(0, model.calls(), "no answer without the conversation's history");
    } finally {
      emulator.restart();
    }
  }

  private static StoredTurn turn(String query, Summary summary) {
    return new StoredTurn(0, query, "answer to " + query, "m", NOW, NOW.plus(Duration.ofHours(24)), summary);
  }
}
