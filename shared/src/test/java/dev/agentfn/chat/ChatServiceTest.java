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
import dev.agentfn.api.TaskType;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.cache.CacheStore;
import dev.agentfn.config.Config;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelRouter;
import dev.agentfn.stats.UsageStats;
import dev.agentfn.testing.ScriptedModelClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChatServiceTest {
  private final ScriptedModelClient model = new ScriptedModelClient();
  private final ModelCatalog catalog = ModelCatalog.from(Config.defaults());
  private final UsageStats stats = new UsageStats();
  private final ChatService service = new ChatService(model, new ModelRouter(catalog), catalog,
      AnswerCache.builder().maxEntries(100).ttl(Duration.ofMinutes(1)).build(), stats);
  private final CallContext context = new CallContext("rid", "caller", Instant.now().plusSeconds(30));

  @Test
  void answersThroughTheRoutedModelWithUsageAndCost() {
    ChatResponse response = service.chat(new ChatRequest("Explain why", TaskType.GENERAL, null, true, false, 0.2, 50),
        context);
    assertEquals("gemini-3.5-flash", model.requests().get(0).model());
    assertEquals(0.2, model.requests().get(0).temperature());
    assertEquals(50, model.requests().get(0).maxOutputTokens());
    assertEquals("gemini-3.5-flash", response.modelUsed());
    assertEquals(30, response.usage().totalTokens());
    assertEquals((10 * 1.50 + 20 * 9.00) / 1e6, response.costUsd(), 1e-12);
    assertFalse(response.cached());
    assertNull(response.cacheLevel());
    assertEquals("rid", response.requestId());
  }

  @Test
  void aRepeatIsServedFromL1AtNoCostWithTheOriginalUsage() {
    service.chat(ChatRequest.of("what is ai"), context);
    ChatResponse again = service.chat(ChatRequest.of("  what   is ai "), context);
    assertTrue(again.cached());
    assertEquals("l1", again.cacheLevel());
    assertEquals(0, again.costUsd());
    assertEquals(30, again.usage().totalTokens());
    assertEquals(1, model.calls());
    assertEquals(1L, stats.snapshot().cache().get("l1"));
  }

  @Test
  void useCacheFalseAlwaysCallsTheModel() {
    ChatRequest request = new ChatRequest("q", TaskType.SIMPLE, null, false, false, null, null);
    service.chat(request, context);
    assertFalse(service.chat(request, context).cached());
    assertEquals(2, model.calls());
  }

  @Test
  void aFailedCallIsNotCached() {
    model.fail(ApiException.upstreamUnavailable("the model is unavailable", 2, null));
    assertThrows(ApiException.class, () -> service.chat(ChatRequest.of("q"), context));
    assertFalse(service.chat(ChatRequest.of("q"), context).cached());
    assertEquals(2, model.calls());
  }
}
