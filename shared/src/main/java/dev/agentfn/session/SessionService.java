package dev.agentfn.session;

import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ChatResponse;
import dev.agentfn.chat.ChatService;
import dev.agentfn.chat.Conversation;
import dev.agentfn.chat.Conversations;
import dev.agentfn.model.History;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code POST /chat} with a {@code session_id}: the query is answered by the {@link ChatService}
 * after the session's history (see {@link Sessions} for numbering and concurrency) and recorded as
 * the session's next turn. A turn with history bypasses the answer cache (neither read nor
 * written): keyed by its whole context it would almost never hit, yet cost an L2 read and write per
 * turn (bench/RESULTS.md); a session's first turn has no history and is cached like any query.
 * Thread-safe.
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
    History history = turn.history();
    Conversation conversation = new Conversation(request.query(), history.turns(), history.systemInstruction(),
        request.taskType(), request.model(), request.useCache() && history.isEmpty(), request.temperature(),
        request.maxOutputTokens(), null);
    ChatResponse response = onDelta == null ? chat.chat(conversation, context)
        : chat.stream(conversation, context, onDelta);
    return new Reply(response, key.id(), turn.record(response.answer(), response.modelUsed()));
  }
}
