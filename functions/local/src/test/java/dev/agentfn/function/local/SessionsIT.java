package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.model.Tokens;
import dev.agentfn.testing.A2aJsonRpc;
import dev.agentfn.testing.FirestoreEmulator;
import dev.agentfn.testing.GeminiStub;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conversations over HTTP: two local gateways under the real invoker ("two instances") on one
 * Firestore emulator, the real Gemini SDK talking to a stub that records every request.
 */
class SessionsIT {
  private static final String PROJECT = "demo-sessions";
  private static final int BUDGET = 8000;
  private static final Map<String, String> ALICE = Map.of("X-API-Key", "alice-key-0123456789");
  private static final Map<String, String> BOB = Map.of("X-API-Key", "bob-key-0123456789");

  private static FirestoreEmulator emulator;
  private static GeminiStub stub;
  private static Gateway first;
  private static Gateway second;

  @BeforeAll
  static void start() throws Exception {
    emulator = FirestoreEmulator.start();
    stub = GeminiStub.start();
    Map<String, String> env = Map.of(
        "FIRESTORE_EMULATOR_HOST", emulator.host(),
        "GOOGLE_CLOUD_PROJECT", PROJECT,
        "GEMINI_API_KEY", "x",
        "GEMINI_BASE_URL", stub.baseUrl(),
        "API_KEYS", "alice-key-0123456789,bob-key-0123456789",
        "RATE_LIMIT_PER_MINUTE", "0",
        "SESSION_MAX_CONTEXT_TOKENS", Integer.toString(BUDGET));
    first = Gateway.start(env);
    second = Gateway.start(env);
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {first, second, stub, emulator}) {
      if (closeable != null) {
        closeable.close();
      }
    }
  }

  @BeforeEach
  void resetStub() {
    stub.reset();
    stub.latency(0);
    stub.otherwise(GeminiStub.text("stub answer"));
  }

  @Test
  void turnTwoOnTheSecondInstanceCarriesTurnOneFromTheFirstInItsContents() throws Exception {
    stub.enqueue(GeminiStub.text("Sunny in Beijing."));
    JsonObject one = ok(first.postJson("/chat", turn("Weather in Beijing this morning?", "trip-1"), ALICE));
    JsonObject two = ok(second.postJson("/chat", turn("And in Shanghai?", "trip-1"), ALICE));

    assertEquals("trip-1", one.get("session_id").getAsString());
    assertEquals(1, one.get("turn").getAsLong());
    assertEquals(2, two.get("turn").getAsLong());
    JsonArray contents = lastGenerate().getAsJsonArray("contents");
    assertEquals(List.of("user:Weather in Beijing this morning?", "model:Sunny in Beijing.", "user:And in Shanghai?"),
        messages(contents));
  }

  @Test
  void sixConcurrentTurnsOnANewSessionAcrossBothInstancesAreNumberedOneToSixEachOnce() throws Exception {
    stub.latency(200);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<JsonObject>> replies = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Gateway gateway = i % 2 == 0 ? first : second;
        String body = turn("concurrent question " + i, "busy");
        replies.add(pool.submit(() -> {
          go.await(10, TimeUnit.SECONDS);
          return ok(gateway.postJson("/chat", body, ALICE));
        }));
      }
      go.countDown();
      List<Long> numbers = new ArrayList<>();
      for (Future<JsonObject> reply : replies) {
        numbers.add(reply.get(60, TimeUnit.SECONDS).get("turn").getAsLong());
      }
      numbers.sort(null);

      assertEquals(LongStream.rangeClosed(1, 6).boxed().toList(), numbers);
      JsonObject session = ok(second.get("/sessions/busy", ALICE));
      List<Long> stored = new ArrayList<>();
      List<String> queries = new ArrayList<>();
      for (JsonElement turn : session.getAsJsonArray("turns")) {
        stored.add(turn.getAsJsonObject().get("turn").getAsLong());
        queries.add(turn.getAsJsonObject().get("query").getAsString());
      }
      assertEquals(LongStream.rangeClosed(1, 6).boxed().toList(), stored);
      assertEquals(6, queries.stream().distinct().count(), "every turn kept once: " + queries);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anotherKeyCannotReadDeleteOrContinueTheSession() throws Exception {
    ok(first.postJson("/chat", turn("My name is Alice.", "private"), ALICE));

    assertError(404, "not_found", second.get("/sessions/private", BOB));
    assertError(404, "not_found", second.send("DELETE", "/sessions/private", BOB, null));
    JsonObject bobs = ok(second.postJson("/chat", turn("What is my name?", "private"), BOB));

    assertEquals(1, bobs.get("turn").getAsLong(), "bob's own conversation");
    assertEquals(List.of("user:What is my name?"), messages(lastGenerate().getAsJsonArray("contents")));
    JsonArray alices = ok(first.get("/sessions/private", ALICE)).getAsJsonArray("turns");
    assertEquals(1, alices.size());
    assertEquals("My name is Alice.", alices.get(0).getAsJsonObject().get("query").getAsString());
  }

  @Test
  void aThirtyTurnConversationOfFourKilobyteTurnsKeepsEveryModelRequestWithinTheBudget() throws Exception {
    stub.otherwise(GeminiStub.text("a".repeat(4096)));
    for (int i = 1; i <= 30; i++) {
      Gateway gateway = i % 2 == 0 ? first : second;
      JsonObject reply = ok(gateway.postJson("/chat", turn(i + " " + "q".repeat(4096), "long"), ALICE));
      assertEquals(i, reply.get("turn").getAsLong());
    }

    int answers = 0;
    int summaries = 0;
    for (GeminiStub.Recorded request : stub.requests()) {
      JsonObject body = JsonParser.parseString(request.body()).getAsJsonObject();
      if (systemInstruction(body).startsWith("You keep a running summary")) {
        summaries++;
        continue;
      }
      answers++;
      long tokens = Tokens.estimate(systemInstruction(body));
      for (JsonElement content : body.getAsJsonArray("contents")) {
        for (JsonElement part : content.getAsJsonObject().getAsJsonArray("parts")) {
          tokens += Tokens.estimate(part.getAsJsonObject().get("text").getAsString());
        }
      }
      assertTrue(tokens <= BUDGET, "a request of " + tokens + " tokens: " + request.body().length() + " bytes");
    }
    assertEquals(30, answers);
    assertTrue(summaries > 0 && summaries < 30, summaries + " summaries");
    JsonObject session = ok(first.get("/sessions/long", ALICE));
    assertEquals(30, session.getAsJsonArray("turns").size());
    assertTrue(session.has("summary"), session.keySet().toString());
  }

  @Test
  void aDeletedSessionIsNotFoundAndStartsAfresh() throws Exception {
    ok(first.postJson("/chat", turn("Remember 42.", "doomed"), ALICE));

    HttpResponse<String> deleted = second.send("DELETE", "/sessions/doomed", ALICE, null);

    assertEquals(204, deleted.statusCode(), deleted.body());
    assertError(404, "not_found", first.get("/sessions/doomed", ALICE));
    assertError(404, "not_found", first.send("DELETE", "/sessions/doomed", ALICE, null));
    assertEquals(1, ok(first.postJson("/chat", turn("What number?", "doomed"), ALICE)).get("turn").getAsLong());
  }

  @Test
  void streamedTurnsCarryTheSessionIdAndTurnInTheDoneEvent() throws Exception {
    stub.enqueue(GeminiStub.chunks("Hel", "lo"));
    ok(first.postJson("/chat", turn("Hi", "streamed"), ALICE));
    HttpResponse<String> stream = second.postJson("/chat",
        "{\"query\": \"Again\", \"session_id\": \"streamed\", \"stream\": true}", ALICE);

    assertEquals(200, stream.statusCode(), stream.body());
    String body = stream.body();
    String done = body.substring(body.indexOf("event: done"));
    JsonObject response = JsonParser.parseString(done.substring(done.indexOf("data: ") + 6, done.indexOf('\n',
        done.indexOf("data: "))).strip()).getAsJsonObject();
    assertEquals("streamed", response.get("session_id").getAsString());
    assertEquals(2, response.get("turn").getAsLong());
    assertEquals(List.of("user:Hi", "model:Hello", "user:Again"), messages(lastGenerate().getAsJsonArray("contents")));
  }

  @Test
  void theSameFollowUpInTwoSessionsIsAnsweredPerSession() throws Exception {
    ok(first.postJson("/chat", turn("Weather in Beijing?", "city-a"), ALICE));
    ok(first.postJson("/chat", turn("Trains to Hangzhou?", "city-b"), ALICE));
    stub.reset();
    stub.enqueue(GeminiStub.text("Shanghai weather: rain."), GeminiStub.text("Shanghai trains: hourly."));

    JsonObject a = ok(second.postJson("/chat", turn("And in Shanghai?", "city-a"), ALICE));
    JsonObject b = ok(first.postJson("/chat", turn("And in Shanghai?", "city-b"), ALICE));

    assertEquals(2, stub.generateCalls(), "no follow-up came from the cache");
    assertFalse(a.get("cached").getAsBoolean());
    assertFalse(b.get("cached").getAsBoolean());
    assertNotEquals(a.get("answer").getAsString(), b.get("answer").getAsString());
    assertEquals("user:Weather in Beijing?", messages(body(0).getAsJsonArray("contents")).get(0));
    assertEquals("user:Trains to Hangzhou?", messages(body(1).getAsJsonArray("contents")).get(0));
  }

  @Test
  void a2aMessagesWithOneContextIdContinueOneConversationAcrossInstances() throws Exception {
    Map<String, String> headers = new java.util.HashMap<>(ALICE);
    headers.put("A2A-Version", "1.0");
    JsonObject first = A2aJsonRpc.sendParams("Calculate 25*4");
    first.getAsJsonObject("message").addProperty("contextId", "ctx-trip");
    ok(sendOnFirst(headers, first));
    stub.reset();
    JsonObject second = A2aJsonRpc.sendParams("Now double it");
    second.getAsJsonObject("message").addProperty("contextId", "ctx-trip");

    HttpResponse<String> response = SessionsIT.second.postJson("/a2a", A2aJsonRpc.request("SendMessage", second, 2),
        headers);

    assertEquals(200, response.statusCode(), response.body());
    JsonObject planning = body(0);
    assertTrue(planning.has("generationConfig") && planning.toString().contains("responseJsonSchema"),
        "the first call of the second task is its planner's: " + planning);
    List<String> messages = messages(planning.getAsJsonArray("contents"));
    assertEquals("user:Calculate 25*4", messages.get(0), messages.toString());
    assertTrue(messages.get(1).startsWith("model:"), messages.toString());
    assertTrue(messages.get(2).startsWith("user:") && messages.get(2).contains("Now double it"), messages.toString());
  }

  private static HttpResponse<String> sendOnFirst(Map<String, String> headers, JsonObject params) throws Exception {
    return first.postJson("/a2a", A2aJsonRpc.request("SendMessage", params, 1), headers);
  }

  @Test
  void aBadSessionIdIsInvalidArgument() throws Exception {
    assertError(400, "invalid_argument", first.postJson("/chat", turn("q", "not valid!"), ALICE));
    assertError(400, "invalid_argument", first.postJson("/chat", turn("q", "x".repeat(129)), ALICE));
    assertError(400, "invalid_argument", first.get("/sessions/a.b", ALICE));
    assertEquals(0, stub.generateCalls());
  }

  private static String turn(String query, String session) {
    JsonObject body = new JsonObject();
    body.addProperty("query", query);
    body.addProperty("session_id", session);
    return body.toString();
  }

  private static JsonObject ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  private static void assertError(int status, String code, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(code, JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("error")
        .get("code").getAsString());
  }

  private static JsonObject lastGenerate() {
    List<GeminiStub.Recorded> generates = stub.requests().stream().filter(GeminiStub.Recorded::isGenerate).toList();
    return JsonParser.parseString(generates.get(generates.size() - 1).body()).getAsJsonObject();
  }

  private static JsonObject body(int generate) {
    return JsonParser.parseString(stub.requests().stream().filter(GeminiStub.Recorded::isGenerate).toList()
        .get(generate).body()).getAsJsonObject();
  }

  /** Each content as {@code role:text}. */
  private static List<String> messages(JsonArray contents) {
    List<String> out = new ArrayList<>();
    for (JsonElement element : contents) {
      JsonObject content = element.getAsJsonObject();
      StringBuilder text = new StringBuilder();
      content.getAsJsonArray("parts").forEach(part -> text.append(part.getAsJsonObject().get("text").getAsString()));
      out.add(content.get("role").getAsString() + ":" + text);
    }
    return out;
  }

  private static String systemInstruction(JsonObject body) {
    if (!body.has("systemInstruction")) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    body.getAsJsonObject("systemInstruction").getAsJsonArray("parts")
        .forEach(part -> text.append(part.getAsJsonObject().get("text").getAsString()));
    return text.toString();
  }
}
