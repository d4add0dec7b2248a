package dev.agentfn.session;

import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ChatResponse;
import dev.agentfn.chat.ChatService;
import dev.agentfn.chat.Conversations;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code POST /chat} with a {@code session_id}: the query is answered by the {@link ChatService}
 * after the session's history (see {@link Sessions} for numbering and concurrency) and recorded as
 * the session's next turn. Thread-safe.
 */
public final class SessionService implements Conversations {
  private final Sessions sessions;
  private final ChatService chat;

  public SessionService(Sessions sessions, ChatService chat) {
    this.sessions = sessions;
    this.chat = chat;
  }

  @Override
  public Reply turn(ChatRequest request, CallContext context, Consumer<String> onDelta) {
    SessionKey key = new SessionKey(context.callerId(), Objects.requireNonNull(request.sessionId(), "sessionId"));
    Sessions.Pending turn = sessions.begin(key, request.query(), context.deadline());
    ChatResponse response = chat.chat(request, turn.history(), context, onDelta);
    return new Reply(response, key.id(), turn.record(response.answer(), response.modelUsed()));
  }
}
