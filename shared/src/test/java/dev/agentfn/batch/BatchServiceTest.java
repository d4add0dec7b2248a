package dev.agentfn.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ChatResponse;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.api.TaskType;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.chat.ChatService;
import dev.agentfn.config.Config;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRouter;
import dev.agentfn.model.Usage;
import dev.agentfn.pool.FairPool;
import dev.agentfn.stats.UsageStats;
import dev.agentfn.testing.Eventually;
import dev.agentfn.testing.ScriptedModelClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchServiceTest {
  private final ModelCatalog catalog = ModelCatalog.from(Config.defaults());
  private final ScriptedModelClient model = new ScriptedModelClient();
  private final List<FairPool> pools = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopExecutor() {
    pools.forEach(FairPool::close);
  }

  private BatchService service(int concurrency) {
    ChatService chat = new ChatService(model, new ModelRouter(catalog), catalog,
        AnswerCache.builder().maxEntries(1000).ttl(Duration.ofHours(1)).build(), new UsageStats());
    return new BatchService(chat, pool(concurrency), Duration.ZERO, Clock.systemUTC());
  }

  private static CallContext context(Duration timeout) {
    return new CallContext("req-1", "caller", Instant.now().plus(timeout));
  }

  private static BatchRequest batch(String json) {
    return BatchRequest.parse(json.getBytes(StandardCharsets.UTF_8), 100);
  }

  private static String answer(ItemResult result) {
    return assertInstanceOf(ItemResult.Answered.class, result).response().answer();
  }

  @Test
  void resultsKeepRequestOrderWhileTheyArriveInCompletionOrder() {
    CountDownLatch othersEmitted = new CountDownLatch(3);
    model.otherwise(request -> {
      if (request.prompt().equals("q0")) {
        Eventually.await(othersEmitted);
      }
      return new ModelReply("answer to " + request.prompt(), request.model(), Usage.of(1, 1));
    });
    List<Integer> emitted = new CopyOnWriteArrayList<>();
    Consumer<ItemResult> onResult = result -> {
      emitted.add(result.index());
      if (result.index() != 0) {
        othersEmitted.countDown();
      }
    };

    BatchResult result = service(4).run(batch("{\"queries\": [\"q0\", \"q1\", \"q2\", \"q3\"]}"),
        context(Duration.ofSeconds(30)), onResult);

    assertEquals(0, emitted.get(3), "the held-back first item is emitted last");
    for (int i = 0; i < 4; i++) {
      assertEquals(i, result.results().get(i).index());
      assertEquals("answer to q" + i, answer(result.results().get(i)));
    }
    assertEquals(4, result.succeeded());
    assertEquals(0, result.failed());
  }

  @ParameterizedTest(name = "use_cache={0}")
  @ValueSource(booleans = {true, false})
  void tenIdenticalItemsCostOneModelCall(boolean useCache) {
    String queries = String.join(", ", java.util.Collections.nCopies(10, "\"what is AI?\""));

    BatchResult result = service(16).run(batch("{\"queries\": [" + queries + "], \"use_cache\": " + useCache + "}"),
        context(Duration.ofSeconds(30)), r -> { });

    assertEquals(1, model.calls());
    assertEquals(10, result.succeeded());
    result.results().forEach(r -> assertEquals("answer to: what is AI?", answer(r)));
    double oneCall = catalog.cost(catalog.fast(), Usage.of(10, 20));
    assertTrue(oneCall > 0);
    assertEquals(oneCall, result.costUsd(), 1e-12);
    assertEquals(Usage.of(10, 20), result.usage());
    assertEquals(oneCall, result.results().stream()
        .mapToDouble(r -> ((ItemResult.Answered) r).costUsd()).sum(), 1e-12);
  }

  @Test
  void anEmptyItemFailsInItsSlotAndTheOthersStillRun() {
    BatchResult result = service(16).run(batch("{\"queries\": [\"a\", \"   \", {\"query\": \"b\"}]}"),
        context(Duration.ofSeconds(30)), r -> { });

    assertEquals("answer to: a", answer(result.results().get(0)));
    ItemResult.Failed failed = assertInstanceOf(ItemResult.Failed.class, result.results().get(1));
    assertEquals(ErrorCode.INVALID_ARGUMENT, failed.error().code());
    assertEquals("queries[1].query must not be empty", failed.error().getMessage());
    assertEquals("answer to: b", answer(result.results().get(2)));
    assertEquals(2, result.succeeded());
    assertEquals(1, result.failed());
    assertEquals(2, model.calls());
  }

  @Test
  void badFieldsAndUnknownModelsFailOnlyTheirSlot() {
    BatchResult result = service(16).run(batch("{\"queries\": [42, {\"query\": \"x\", \"model\": \"nope\"}, "
            + "{\"query\": \"y\", \"stream\": true}, {\"query\": \"z\", \"temperature\": 9}, \"ok\"]}"),
        context(Duration.ofSeconds(30)), r -> { });

    for (int i = 0; i < 4; i++) {
      ItemResult.Failed failed = assertInstanceOf(ItemResult.Failed.class, result.results().get(i));
      assertEquals(ErrorCode.INVALID_ARGUMENT, failed.error().code(), failed.error().getMessage());
    }
    assertEquals("answer to: ok", answer(result.results().get(4)));
    assertEquals(1, model.calls());
  }

  @Test
  void modelFailuresStayInTheirSlotAndHideInternals() {
    model.otherwise(request -> switch (request.prompt()) {
      case "down" -> throw ApiException.upstreamUnavailable("the model provider is unavailable", 5, null);
      case "bug" -> throw new IllegalStateException("secret internal detail");
      default -> new ModelReply("fine", request.model(), Usage.of(1, 2));
    });

    BatchResult result = service(16).run(batch("{\"queries\": [\"down\", \"bug\", \"well\"]}"),
        context(Duration.ofSeconds(30)), r -> { });

    assertEquals(ErrorCode.UPSTREAM_UNAVAILABLE,
        assertInstanceOf(ItemResult.Failed.class, result.results().get(0)).error().code());
    ApiException internal = assertInstanceOf(ItemResult.Failed.class, result.results().get(1)).error();
    assertEquals(ErrorCode.INTERNAL, internal.code());
    assertFalse(internal.getMessage().contains("secret"));
    assertEquals("fine", answer(result.results().get(2)));
    assertEquals(Usage.of(1, 2), result.usage());
  }

  @Test
  void summarySumsWhatWasSpentAndCacheHitsAddNothing() {
    BatchService service = service(16);
    String body = "{\"queries\": [\"a\", \"b\", \"c\"]}";

    BatchResult first = service.run(batch(body), context(Duration.ofSeconds(30)), r -> { });
    BatchResult second = service.run(batch(body), context(Duration.ofSeconds(30)), r -> { });

    assertEquals(Usage.of(30, 60), first.usage());
    assertEquals(3 * catalog.cost(catalog.fast(), Usage.of(10, 20)), first.costUsd(), 1e-12);
    assertEquals(Usage.ZERO, second.usage());
    assertEquals(0, second.costUsd());
    second.results().forEach(r -> assertTrue(((ItemResult.Answered) r).response().cached()));
    assertEquals(3, model.calls());
  }

  @Test
  void neverRunsMoreItemsOfOneRequestAtOnceThanItsConcurrency() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    model.otherwise(request -> {
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(20); // simulated model latency, so that unbounded items would overlap
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
      return new ModelReply("ok", request.model(), Usage.of(1, 1));
    });
    StringBuilder queries = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      queries.append(i == 0 ? "" : ", ").append("\"q").append(i).append('"');
    }

    BatchResult result = service(3).run(batch("{\"queries\": [" + queries + "]}"), context(Duration.ofSeconds(30)),
        r -> { });

    assertEquals(12, result.succeeded());
    assertEquals(12, model.calls());
    assertTrue(most.get() <= 3, "at most 3 at once, saw " + most.get());
  }

  /**
   * The lower bound: three items of a request are inside the model at once. Each call waits (bounded)
   * at a barrier for two others, so a batch that runs fewer at a time breaks the barrier and fails.
   */
  @Test
  void runsAsManyItemsOfOneRequestAtOnceAsItsConcurrency() {
    CyclicBarrier threeAtOnce = new CyclicBarrier(3);
    model.otherwise(request -> {
      try {
        threeAtOnce.await(Eventually.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
        throw new IllegalStateException("fewer than three items ran at once", e);
      }
      return new ModelReply("together", request.model(), Usage.of(1, 1));
    });

    BatchResult result = service(3).run(batch("{\"queries\": [\"q1\", \"q2\", \"q3\", \"q4\", \"q5\", \"q6\"]}"),
        context(Duration.ofSeconds(60)), r -> { });

    result.results().forEach(r -> assertEquals("together", answer(r)));
    assertEquals(6, model.calls());
  }

  @Test
  void aBatchWhoseDeadlineInterruptsItsWorkerLeavesTheSharedCallToTheOtherCallersOfItsKey() throws Exception {
    CountDownLatch called = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    model.otherwise(request -> {
      called.countDown();
      Eventually.await(release);
      return new ModelReply("shared answer", request.model(), Usage.of(1, 1));
    });
    ChatService chat = new ChatService(model, new ModelRouter(catalog), catalog,
        AnswerCache.builder().ttl(Duration.ofHours(1)).build(), new UsageStats());
    BatchService batches = new BatchService(chat, pool(4), Duration.ZERO, Clock.systemUTC());

    CompletableFuture<BatchResult> batch = CompletableFuture.supplyAsync(() -> batches.run(
        batch("{\"queries\": [\"a shared question\"]}"), context(Duration.ofMillis(700)), item -> { }));
    Eventually.await(called);
    CompletableFuture<ChatResponse> other = CompletableFuture.supplyAsync(() -> chat.chat(
        new ChatRequest("a shared question", TaskType.GENERAL, null, true, false, null, null),
        context(Duration.ofSeconds(30))));
    BatchResult cut = batch.get(30, TimeUnit.SECONDS);
    release.countDown();

    ItemResult.Failed failed = assertInstanceOf(ItemResult.Failed.class, cut.results().get(0));
    assertEquals(ErrorCode.DEADLINE_EXCEEDED, failed.error().code());
    assertEquals("shared answer", other.get(30, TimeUnit.SECONDS).answer());
    assertEquals(1, model.calls());
  }

  @Test
  void itemsUnfinishedAtTheDeadlineFailWithDeadlineExceeded() {
    CountDownLatch never = new CountDownLatch(1);
    model.otherwise(request -> {
      if (request.prompt().startsWith("slow")) {
        Eventually.await(never);
      }
      return new ModelReply("quick", request.model(), Usage.of(1, 1));
    });
    List<ItemResult> emitted = new CopyOnWriteArrayList<>();

    BatchResult result = service(4).run(batch("{\"queries\": [\"slow 1\", \"fast\", \"slow 2\", \"slow 1\"]}"),
        context(Duration.ofSeconds(2)), emitted::add);

    assertEquals("quick", answer(result.results().get(1)));
    for (int i : new int[] {0, 2, 3}) {
      ItemResult.Failed failed = assertInstanceOf(ItemResult.Failed.class, result.results().get(i));
      assertEquals(ErrorCode.DEADLINE_EXCEEDED, failed.error().code());
    }
    assertEquals(1, result.succeeded());
    assertEquals(3, result.failed());
    assertEquals(4, emitted.size(), "every slot is emitted once, finished or not");
    assertEquals(Usage.of(1, 1), result.usage());
  }

  @Test
  void aCallerWithTooManyItemsWaitingIsRefusedBeforeAnythingRunsWhileOthersAreServed() {
    ChatService chat = new ChatService(model, new ModelRouter(catalog), catalog,
        AnswerCache.builder().maxEntries(1000).ttl(Duration.ofHours(1)).build(), new UsageStats());
    FairPool pool = new FairPool("test", BatchService.limits(1, 2, 1));
    pools.add(pool);
    BatchService service = new BatchService(chat, pool, Duration.ZERO, Clock.systemUTC());
    BatchRequest four = batch("{\"queries\": [\"a\", \"b\", \"c\", \"d\"]}");
    service.admit(four, context(Duration.ofSeconds(10)));
    service.admit(four, context(Duration.ofSeconds(10)));
    ApiException refused = assertThrows(ApiException.class, () -> service.run(four, context(Duration.ofSeconds(10)),
        r -> { }));
    assertEquals(ErrorCode.RATE_LIMITED, refused.code());
    assertEquals(0, model.requests().size(), "nothing of the refused batch ran");
    BatchResult other = service.run(batch("{\"queries\": [\"e\"]}"), new CallContext("req-2", "other-caller",
        Instant.now().plusSeconds(10)), r -> { });
    assertEquals(1, other.succeeded());
  }

  private FairPool pool(int concurrency) {
    FairPool pool = new FairPool("test", BatchService.limits(concurrency, 100, 64));
    pools.add(pool);
    return pool;
  }
}
