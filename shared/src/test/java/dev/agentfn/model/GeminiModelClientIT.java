package dev.agentfn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.config.Config;
import dev.agentfn.resilience.CircuitBreakers;
import dev.agentfn.testing.GeminiStub;
import dev.agentfn.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Gemini provider with the real google-genai SDK against the Gemini-protocol stub. */
class GeminiModelClientIT {
  private static final String FAST = "gemini-3.1-flash-lite";

  private GeminiStub stub;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final Sleeper sleeper = sleeps::add;
  private final MutableClock clock = new MutableClock(Instant.now());

  @BeforeEach
  void start() throws Exception {
    stub = GeminiStub.start();
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private Config config(String... extra) {
    Map<String, String> env = new HashMap<>(Map.of("GEMINI_API_KEY", "test-key", "GEMINI_BASE_URL", stub.baseUrl(),
        "MODEL_MAX_ATTEMPTS", "3", "MODEL_BACKOFF_MS", "100", "MODEL_BACKOFF_MAX_MS", "5000"));
    for (int i = 0; i < extra.length; i += 2) {
      env.put(extra[i], extra[i + 1]);
    }
    return Config.fromEnv(env);
  }

  private ModelClient client(String... extra) {
    return ModelClients.gemini(config(extra), breakers(clock), clock, sleeper);
  }

  /** The model client's breakers, ticking with {@code time}. */
  private static CircuitBreakers breakers(Clock time) {
    return new CircuitBreakers(RetryPolicy.breakers().ticker(() -> TimeUnit.MILLISECONDS.toNanos(time.millis())));
  }

  /** A client on the system clock (for deadlines that must really pass). */
  private ModelClient realTimeClient(String... extra) {
    return ModelClients.gemini(config(extra), breakers(Clock.systemUTC()), Clock.systemUTC(), sleeper);
  }

  @Test
  void sendsEveryRequestFieldAndReadsUsageWithThinkingAsOutputAndGroundingSources() {
    stub.enqueue(GeminiStub.text("grounded answer").usage(7, 3, 4).grounded("https://a.example/1", "https://b.example/2"));
    ModelRequest request = new ModelRequest(FAST, "what is new?", "be brief", 0.5, 128,
        "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}", true, null);
    ModelReply reply = client().generate(request);

    assertEquals("grounded answer", reply.text());
    assertEquals(FAST, reply.model());
    assertEquals(new Usage(7, 7, 14), reply.usage());
    assertEquals(List.of("https://a.example/1", "https://b.example/2"), reply.sources());
    GeminiStub.Recorded sent = stub.requests().get(0);
    assertEquals("/v1/models/" + FAST + ":generateContent", sent.path());
    assertEquals("test-key", sent.apiKey());
    JsonObject body = JsonParser.parseString(sent.body()).getAsJsonObject();
    assertEquals("be brief", body.getAsJsonObject("systemInstruction").getAsJsonArray("parts").get(0)
        .getAsJsonObject().get("text").getAsString());
    JsonObject generation = body.getAsJsonObject("generationConfig");
    assertEquals(0.5, generation.get("temperature").getAsDouble());
    assertEquals(128, generation.get("maxOutputTokens").getAsInt());
    assertEquals("application/json", generation.get("responseMimeType").getAsString());
    assertEquals("object", generation.getAsJsonObject("responseJsonSchema").get("type").getAsString());
    assertTrue(body.getAsJsonArray("tools").get(0).getAsJsonObject().has("googleSearch"));
  }

  @Test
  void conversationHistoryIsSentAsContentsWithRolesBeforeThePrompt() {
    stub.enqueue(GeminiStub.text("Shanghai: 18°C"), GeminiStub.chunks("Shang", "hai"));
    ModelRequest request = ModelRequest.of(FAST, "and in Shanghai?")
        .withHistory(List.of(Turn.user("weather in Beijing?"), Turn.model("Beijing: 12°C")));

    client().generate(request);
    client().stream(request, delta -> { });

    for (GeminiStub.Recorded sent : stub.requests()) {
      JsonArray contents = JsonParser.parseString(sent.body()).getAsJsonObject().getAsJsonArray("contents");
      assertEquals(3, contents.size(), sent.body());
      List<String> roles = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (var content : contents) {
        roles.add(content.getAsJsonObject().get("role").getAsString());
        texts.add(content.getAsJsonObject().getAsJsonArray("parts").get(0).getAsJsonObject().get("text").getAsString());
      }
      assertEquals(List.of("user", "model", "user"), roles);
      assertEquals(List.of("weather in Beijing?", "Beijing: 12°C", "and in Shanghai?"), texts);
    }
    assertEquals(2, stub.requests().size());
  }

  @Test
  void persistent503CostsExactlyMaxAttemptsAndHidesUpstreamText() {
    stub.otherwise(GeminiStub.status(503));
    ApiException e = assertThrows(ApiException.class, () -> client().generate(ModelRequest.of(FAST, "q")));

    assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE, e.code());
    assertTrue(Long.parseLong(e.headers().get("Retry-After")) >= 1);
    assertFalse(e.getMessage().contains("stub"));
    assertEquals(3, stub.generateCalls());
    assertEquals(2, sleeps.size());
  }

  @Test
  void backoffGrowsExponentiallyWithJitterWithinBounds() {
    stub.otherwise(GeminiStub.status(500));
    assertThrows(ApiException.class, () -> client("MODEL_MAX_ATTEMPTS", "4").generate(ModelRequest.of(FAST, "q")));

    assertEquals(4, stub.generateCalls());
    assertEquals(3, sleeps.size());
    for (int i = 0; i < 3; i++) {
      long full = 100L << i;
      long ms = sleeps.get(i).toMillis();
      assertTrue(ms >= full / 2 && ms <= full, "retry " + i + " slept " + ms + " ms");
    }
  }

  @Test
  void rateLimitsHonourRetryInfoCappedThenSucceed() {
    stub.enqueue(GeminiStub.rateLimited("2s"), GeminiStub.rateLimited("30s"), GeminiStub.text("finally"));
    ModelReply reply = client().generate(ModelRequest.of(FAST, "q"));

    assertEquals("finally", reply.text());
    assertEquals(3, stub.generateCalls());
    assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(5)), sleeps);
  }

  @Test
  void dailyQuotaIsNotRetried() {
    stub.otherwise(GeminiStub.dailyQuotaExhausted());
    ApiException e = assertThrows(ApiException.class, () -> client().generate(ModelRequest.of(FAST, "q")));

    assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE, e.code());
    assertEquals("3600", e.headers().get("Retry-After"));
    assertEquals(1, stub.generateCalls());
  }

  @Test
  void prepareBuildsTheClientWithoutCallingTheModelAndTheFirstCallThenWorks() {
    ModelClient model = client();
    model.prepare();
    assertEquals(0, stub.requests().size(), "prepare must not call the upstream");

    stub.enqueue(GeminiStub.text("after prepare"));
    assertEquals("after prepare", model.generate(ModelRequest.of(FAST, "q")).text());
    assertEquals(1, stub.generateCalls());
  }

  @Test
  void otherClientErrorsAreNotRetried() {
    stub.otherwise(GeminiStub.status(400));
    ApiException e = assertThrows(ApiException.class, () -> client().generate(ModelRequest.of(FAST, "q")));

    assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE, e.code());
    assertEquals(1, stub.generateCalls());
  }

  @Test
  void malformedReplyIsRetried() {
    stub.enqueue(GeminiStub.malformed(), GeminiStub.text("good"));

    assertEquals("good", client().generate(ModelRequest.of(FAST, "q")).text());
    assertEquals(2, stub.generateCalls());
  }

  @Test
  void hangingAttemptTimesOutAndIsRetried() {
    stub.enqueue(GeminiStub.hang(), GeminiStub.text("after timeout"));
    ModelClient model = realTimeClient("MODEL_TIMEOUT_MS", "300");

    assertEquals("after timeout", model.generate(ModelRequest.of(FAST, "q")).text());
    assertEquals(2, stub.generateCalls());
  }

  @Test
  void deadlineInsideAnAttemptGives504WithoutRetrying() {
    stub.otherwise(GeminiStub.hang());
    ModelClient model = realTimeClient("MODEL_TIMEOUT_MS", "30000");
    ModelRequest request = ModelRequest.of(FAST, "q").withDeadline(Instant.now().plusMillis(300));

    ApiException e = assertThrows(ApiException.class, () -> model.generate(request));
    assertEquals(ErrorCode.DEADLINE_EXCEEDED, e.code());
    assertEquals(1, stub.generateCalls());
  }

  @Test
  void backoffThatWouldPassTheDeadlineStopsEarly() {
    stub.otherwise(GeminiStub.rateLimited("4s"));
    ModelRequest request = ModelRequest.of(FAST, "q").withDeadline(clock.instant().plusSeconds(3));

    ApiException e = assertThrows(ApiException.class, () -> client().generate(request));
    assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE, e.code());
    assertEquals(1, stub.generateCalls());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void qualityGateRefusesUnfinishedBlockedAndEmptyAnswersWithoutRetrying() {
    ModelClient model = client();
    stub.enqueue(GeminiStub.text("unsafe").finishReason("SAFETY"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(ApiException.class,
        () -> model.generate(ModelRequest.of(FAST, "q"))).code());
    stub.enqueue(GeminiStub.text("cut off").finishReason("MAX_TOKENS"));
    ApiException cut = assertThrows(ApiException.class, () -> model.generate(ModelRequest.of(FAST, "q")));
    assertTrue(cut.getMessage().contains("max_output_tokens"));
    stub.enqueue(GeminiStub.blocked("SAFETY"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(ApiException.class,
        () -> model.generate(ModelRequest.of(FAST, "q"))).code());
    stub.enqueue(GeminiStub.text(""));
    assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE, assertThrows(ApiException.class,
        () -> model.generate(ModelRequest.of(FAST, "q"))).code());

    assertEquals(4, stub.generateCalls());
    assertTrue(sleeps.isEmpty());
  }

  @Test
  void breakerOpensAtTheFailureRateOnceItHasTheMinimumCallsThenHalfOpensAfterCoolDown() {
    stub.otherwise(GeminiStub.status(503));
    ModelClient model = client("MODEL_MAX_ATTEMPTS", "1");
    for (int i = 0; i < RetryPolicy.BREAKER_MINIMUM_CALLS; i++) {
      ModelRequest request = ModelRequest.of(FAST, "q").paidBy(i % 2 == 0 ? "key:alice" : "key:bob");
      assertThrows(ApiException.class, () -> model.generate(request));
    }
    ApiException fast = assertThrows(ApiException.class, () -> model.generate(ModelRequest.of(FAST, "q")));
    assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE, fast.code());
    assertEquals(RetryPolicy.BREAKER_MINIMUM_CALLS, stub.generateCalls());
    assertEquals("30", fast.headers().get("Retry-After"));
    stub.enqueue("gemini-3.5-flash", GeminiStub.text("other model served"));
    assertEquals("other model served", model.generate(ModelRequest.of("gemini-3.5-flash", "q")).text(),
        "a breaker is per model");

    stub.otherwise(GeminiStub.text("recovered"));
    clock.advance(RetryPolicy.BREAKER_COOL_DOWN.plusSeconds(1));
    assertEquals("recovered", model.generate(ModelRequest.of(FAST, "q")).text());
    assertEquals("recovered", model.generate(ModelRequest.of(FAST, "q")).text());
  }

  @Test
  void oneCallersUpstreamFailuresAloneNeverOpenTheBreakerForOthers() {
    stub.otherwise(GeminiStub.status(500));
    ModelClient model = client("MODEL_MAX_ATTEMPTS", "1");
    for (int i = 0; i < 3 * RetryPolicy.BREAKER_MINIMUM_CALLS; i++) {
      ModelRequest flood = ModelRequest.of(FAST, "a prompt the upstream always fails").paidBy("key:flooder");
      assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE, assertThrows(ApiException.class, () -> model.generate(flood)).code());
    }
    stub.otherwise(GeminiStub.text("served"));

    assertEquals("served", model.generate(ModelRequest.of(FAST, "q").paidBy("key:other")).text());
    assertEquals(3 * RetryPolicy.BREAKER_MINIMUM_CALLS + 1, stub.generateCalls());
  }

  @Test
  void callsCutShortByTheirDeadlineAreNotRetriedAndNeverOpenTheBreaker() {
    stub.enqueue(FAST, GeminiStub.hang(), GeminiStub.hang(), GeminiStub.hang(), GeminiStub.hang(), GeminiStub.hang(),
        GeminiStub.hang(), GeminiStub.hang(), GeminiStub.hang(), GeminiStub.hang(), GeminiStub.hang(),
        GeminiStub.hang(), GeminiStub.hang());
    ModelClient model = realTimeClient("MODEL_TIMEOUT_MS", "30000");
    for (int i = 0; i < 12; i++) {
      ModelRequest request = ModelRequest.of(FAST, "q").withDeadline(Instant.now().plusMillis(150));
      assertEquals(ErrorCode.DEADLINE_EXCEEDED, assertThrows(ApiException.class, () -> model.generate(request)).code());
    }
    assertEquals(12, stub.generateCalls(), "no retries");

    assertEquals("stub answer", model.generate(ModelRequest.of(FAST, "q")).text());
  }

  @Test
  void aRefusedRequestDoesNotCountAgainstTheUpstream() {
    stub.otherwise(GeminiStub.status(400));
    ModelClient model = client("MODEL_MAX_ATTEMPTS", "1");
    for (int i = 0; i < 2 * RetryPolicy.BREAKER_MINIMUM_CALLS; i++) {
      assertThrows(ApiException.class, () -> model.generate(ModelRequest.of(FAST, "q")));
    }
    stub.otherwise(GeminiStub.text("fine"));

    assertEquals("fine", model.generate(ModelRequest.of(FAST, "q")).text());
  }

  @Test
  void aLongAnswerGetsAnAttemptTimeoutSizedForItsOutputTokens() {
    stub.latency(600);
    ModelClient model = realTimeClient("MODEL_TIMEOUT_MS", "300");
    ModelRequest longAnswer = new ModelRequest(FAST, "write a book", null, null, 60_000, null, false,
        Instant.now().plusSeconds(20));

    assertEquals("stub answer", model.generate(longAnswer).text());
    assertEquals(1, stub.generateCalls(), "not cut at MODEL_TIMEOUT_MS and retried");
  }

  @Test
  void streamDeliversSseDeltasThatEqualTheNonStreamedAnswer() {
    ModelClient model = client();
    stub.enqueue(GeminiStub.chunks("Hel", "lo ", "world").usage(4, 3, 0));
    List<String> deltas = new CopyOnWriteArrayList<>();
    ModelReply streamed = model.stream(ModelRequest.of(FAST, "q"), deltas::add);
    stub.enqueue(GeminiStub.chunks("Hel", "lo ", "world").usage(4, 3, 0));
    ModelReply whole = model.generate(ModelRequest.of(FAST, "q"));

    assertEquals(List.of("Hel", "lo ", "world"), deltas);
    assertEquals(whole, streamed);
    GeminiStub.Recorded sent = stub.requests().get(0);
    assertEquals("/v1/models/" + FAST + ":streamGenerateContent", sent.path());
    assertEquals("alt=sse", sent.query());
  }

  @Test
  void streamRetriesBeforeTheFirstDeltaOnly() {
    ModelClient model = client();
    stub.enqueue(GeminiStub.status(503), GeminiStub.chunks("a", "b"));
    List<String> deltas = new CopyOnWriteArrayList<>();
    assertEquals("ab", model.stream(ModelRequest.of(FAST, "q"), deltas::add).text());
    assertEquals(List.of("a", "b"), deltas);
    assertEquals(2, stub.generateCalls());
  }

  @Test
  void streamEndingWithoutStopIsAnErrorAfterItsDeltas() {
    stub.enqueue(GeminiStub.chunks("partial ", "answer").finishReason("MAX_TOKENS"));
    List<String> deltas = new CopyOnWriteArrayList<>();
    ApiException e = assertThrows(ApiException.class,
        () -> client().stream(ModelRequest.of(FAST, "q"), deltas::add));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertEquals(List.of("partial ", "answer"), deltas);
    assertEquals(1, stub.generateCalls());
  }

  @Test
  void probeCallsModelsGetAndReportsShortReasons() {
    Config config = config();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    assertEquals("ok", new GeminiProbe(config, http).probe());
    GeminiStub.Recorded get = stub.requests().get(0);
    assertEquals("GET", get.method());
    assertEquals("/v1/models/" + FAST, get.path());
    assertEquals("test-key", get.apiKey());
    stub.onGet(GeminiStub.status(403));
    assertEquals("unauthorized (HTTP 403)", new GeminiProbe(config, http).probe());
    stub.close();
    assertTrue(new GeminiProbe(config, http).probe().startsWith("unreachable"));
  }
}
