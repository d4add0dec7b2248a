package dev.agentfn.agent;

import dev.agentfn.api.CallContext;
import dev.agentfn.model.History;

/**
 * Runs one multi-agent task to completion: plan, execute, synthesise. Used by
 * {@code POST /chat/multi-agent} and by the A2A endpoint. Thread-safe.
 */
public interface TaskRunner {

  /**
   * Runs {@code task} with at most {@code maxSubtasks} subtasks, reporting progress as it goes.
   * Tool failures are values in the result; only contract errors (bad input, deadline) throw
   * {@link dev.agentfn.api.ApiException}.
   */
  default MultiAgentResult run(String taskId, String task, int maxSubtasks, CallContext context, Progress progress) {
    return run(taskId, task, History.NONE, maxSubtasks, context, progress);
  }

  /**
   * Runs {@code task} as the next message of a conversation: the model planner sees
   * {@code history} (earlier tasks and their final answers) before the task.
   */
  MultiAgentResult run(String taskId, String task, History history, int maxSubtasks, CallContext context,
      Progress progress);

  /** Progress callbacks (for streaming); called from executor threads, must be thread-safe. */
  interface Progress {
    Progress NONE = new Progress() {};

    /** The plan is ready; every subtask is {@code pending}. */
    default void planned(String planner, java.util.List<SubtaskReport> subtasks) {}

    /** A subtask changed state. */
    default void subtask(SubtaskReport report) {}

    /** Whether the caller has cancelled the task (checked between subtasks). */
    default boolean cancelled() {
      return false;
    }
  }
}
