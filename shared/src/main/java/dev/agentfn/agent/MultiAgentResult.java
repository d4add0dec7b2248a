package dev.agentfn.agent;

import dev.agentfn.model.Usage;
import java.util.List;

/**
 * The outcome of one multi-agent task (the {@code POST /chat/multi-agent} response of API.md).
 *
 * @param status {@code completed}, {@code partial} or {@code failed}
 * @param planner {@code llm} or {@code rules}
 */
public record MultiAgentResult(
    String taskId,
    String status,
    List<SubtaskReport> subtasks,
    int subtasksCount,
    String finalAnswer,
    String planner,
    String plannerModel,
    String executorModel,
    long latencyMs,
    Usage usage,
    double costUsd,
    String requestId) {

  public MultiAgentResult {
    subtasks = List.copyOf(subtasks);
  }
}
