package dev.agentfn.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
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

  private ChatService service(String scope) {
    ModelCatalog catalog = ModelCatalog.from(Config.defaults());
    return new ChatService(model, new ModelRouter(catalog), catalog,
        AnswerCache.builder().maxEntries(100).ttl(Duration.ofHours(1)).build(), new UsageStats(), scope);
  }

  private static CallContext caller(String callerId) {
    return new CallContext("req-1", callerId, Instant.now().plusSeconds(60));
  }
}
