package dev.agentfn.chat;

import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ChatResponse;
import java.util.function.Consumer;

/**
 * Answers a {@code POST /chat} that carries a {@code session_id}: the query as the next turn of the
 * caller's conversation (the {@code session} package implements it).
 */
public interface Conversations {

  /** One answered turn: the response, and the session and turn number it was recorded as. */
  record Reply(ChatResponse response, String sessionId, long turn) {}

  /**
   * Answers {@code request} (whose {@code sessionId} is set) in its conversation and records the turn.
   *
   * @param onDelta receives the answer's chunks as they come, or null for an answer in one piece
   */
  Reply turn(ChatRequest request, CallContext context, Consumer<String> onDelta);
}
