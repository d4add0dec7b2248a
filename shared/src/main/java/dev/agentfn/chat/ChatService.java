package dev.agentfn.chat;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ChatResponse;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.budget.BudgetExceededException;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.cache.CacheKey;
import dev.agentfn.cache.CachedAnswer;
import dev.agentfn.model.IncompleteAnswerException;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.ModelRouter;
import dev.agentfn.model.Route;
import dev.agentfn.stats.UsageStats;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Answers one query, or the last message of a {@link Conversation}: routes it to a model, serves it
 * from the cache when it can, falls back once from an exhausted strong model to the fast one,
 * streams when asked, and reports usage and cost. Thread-safe; shared by all requests of an instance.
 */
public final class ChatService {
  /** Cache scope of answers shared by all callers. */
  public static final String GLOBAL_SCOPE = CacheKey.GLOBAL;
  /** {@code CACHE_SCOPE} value that isolates cached answers per caller (API key hash or address). */
  public static final String KEY_SCOPE = "key";
  /** Version of the system prompt of a plain chat answer (there is none); part of the cache key. */
  static final String SYSTEM_PROMPT_VERSION = "none";

  private final ModelClient model;
  private final ModelRouter router;
  private final ModelCatalog catalog;
  private final AnswerCache cache;
  private final UsageStats stats;
  private final boolean perCallerScope;

  /** A service whose cached answers are shared by all callers. */
  public ChatService(ModelClient model, ModelRouter router, ModelCatalog catalog, AnswerCache cache,
      UsageStats stats) {
    this(model, router, catalog, cache, stats, GLOBAL_SCOPE);
  }

  /** A service with {@code cacheScope} {@value #GLOBAL_SCOPE} or {@value #KEY_SCOPE} ({@code CACHE_SCOPE}). */
  public ChatService(ModelClient model, ModelRouter router, ModelCatalog catalog, AnswerCache cache,
      UsageStats stats, String cacheScope) {
    this.perCallerScope = KEY_SCOPE.equals(cacheScope);
    this.model = model;
    this.router = router;
    this.catalog = catalog;
    this.cache = cache;
    this.stats = stats;
  }

  /** An answer and why the model stopped ({@link ModelReply.Finish#STOP} unless incomplete answers were accepted). */
  public record Completion(ChatResponse response, ModelReply.Finish finish) {}

  /** Answers {@code request}; failures are {@link dev.agentfn.api.ApiException}s. */
  public ChatResponse chat(ChatRequest request, CallContext context) {
    return chat(Conversation.of(request), context);
  }

  /**
   * Answers the last message of {@code conversation} (the same routing, cache, fallback and
   * accounting as a {@code POST /chat} query); failures are {@link dev.agentfn.api.ApiException}s.
   */
  public ChatResponse chat(Conversation conversation, CallContext context) {
    return answer(conversation, context, null, false).response();
  }

  /**
   * Answers like {@link #chat(Conversation, CallContext)}, or streaming like {@link
   * #stream(Conversation, CallContext, Consumer)} when {@code onDelta} is not null, except that an answer
   * the model did not finish (cut off at the token limit, stopped for safety) comes back with its
   * finish reason instead of as an {@link IncompleteAnswerException}; it is never cached.
   */
  public Completion complete(Conversation conversation, CallContext context, Consumer<String> onDelta) {
    return answer(conversation, context, onDelta, true);
  }

  /**
   * Answers {@code request}, passing the answer's text to {@code onDelta} as the model produces it
   * (a cached answer comes as one chunk), and returns the full response; the concatenated chunks
   * equal its {@code answer}. The finished answer is cached like {@link #chat}'s.
   */
  public ChatResponse stream(ChatRequest request, CallContext context, Consumer<String> onDelta) {
    return stream(Conversation.of(request), context, onDelta);
  }

  /** Like {@link #stream(ChatRequest, CallContext, Consumer)} for a whole conversation. */
  public ChatResponse stream(Conversation conversation, CallContext context, Consumer<String> onDelta) {
    return answer(conversation, context, Objects.requireNonNull(onDelta, "onDelta"), false).response();
  }

  /** The router's choice for {@code conversation} (an unknown explicit model is {@code invalid_argument}). */
  public Route route(Conversation conversation) {
    return router.route(conversation.taskType(), conversation.prompt(), conversation.model());
  }

  private Completion answer(Conversation request, CallContext context, Consumer<String> onDelta,
      boolean acceptIncomplete) {
    long start = System.nanoTime();
    Route route = route(request);
    boolean[] emitted = {false};
    Consumer<String> tracked = onDelta == null ? null : text -> {
      emitted[0] = true;
      onDelta.accept(text);
    };
    Outcome outcome;
    try {
      outcome = answer(request, route, context, tracked, acceptIncomplete);
    } catch (ApiException e) {
      if (!canFallBack(request, route, e) || emitted[0]) {
        throw e;
      }
      route = new Route(catalog.fast(), route.reason() + "; fell back to the fast model (strong model unavailable)");
      outcome = answer(request, route, context, tracked, acceptIncomplete);
    }
    CachedAnswer answer = outcome.answer();
    String level = outcome.level();
    double cost = level == null ? catalog.cost(answer.model(), answer.usage()) : 0;
    context.notes().prompt(request.prompt());
    context.notes().answer(answer.model(), level, answer.usage());
    long latencyMs = (System.nanoTime() - start) / 1_000_000;
    return new Completion(new ChatResponse(answer.answer(), answer.model(), route.reason(), latencyMs,
        level != null, level, answer.usage(), cost, context.requestId()), outcome.finish());
  }

  /** A routed strong-tier call (not an explicit model) whose upstream is exhausted falls back once. */
  private boolean canFallBack(Conversation request, Route route, ApiException e) {
    return e.code() == ErrorCode.UPSTREAM_UNAVAILABLE && request.model() == null
        && route.model().equals(catalog.strong()) && !catalog.strong().equals(catalog.fast());
  }

  /** An answer, its cache level ({@code null} = computed now) and why the model stopped. */
  private record Outcome(CachedAnswer answer, String level, ModelReply.Finish finish) {
    Outcome(CachedAnswer answer, String level) {
      this(answer, level, ModelReply.Finish.STOP);
    }
  }

  /** {@link #answer(Conversation, Route, CallContext, Consumer)}, taking an incomplete answer if accepted. */
  private Outcome answer(Conversation request, Route route, CallContext context, Consumer<String> onDelta,
      boolean acceptIncomplete) {
    try {
      return answer(request, route, context, onDelta);
    } catch (IncompleteAnswerException e) {
      if (!acceptIncomplete) {
        throw e;
      }
      ModelReply reply = e.reply();
      return new Outcome(cache.entry(reply.text(), reply.model(), reply.usage(), request.prompt()), null,
          reply.finish());
    }
  }

  /**
   * A cached answer comes from the cache's shared computation, which streams from the model when the
   * caller who starts it streams; every caller takes the text on its own thread with its own deadline.
   */
  private Outcome answer(Conversation request, Route route, CallContext context, Consumer<String> onDelta) {
    ModelRequest modelRequest = toModelRequest(request, route, context.deadline()).paidBy(context.callerId());
    if (!request.useCache()) {
      return new Outcome(call(modelRequest, onDelta), null);
    }
    String scope = perCallerScope ? context.callerId() : GLOBAL_SCOPE;
    String key = CacheKey.of(model.provider(), modelRequest, SYSTEM_PROMPT_VERSION, scope);
    AnswerCache.Computation compute =
        (deadline, deltas) -> call(modelRequest.withDeadline(deadline), onDelta == null ? null : deltas);
    AnswerCache.Lookup lookup;
    try {
      lookup = cache.get(key, context.deadline(), compute, onDelta);
    } catch (BudgetExceededException e) {
      if (e.payer().equals(context.callerId())) {
        throw e;
      }
      // This request joined another caller's computation, which that caller's budget refused: pay for it here.
      lookup = cache.get(key, context.deadline(), compute, onDelta);
    }
    String level = lookup.cached() ? lookup.level().wireName() : null;
    stats.recordCache(level == null ? "miss" : level);
    return new Outcome(lookup.answer(), level);
  }

  /**
   * The cache key of {@code request} after routing it, in the global scope: requests with equal
   * keys get the same answer (the batch's in-request deduplication). An unknown explicit model is
   * {@code invalid_argument}.
   */
  public String cacheKey(ChatRequest request) {
    Conversation conversation = Conversation.of(request);
    return cacheKey(model.provider(), conversation, route(conversation), GLOBAL_SCOPE);
  }

  /**
   * The cache key of a request once routed, for answers of {@code provider}, in {@code scope}
   * ({@value #GLOBAL_SCOPE} or a caller id).
   */
  public static String cacheKey(String provider, ChatRequest request, Route route, String scope) {
    return cacheKey(provider, Conversation.of(request), route, scope);
  }

  private static String cacheKey(String provider, Conversation conversation, Route route, String scope) {
    return CacheKey.of(provider, toModelRequest(conversation, route, null), SYSTEM_PROMPT_VERSION, scope);
  }

  private static ModelRequest toModelRequest(Conversation request, Route route, Instant deadline) {
    return new ModelRequest(route.model(), request.prompt(), request.systemInstruction(), request.temperature(),
        request.maxOutputTokens(), request.responseJsonSchema(), false, deadline, request.history());
  }

  /** A model call; an incomplete answer's tokens are counted too, and it fails (so it is not cached). */
  private CachedAnswer call(ModelRequest modelRequest, Consumer<String> onDelta) {
    ModelReply reply;
    try {
      reply = onDelta == null ? model.generate(modelRequest) : model.stream(modelRequest, onDelta);
    } catch (IncompleteAnswerException e) {
      record(e.reply());
      throw e;
    }
    record(reply);
    return cache.entry(reply.text(), reply.model(), reply.usage(), modelRequest.prompt());
  }

  private void record(ModelReply reply) {
    stats.recordModelCall(reply.model(), reply.usage(), catalog.cost(reply.model(), reply.usage()));
  }
}
