package dev.agentfn.agent;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;

/** One step of a plan: which tool to call with which arguments, after which other steps. */
public record Subtask(String id, String description, String tool, JsonObject args, List<String> dependsOn) {
  public Subtask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tool, "tool");
    description = description == null ? "" : description;
    args = args == null ? new JsonObject() : args.deepCopy();
    dependsOn = List.copyOf(dependsOn);
  }

  @Override
  public JsonObject args() {
    return args.deepCopy();
  }

  /** This subtask as a report row with the given status. */
  SubtaskReport report(String status, String result, String error, long latencyMs) {
    return new SubtaskReport(id, description, tool, args, dependsOn, status, result, error, latencyMs);
  }
}
