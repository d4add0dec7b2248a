package dev.agentfn.agent;

import java.util.List;

/** An ordered list of subtasks; validated by {@link PlanValidator} before it runs. */
public record Plan(List<Subtask> subtasks) {
  public Plan {
    subtasks = List.copyOf(subtasks);
  }
}
