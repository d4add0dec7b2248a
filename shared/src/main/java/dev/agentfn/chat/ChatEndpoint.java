package dev.agentfn.chat;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ChatResponse;
import dev.agentfn.api.Json;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Handler;
import dev.agentfn.http.Sse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;

/** {@code POST /chat}: one query, as JSON or, when asked, as Server-Sent Events. */
public final class ChatEndpoint implements Handler {
  private final Supplier<ChatService> service;

  /** @param service resolved on first use, so the function starts without building it */
  public ChatEndpoint(Supplier<ChatService> service) {
    this.service = service;
  }

  @Override
  public ApiResponse handle(ApiRequest request) {
    ChatRequest chat = ChatRequest.fromJson(Json.parseObject(request.body()), "");
    if (chat.stream() || request.accepts("text/event-stream")) {
      return stream(chat, request);
    }
    return ApiResponse.ok(service.get().chat(chat, request.context()));
  }

  private ApiResponse stream(ChatRequest chat, ApiRequest request) {
    return ApiResponse.stream(200, Sse.CONTENT_TYPE, out -> {
      Sse sse = new Sse(out);
      ChatResponse response;
      try {
        response = service.get().stream(chat, request.context(), text -> delta(sse, text));
      } catch (ApiException e) {
        request.context().notes().streamFailed(e);
        sse.event("error", Json.write(ApiResponse.errorBody(e, request.requestId())));
        return;
      }
      sse.event("done", Json.write(response));
    });
  }

  private static void delta(Sse sse, String text) {
    try {
      sse.event("delta", Json.write(Map.of("text", text)));
    } catch (IOException e) {
      throw new UncheckedIOException("the client went away", e);
    }
  }
}
