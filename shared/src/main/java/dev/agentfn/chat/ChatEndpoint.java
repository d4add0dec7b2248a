package dev.agentfn.chat;

import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
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
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code POST /chat}: one query, as JSON or, when asked, as Server-Sent Events; with a
 * {@code session_id}, the next turn of that conversation (the response then names the session and
 * the turn).
 */
public final class ChatEndpoint implements Handler {
  private final Supplier<ChatService> service;
  private final Supplier<? extends Conversations> conversations;

  /**
   * @param service resolved on first use, so the function starts without building it
   * @param conversations what answers requests with a {@code session_id}, also resolved on first use
   */
  public ChatEndpoint(Supplier<ChatService> service, Supplier<? extends Conversations> conversations) {
    this.service = service;
    this.conversations = conversations;
  }

  @Override
  public ApiResponse handle(ApiRequest request) {
    ChatRequest chat = ChatRequest.fromJson(Json.parseObject(request.body()), "");
    if (chat.stream() || request.accepts("text/event-stream")) {
      return stream(chat, request);
    }
    if (chat.sessionId() == null) {
      return ApiResponse.ok(service.get().chat(chat, request.context()));
    }
    return ApiResponse.ok(answer(chat, request.context(), null));
  }

  private ApiResponse stream(ChatRequest chat, ApiRequest request) {
    return ApiResponse.stream(200, Sse.CONTENT_TYPE, out -> {
      Sse sse = new Sse(out);
      JsonObject done;
      try {
        done = answer(chat, request.context(), text -> delta(sse, text));
      } catch (ApiException e) {
        request.context().notes().streamFailed(e);
        sse.event("error", Json.write(ApiResponse.errorBody(e, request.requestId())));
        return;
      }
      sse.event("done", Json.write(done));
    });
  }

  /** The response body: the chat response, with {@code session_id} and {@code turn} for a session's turn. */
  private JsonObject answer(ChatRequest chat, CallContext context, Consumer<String> onDelta) {
    if (chat.sessionId() == null) {
      ChatResponse response = onDelta == null ? service.get().chat(chat, context)
          : service.get().stream(chat, context, onDelta);
      return Json.gson().toJsonTree(response).getAsJsonObject();
    }
    Conversations.Reply reply = conversations.get().turn(chat, context, onDelta);
    JsonObject body = Json.gson().toJsonTree(reply.response()).getAsJsonObject();
    body.addProperty("session_id", reply.sessionId());
    body.addProperty("turn", reply.turn());
    return body;
  }

  private static void delta(Sse sse, String text) {
    try {
      sse.event("delta", Json.write(Map.of("text", text)));
    } catch (IOException e) {
      throw new UncheckedIOException("the client went away", e);
    }
  }
}
