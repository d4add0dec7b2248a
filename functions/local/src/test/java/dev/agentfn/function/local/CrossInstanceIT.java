package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.access.Fingerprint;
import dev.agentfn.testing.FirestoreEmulator;
import dev.agentfn.testing.GeminiStub;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three local gateways ("instances") under the real invoker on one Firestore emulator and one
 * Gemini stub, the real SDK in each: one model call for a burst of identical cold questions over
 * all three, a waiter that still answers when the instance holding the lease is killed mid-call,
 * and per-key budgets that hold across instances (issue 14's "Done when").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossInstanceIT {
  private static final String PROJECT = "demo-cross-instance";
  private static final String MODEL = "gemini-3.1-flash-lite";
  /** Spends the $0.10 budget in the budget test. */
  private static final String BUDGET_KEY = "budget-key-aaaaaaaaaaaa";
  /** Another key with its own $0.10, unaffected by the first one's spending. */
  private static final String OTHER_KEY = "other-key-bbbbbbbbbbbbb";
  /** Asks the coalesced questions. */
  private static final String COALESCE_KEY = "coalesce-key-cccccccccc";
  private static final int LEASE_SECONDS = 3;

  private static FirestoreEmulator emulator;
  private static GeminiStub stub;
  private static final List<Gateway> gateways = new ArrayList<>();
  private static final ExecutorService clients = Executors.newCachedThreadPool();

  @BeforeAll
  static void start() throws Exception {
    emulator = FirestoreEmulator.start();
    stub = GeminiStub.start();
    Map<String, String> env = Map.ofEntries(
        Map.entry("FIRESTORE_EMULATOR_HOST", emulator.host()),
        Map.entry("GOOGLE_CLOUD_PROJECT", PROJECT),
        Map.entry("MODEL_PROVIDER", "gemini"),
        Map.entry("GEMINI_API_KEY", "x"),
        Map.entry("GEMINI_BASE_URL", stub.baseUrl()),
        Map.entry("MODEL_MAX_ATTEMPTS", "1"),
        Map.entry("API_KEYS", String.join(",", BUDGET_KEY, OTHER_KEY, COALESCE_KEY)),
        Map.entry("BUDGET_USD", "0.10"),
        // $0.01 per output token, input free: one reply of one output token costs exactly $0.01.
        Map.entry("MODEL_PRICES", MODEL + "=0/10000"),
        Map.entry("CACHE_LEASE_SECONDS", Integer.toString(LEASE_SECONDS)),
        Map.entry("REQUEST_TIMEOUT_MS", "40000"),
        // Generous on a loaded test machine: a slow emulator read must not count as Firestore failing.
        Map.entry("CACHE_L2_TIMEOUT_MS", "3000"),
        Map.entry("RATE_LIMIT_PER_MINUTE", "0"));
    for (int i = 0; i < 3; i++) {
      gateways.add(Gateway.start(env));
    }
    // Warm each instance (its model client, its Firestore connection) so that the bursts below meet
    // them ready, as they would meet instances already serving; this spends $0.01 of the other key each.
    stub.otherwise(GeminiStub.text("warm").usage(0, 1, 0));
    for (Gateway gateway : gateways) {
      ok(gateway.postJson("/chat", chat("warm-up " + gateways.indexOf(gateway)), key(OTHER_KEY)));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    clients.shutdownNow();
    gateways.forEach(Gateway::close);
    if (stub != null) {
      stub.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  @BeforeEach
  void resetStub() {
    stub.reset();
    stub.latency(0);
    stub.otherwise(GeminiStub.text("an answer from a call nobody expected").usage(0, 1, 0));
  }

  @Test
  @Order(1)
  void twentyOneIdenticalColdRequestsOverThreeInstancesCostOneModelCall() throws Exception {
    stub.latency(2_000).enqueue(GeminiStub.text("the one answer").usage(0, 1, 0));
    String question = chat("What is cross-instance single-flight?");
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      Gateway gateway = gateways.get(i % 3);
      responses.add(clients.submit(() -> {
        go.await(10, TimeUnit.SECONDS);
        return gateway.postJson("/chat", question, Map.of("X-API-Key", COALESCE_KEY));
      }));
    }
    go.countDown();

    Set<String> answers = new java.util.HashSet<>();
    int computed = 0;
    for (Future<HttpResponse<String>> response : responses) {
      JsonObject body = ok(response.get(60, TimeUnit.SECONDS));
      answers.add(body.get("answer").getAsString());
      computed += body.get("cached").getAsBoolean() ? 0 : 1;
    }

    assertEquals(1, stub.generateCalls(), "one model call across the three instances");
    assertEquals(Set.of("the one answer"), answers);
    assertEquals(1, computed);
    long coalesced = 0;
    for (Gateway gateway : gateways) {
      coalesced += json(gateway.get("/cache/stats", key(COALESCE_KEY))).getAsJsonObject("coalescing")
          .get("coalesced").getAsLong();
    }
    assertEquals(2, coalesced, "the two instances without the lease each waited once for its holder's answer");
  }

  @Test
  @Order(2)
  void fortyFiveConcurrentRequestsOnABudgetOfTenCallsAdmitAboutTenAndRefuseTheRestWith402() throws Exception {
    stub.latency(200).otherwise(GeminiStub.text("a paid answer").usage(0, 1, 0));
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      Gateway gateway = gateways.get(i % 3);
      String question = chat("paid question " + i);
      responses.add(clients.submit(() -> {
        go.await(10, TimeUnit.SECONDS);
        return gateway.postJson("/chat", question, Map.of("X-API-Key", BUDGET_KEY));
      }));
    }
    go.countDown();

    int admitted = 0;
    for (Future<HttpResponse<String>> future : responses) {
      HttpResponse<String> response = future.get(60, TimeUnit.SECONDS);
      if (response.statusCode() == 200) {
        admitted++;
        continue;
      }
      assertEquals(402, response.statusCode(), response.body());
      JsonObject error = json(response).getAsJsonObject("error");
      assertEquals("budget_exceeded", error.get("code").getAsString());
      assertTrue(error.get("message").getAsString().contains("resets at "), error.toString());
      assertTrue(response.headers().firstValue("Retry-After").isPresent());
    }

    assertTrue(admitted >= 8 && admitted <= 11, admitted + " of 45 admitted on a budget of 10 calls");
    assertEquals(admitted, stub.generateCalls(), "refused requests never reach the model");
    assertEquals("a paid answer", ok(gateways.get(1).postJson("/chat", chat("another key's question"),
        key(OTHER_KEY))).get("answer").getAsString());
    JsonObject spent = awaitSpend(gateways.get(2), "key:" + Fingerprint.of(BUDGET_KEY), admitted * 0.01);
    assertEquals(0.10, spent.get("limit_usd").getAsDouble(), 1e-9);
    String stats = gateways.get(0).get("/stats", key(OTHER_KEY)).body();
    assertFalse(stats.contains(BUDGET_KEY) || stats.contains(OTHER_KEY), "stats never show a key: " + stats);
  }

  @Test
  @Order(3)
  void whenTheInstanceHoldingTheLeaseIsKilledMidCallAWaiterStillAnswers() throws Exception {
    long callMillis = 4_000;
    stub.latency(callMillis).otherwise(GeminiStub.text("answered after the takeover").usage(0, 1, 0));
    String question = chat("Who answers when the leader dies?");
    Gateway leader = gateways.get(0);
    CompletableFuture<HttpResponse<String>> lost = CompletableFuture.supplyAsync(
        () -> post(leader, question), clients);
    awaitTrue(() -> stub.generateCalls() == 1, "the leader's model call never started");
    List<CompletableFuture<HttpResponse<String>>> waiters = new ArrayList<>();
    for (Gateway waiter : gateways.subList(1, 3)) {
      waiters.add(CompletableFuture.supplyAsync(() -> post(waiter, question), clients));
      awaitTrue(() -> waiting(waiter) == 1, () -> "the instance never waited for the leader's lease: "
          + waiter.get("/cache/stats", key(COALESCE_KEY)).body() + " leader: "
          + leader.get("/cache/stats", key(COALESCE_KEY)).body() + ", model calls " + stub.generateCalls());
    }

    long killedAt = System.nanoTime();
    leader.kill();
    Set<String> answers = waiters.stream().map(w -> ok(w.join()).get("answer").getAsString())
        .collect(Collectors.toSet());
    long afterKillMs = (System.nanoTime() - killedAt) / 1_000_000;

    assertEquals(Set.of("answered after the takeover"), answers);
    assertEquals(2, stub.generateCalls(), "the dead leader's call and one takeover call");
    assertTrue(afterKillMs < LEASE_SECONDS * 1_000L + callMillis + 3_000,
        "answered " + afterKillMs + " ms after the kill: more than the lease plus one call");
    assertTrue(lost.handle((response, failure) -> failure != null).join(), "the killed instance answered nothing");
  }

  private static String chat(String query) {
    return "{\"query\": \"" + query + "\", \"model\": \"" + MODEL + "\", \"max_output_tokens\": 1}";
  }

  private static Map<String, String> key(String key) {
    return Map.of("X-API-Key", key);
  }

  private static HttpResponse<String> post(Gateway gateway, String json) {
    try {
      return gateway.postJson("/chat", json, key(COALESCE_KEY));
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  private static long waiting(Gateway gateway) {
    try {
      return json(gateway.get("/cache/stats", key(COALESCE_KEY))).getAsJsonObject("coalescing").get("waiting")
          .getAsLong();
    } catch (Exception e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  private static JsonObject awaitSpend(Gateway gateway, String keyId, double usd) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      JsonObject budgets = json(gateway.get("/stats", key(OTHER_KEY))).getAsJsonObject("budgets");
      JsonObject figures = budgets.getAsJsonObject("keys").getAsJsonObject(keyId);
      if (Math.abs(figures.get("spent_usd").getAsDouble() - usd) < 1e-9) {
        assertEquals(0.10 - usd, figures.get("remaining_usd").getAsDouble(), 1e-9);
        assertEquals("global", budgets.get("scope").getAsString());
        return figures;
      }
      assertTrue(System.nanoTime() < deadline, "the spend never reached " + usd + ": " + budgets);
      Thread.sleep(100);
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String message) throws Exception {
    awaitTrue(condition, () -> message);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, Message message) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(message.get());
      }
      Thread.sleep(20);
    }
  }

  /** A failure message that may need HTTP calls to write. */
  @FunctionalInterface
  private interface Message {
    String get() throws Exception;
  }

  private static JsonObject ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return json(response);
  }

  private static JsonObject json(HttpResponse<String> response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }
}
