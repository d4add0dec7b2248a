package dev.agentfn.agent;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One subtask as reported to callers (a row of the {@code subtasks} table of API.md).
 *
 * @param status {@code pending}, {@code running}, {@code completed}, {@code failed} or {@code skipped}
 * @param result the tool's output when completed, else null
 * @param error why it failed or was skipped, else null
 */
public record SubtaskReport(
    String id,
    String description,
    String tool,
    JsonObject args,
    List<String> dependsOn,
    String status,
    String result,
    String error,
    long latencyMs) {

  public SubtaskReport {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(status, "status");
    args = args == null ? new JsonObject() : args.deepCopy();
    dependsOn = List.copyOf(dependsOn);
  }
}
