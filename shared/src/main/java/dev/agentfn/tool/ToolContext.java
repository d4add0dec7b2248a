package dev.agentfn.tool;

import dev.agentfn.model.ModelReply;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a tool call knows about its caller.
 *
 * @param callerId the caller's safe id (scopes per-caller data such as calendar events)
 * @param deadline when the subtask must be done
 * @param modelCalls told of every model reply the tool received, for usage and cost
 */
public record ToolContext(String callerId, Instant deadline, Consumer<ModelReply> modelCalls) {
  public ToolContext {
    Objects.requireNonNull(callerId, "callerId");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(modelCalls, "modelCalls");
  }
}
