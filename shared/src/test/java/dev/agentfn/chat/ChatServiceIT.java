package dev.agentfn.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ChatResponse;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.api.TaskType;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.cache.CacheStore;
import dev.agentfn.config.Config;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelClients;
import dev.agentfn.model.ModelRouter;
import dev.agentfn.stats.UsageStats;
import dev.agentfn.testing.GeminiStub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ChatService over the real Gemini provider (SDK → stub): fallback, streaming, caching, costs. */
class ChatServiceIT {
  private static final String FAST = "gemini-3.1-flash-lite";
  private static final String STRONG = "gemini-3.5-flash";

  private GeminiStub stub;
  private ChatService service;
  private ModelCatalog catalog;

  @BeforeEach
  void start() throws Exception {
    stub = GeminiStub.start();
    Config config = Config.fromEnv(Map.of("GEMINI_API_KEY", "k", "GEMINI_BASE_URL", stub.baseUrl(),
        "MODEL_MAX_ATTEMPTS", "3", "MODEL_BACKOFF_MS", "0"));
    catalog = ModelCatalog.from(config);
    service = new ChatService(ModelClients.create(config, ModelClients.breakers()), new ModelRouter(catalog), catalog,
        AnswerCache.builder().maxEntries(100).ttl(Duration.ofMinutes(5)).build(), new UsageStats());
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  private static CallContext context() {
    return new CallContext("req-1", "caller", Instant.now().plusSeconds(30));
  }

  private static ChatRequest request(String query, TaskType type, String model, boolean useCache) {
    return new ChatRequest(query, type, model, useCache, false, null, null);
  }

  @Test
  void usageAndCostComeFromTheReplyAndThePriceTable() {
    stub.enqueue(GeminiStub.text("four").usage(1_000, 200, 800));
    ChatResponse response = service.chat(request("2+2?", TaskType.SIMPLE, null, true), context());

    assertEquals(FAST, response.modelUsed());
    assertEquals(1_000, response.usage().inputTokens());
    assertEquals(1_000, response.usage().outputTokens());
    assertEquals(catalog.cost(FAST, response.usage()), response.costUsd(), 1e-12);
    assertEquals((1_000 * 0.25 + 1_000 * 1.50) / 1e6, response.costUsd(), 1e-12);
  }

  @Test
  void exhaustedStrongModelFallsBackOnceToTheFastModelAndSaysSo() {
    stub.enqueue(STRONG, GeminiStub.status(503), GeminiStub.status(503), GeminiStub.status(503));
    stub.enqueue(FAST, GeminiStub.text("from the fast model"));
    ChatResponse response = service.chat(request("why?", TaskType.COMPLEX, null, true), context());

    assertEquals(FAST, response.modelUsed());
    assertEquals("from the fast model", response.answer());
    assertTrue(response.routingReason().startsWith("task_type complex"));
    assertTrue(response.routingReason().contains("fell back to the fast model"));
    assertEquals(3, stub.generateCalls(STRONG));
    assertEquals(1, stub.generateCalls(FAST));
  }

  @Test
  void fastModelAndExplicitModelsHaveNoFallback() {
    stub.otherwise(GeminiStub.status(503));
    ApiException fast = assertThrows(ApiException.class,
        () -> service.chat(request("hi", TaskType.SIMPLE, null, true), context()));
    assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE, fast.code());
    ApiException explicit = assertThrows(ApiException.class,
        () -> service.chat(request("hi", TaskType.GENERAL, STRONG, true), context()));
    assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE, explicit.code());

    assertEquals(3, stub.generateCalls(FAST));
    assertEquals(3, stub.generateCalls(STRONG));
  }

  @Test
  void streamedAnswerEqualsItsDeltasIsCachedAndMatchesTheNonStreamedOne() {
    stub.enqueue(GeminiStub.chunks("Bei", "jing is ", "sunny"));
    List<String> deltas = new CopyOnWriteArrayList<>();
    ChatResponse streamed = service.stream(request("weather?", TaskType.SIMPLE, null, true), context(), deltas::add);
    ChatResponse again = service.chat(request("weather?", TaskType.SIMPLE, null, true), context());
    List<String> cachedDeltas = new CopyOnWriteArrayList<>();
    ChatResponse streamedAgain = service.stream(request("weather?", TaskType.SIMPLE, null, true), context(),
        cachedDeltas::add);

    assertEquals(List.of("Bei", "jing is ", "sunny"), deltas);
    assertEquals("Beijing is sunny", streamed.answer());
    assertFalse(streamed.cached());
    assertEquals(streamed.answer(), again.answer());
    assertEquals("l1", again.cacheLevel());
    assertEquals(0, again.costUsd());
    assertEquals(List.of("Beijing is sunny"), cachedDeltas);
    assertEquals(streamed.usage(), streamedAgain.usage());
    assertEquals(1, stub.generateCalls());
  }

  @Test
  void streamAndNonStreamOfOneScriptGiveTheSameAnswer() {
    stub.enqueue(GeminiStub.chunks("one ", "two"), GeminiStub.chunks("one ", "two"));
    ChatResponse streamed = service.stream(request("count", TaskType.SIMPLE, null, false), context(), text -> { });
    ChatResponse whole = service.chat(request("count", TaskType.SIMPLE, null, false), context());

    assertEquals(whole.answer(), streamed.answer());
    assertEquals(whole.usage(), streamed.usage());
    assertEquals(whole.costUsd(), streamed.costUsd());
  }

  @Test
  void refusedTruncatedAndFailedAnswersAreNeverCached() {
    stub.enqueue(GeminiStub.text("unsafe").finishReason("SAFETY"));
    assertThrows(ApiException.class, () -> service.chat(request("q", TaskType.SIMPLE, null, true), context()));
    stub.enqueue(GeminiStub.chunks("cut ", "off").finishReason("MAX_TOKENS"));
    assertThrows(ApiException.class,
        () -> service.stream(request("q", TaskType.SIMPLE, null, true), context(), text -> { }));
    stub.enqueue(GeminiStub.status(503), GeminiStub.status(503), GeminiStub.status(503));
    assertThrows(ApiException.class, () -> service.chat(request("q", TaskType.SIMPLE, null, true), context()));
    stub.enqueue(GeminiStub.text("good answer"));
    ChatResponse good = service.chat(request("q", TaskType.SIMPLE, null, true), context());

    assertEquals("good answer", good.answer());
    assertNull(good.cacheLevel());
    assertEquals(6, stub.generateCalls());
  }
}
