package dev.agentfn.openai;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ChatResponse;
import dev.agentfn.api.Json;
import dev.agentfn.chat.ChatService;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Handler;
import dev.agentfn.http.Sse;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /v1/chat/completions}: a {@code chat.completion} object, or with {@code stream}
 * {@code chat.completion.chunk} events ending in {@code data: [DONE]}. agentfn's own figures
 * (routing reason, cache level, cost) travel in an extra {@code agentfn} object that OpenAI clients
 * ignore: on the completion, and on a stream's chunk that carries the finish reason. An answer the
 * model did not finish is a 200 with what came and {@code finish_reason} {@code length} or
 * {@code content_filter}, as OpenAI answers (where {@code /chat} refuses it).
 */
final class ChatCompletions implements Handler {
  private static final String DONE = "[DONE]";

  private final Supplier<ChatService> service;
  private final ModelCatalog catalog;
  private final Clock clock;

  ChatCompletions(Supplier<ChatService> service, ModelCatalog catalog, Clock clock) {
    this.service = service;
    this.catalog = catalog;
    this.clock = clock;
  }

  @Override
  public ApiResponse handle(ApiRequest request) {
    CompletionRequest completion = CompletionRequest.fromJson(Json.parseObject(request.body()), catalog);
    if (completion.user() != null) {
      request.context().notes().endUser(completion.user());
    }
    Frame frame = new Frame("chatcmpl-" + request.requestId(), clock.instant().getEpochSecond());
    if (completion.stream()) {
      return stream(completion, frame, request);
    }
    ChatService.Completion done = service.get().complete(completion.conversation(), request.context(), null);
    ChatResponse answer = done.response();
    Map<String, Object> body = frame.object("chat.completion", answer.modelUsed());
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", answer.answer());
    message.put("refusal", null);
    body.put("choices", List.of(choice("message", message, finishReason(done.finish()))));
    body.put("usage", usage(answer.usage()));
    body.put("agentfn", extras(answer));
    return ApiResponse.ok(body);
  }

  private ApiResponse stream(CompletionRequest completion, Frame frame, ApiRequest request) {
    // The chunks name the routed model from the start; the finishing chunk names the one that answered.
    String routed = service.get().route(completion.conversation()).model();
    return ApiResponse.stream(200, Sse.CONTENT_TYPE, out -> {
      Sse sse = new Sse(out);
      sse.data(frame.chunk(routed, Map.of("role", "assistant", "content", ""), null, completion.includeUsage()));
      ChatService.Completion done;
      try {
        done = service.get().complete(completion.conversation(), request.context(), text -> send(sse,
            frame.chunk(routed, Map.of("content", text), null, completion.includeUsage())));
      } catch (ApiException e) {
        request.context().notes().streamFailed(e);
        sse.data(Json.write(OpenAiErrors.body(e)));
        return;
      }
      ChatResponse answer = done.response();
      Map<String, Object> last = frame.chunkObject(answer.modelUsed(), Map.of(), finishReason(done.finish()),
          completion.includeUsage());
      last.put("agentfn", extras(answer));
      sse.data(Json.write(last));
      if (completion.includeUsage()) {
        Map<String, Object> usage = frame.object("chat.completion.chunk", answer.modelUsed());
        usage.put("choices", List.of());
        usage.put("usage", usage(answer.usage()));
        sse.data(Json.write(usage));
      }
      sse.data(DONE);
    });
  }

  /** What every object of one completion shares: its id and creation time. */
  private record Frame(String id, long created) {
    Map<String, Object> object(String type, String model) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", id);
      body.put("object", type);
      body.put("created", created);
      body.put("model", model);
      return body;
    }

    Map<String, Object> chunkObject(String model, Map<String, Object> delta, String finishReason,
        boolean includeUsage) {
      Map<String, Object> chunk = object("chat.completion.chunk", model);
      chunk.put("choices", List.of(choice("delta", delta, finishReason)));
      if (includeUsage) {
        chunk.put("usage", null);
      }
      return chunk;
    }

    String chunk(String model, Map<String, Object> delta, String finishReason, boolean includeUsage) {
      return Json.write(chunkObject(model, delta, finishReason, includeUsage));
    }
  }

  private static Map<String, Object> choice(String field, Map<String, Object> content, String finishReason) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put(field, content);
    choice.put("logprobs", null);
    choice.put("finish_reason", finishReason);
    return choice;
  }

  /** OpenAI's name of a finish reason: {@code stop}, {@code length} or {@code content_filter}. */
  private static String finishReason(ModelReply.Finish finish) {
    return finish.name().toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> usage(Usage usage) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("prompt_tokens", usage.inputTokens());
    body.put("completion_tokens", usage.outputTokens());
    body.put("total_tokens", usage.totalTokens());
    return body;
  }

  private static Map<String, Object> extras(ChatResponse answer) {
    Map<String, Object> extras = new LinkedHashMap<>();
    extras.put("routing_reason", answer.routingReason());
    extras.put("cached", answer.cached());
    extras.put("cache_level", answer.cacheLevel());
    extras.put("cost_usd", answer.costUsd());
    extras.put("latency_ms", answer.latencyMs());
    extras.put("request_id", answer.requestId());
    return extras;
  }

  private static void send(Sse sse, String data) {
    try {
      sse.data(data);
    } catch (IOException e) {
      throw new UncheckedIOException("the client went away", e);
    }
  }
}
