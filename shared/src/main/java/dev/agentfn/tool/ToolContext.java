package dev.agentfn.tool;

import dev.agentfn.model.ModelReply;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a tool call knows about its task and caller.
 *
 * @param task what the task's tool calls share (the caller, the hop count, per-task state)
 * @param deadline when the subtask must be done
 * @param modelCalls told of every model reply the tool received, for usage and cost
 */
public record ToolContext(TaskScope task, Instant deadline, Consumer<ModelReply> modelCalls) {
  public ToolContext {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(modelCalls, "modelCalls");
  }

  /** The caller's safe id (scopes per-caller data such as calendar events). */
  public String callerId() {
    return task.callerId();
  }
}
