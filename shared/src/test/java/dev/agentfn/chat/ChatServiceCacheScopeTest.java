package dev.agentfn.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ChatResponse;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.budget.BudgetLimits;
import dev.agentfn.budget.BudgetPeriod;
import dev.agentfn.budget.BudgetedModelClient;
import dev.agentfn.budget.Budgets;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.cache.CacheStore;
import dev.agentfn.config.Config;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.ModelRouter;
import dev.agentfn.stats.UsageStats;
import dev.agentfn.testing.ScriptedModelClient;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** {@code CACHE_SCOPE}: answers shared by all callers ({@code global}) or kept per caller ({@code key}). */
class ChatServiceCacheScopeTest {
  private final ScriptedModelClient model = new ScriptedModelClient();

  @Test
  void globalScopeSharesAnAnswerBetweenCallers() {
    ChatService service = service(ChatService.GLOBAL_SCOPE);

    service.chat(ChatRequest.of("hello"), caller("key:aaaa"));
    boolean cached = service.chat(ChatRequest.of("hello"), caller("key:bbbb")).cached();

    assertTrue(cached);
    assertEquals(1, model.calls());
  }

  @Test
  void keyScopeKeepsAnswersPerCaller() {
    ChatService service = service(ChatService.KEY_SCOPE);

    service.chat(ChatRequest.of("hello"), caller("key:aaaa"));
    boolean otherCaller = service.chat(ChatRequest.of("hello"), caller("key:bbbb")).cached();
    boolean sameCaller = service.chat(ChatRequest.of("hello"), caller("key:aaaa")).cached();

    assertFalse(otherCaller);
    assertTrue(sameCaller);
    assertEquals(2, model.calls());
  }

  @Test
  void aCallerWhoJoinedAnotherCallersComputationThatItsBudgetRefusedPaysForItItself() throws Exception {
    ModelCatalog catalog = ModelCatalog.from(Config.defaults());
    Budgets budgets = Budgets.inMemory(BudgetLimits.of(null, Map.of("key:broke", BigDecimal.ZERO), List.of()),
        BudgetPeriod.DAY, Clock.systemUTC());
    ModelClient charged = new BudgetedModelClient(model, budgets, catalog);
    CountDownLatch joined = new CountDownLatch(1);
    ModelClient gated = new ModelClient() {
      @Override
      public String provider() {
        return charged.provider();
      }

      @Override
      public ModelReply generate(ModelRequest request) {
        if ("key:broke".equals(request.payer())) {
          await(joined); // the broke caller's call starts once the other caller waits for it
        }
        return charged.generate(request);
      }
    };
    AnswerCache cache = AnswerCache.builder().maxEntries(100).ttl(Duration.ofHours(1)).build();
    ChatService service = new ChatService(gated, new ModelRouter(catalog), catalog, cache, new UsageStats(),
        ChatService.GLOBAL_SCOPE);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<ChatResponse> broke = pool.submit(() -> service.chat(ChatRequest.of("hello"), caller("key:broke")));
      awaitTrue(() -> model.calls() == 0 && cache.l1Size() == 1);
      Future<ChatResponse> rich = pool.submit(() -> service.chat(ChatRequest.of("hello"), caller("key:rich")));
      awaitTrue(() -> cache.l1Stats().hitCount() == 1);
      joined.countDown();

      ExecutionException refused = assertThrows(ExecutionException.class, () -> broke.get(10, TimeUnit.SECONDS));
      assertEquals(ErrorCode.BUDGET_EXCEEDED, ((ApiException) refused.getCause()).code());
      assertFalse(rich.get(10, TimeUnit.SECONDS).cached());
      assertEquals(List.of("key:rich"), model.requests().stream().map(ModelRequest::payer).toList());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition never held");
      Thread.sleep(10);
    }
  }

  private ChatService service(String scope) {
    ModelCatalog catalog = ModelCatalog.from(Config.defaults());
    return new ChatService(model, new ModelRouter(catalog), catalog,
        AnswerCache.builder().maxEntries(100).ttl(Duration.ofHours(1)).build(), new UsageStats(), scope);
  }

  private static CallContext caller(String callerId) {
    return new CallContext("req-1", callerId, Instant.now().plusSeconds(60));
  }
}
