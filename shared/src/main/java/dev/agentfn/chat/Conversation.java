package dev.agentfn.chat;

import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.TaskType;
import dev.agentfn.model.Turn;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ChatService} answers: the user's latest message, the conversation before it, and how
 * to route and generate the answer. A {@code POST /chat} query is a conversation of one message;
 * the OpenAI-compatible endpoint sends whole conversations.
 *
 * @param prompt the user's latest message, which the answer replies to
 * @param history the earlier messages, oldest first (empty for a single question)
 * @param systemInstruction the caller's system text, or null
 * @param taskType how the router picks a model when {@code model} is null
 * @param model an explicit catalog model, or null to let the router decide
 * @param useCache whether the answer may come from (and goes to) the answer cache
 * @param temperature 0..2, or null for the model's default
 * @param maxOutputTokens or null for the model's default
 * @param responseJsonSchema a JSON Schema (JSON text) the answer must follow, or null
 */
public record Conversation(
    String prompt,
    List<Turn> history,
    String systemInstruction,
    TaskType taskType,
    String model,
    boolean useCache,
    Double temperature,
    Integer maxOutputTokens,
    String responseJsonSchema) {

  public Conversation {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(taskType, "taskType");
    history = List.copyOf(history);
  }

  /** The conversation of one {@code POST /chat} query. */
  public static Conversation of(ChatRequest request) {
    return new Conversation(request.query(), List.of(), null, request.taskType(), request.model(),
        request.useCache(), request.temperature(), request.maxOutputTokens(), null);
  }
}
