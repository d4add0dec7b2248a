package dev.agentfn.a2a;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentfn.agent.MultiAgentResult;
import dev.agentfn.agent.SubtaskReport;
import dev.agentfn.api.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/** Builds the A2A 1.0 ProtoJSON objects of a task: status, messages, artifacts, stream events. */
final class TaskJson {
  static final String ANSWER_ARTIFACT = "final-answer";
  static final String SUBTASKS_ARTIFACT = "subtasks";
  private static final String SUBTASKS_DESCRIPTION = "The plan: each subtask with its tool, arguments, status and result.";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private TaskJson() {}

  /** ISO 8601 in UTC with milliseconds, as spec §5.6.1 asks. */
  static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }

  static JsonObject status(TaskState state, Instant at, JsonObject message) {
    JsonObject status = new JsonObject();
    status.addProperty("state", state.wireName());
    if (message != null) {
      status.add("message", message);
    }
    status.addProperty("timestamp", timestamp(at));
    return status;
  }

  /** An agent message about the task: a text part, and a data part when {@code data} is not null. */
  static JsonObject agentMessage(String taskId, String contextId, String text, JsonElement data) {
    JsonObject message = new JsonObject();
    message.addProperty("messageId", UUID.randomUUID().toString());
    message.addProperty("contextId", contextId);
    message.addProperty("taskId", taskId);
    message.addProperty("role", "ROLE_AGENT");
    JsonArray parts = new JsonArray();
    parts.add(textPart(text));
    if (data != null) {
      parts.add(dataPart(data));
    }
    message.add("parts", parts);
    return message;
  }

  static JsonObject textPart(String text) {
    JsonObject part = new JsonObject();
    part.addProperty("text", text);
    part.addProperty("mediaType", "text/plain");
    return part;
  }

  static JsonObject dataPart(JsonElement data) {
    JsonObject part = new JsonObject();
    part.add("data", data);
    part.addProperty("mediaType", "application/json");
    return part;
  }

  /** The artifacts of a finished run: the final answer as text, the subtask table as data. */
  static JsonArray artifacts(MultiAgentResult result) {
    JsonArray artifacts = new JsonArray();
    if (result.finalAnswer() != null) {
      artifacts.add(artifact(ANSWER_ARTIFACT, "final_answer", "The answer to the task.",
          textPart(result.finalAnswer())));
    }
    artifacts.add(artifact(SUBTASKS_ARTIFACT, "subtasks", SUBTASKS_DESCRIPTION, dataPart(runData(result))));
    return artifacts;
  }

  /** The run in the snake_case shape of {@code POST /chat/multi-agent}, without the answer and ids. */
  static JsonObject runData(MultiAgentResult result) {
    JsonObject data = Json.gson().toJsonTree(result).getAsJsonObject();
    data.remove("task_id");
    data.remove("request_id");
    data.remove("final_answer");
    return data;
  }

  static JsonArray subtaskRows(List<SubtaskReport> subtasks) {
    return Json.gson().toJsonTree(subtasks).getAsJsonArray();
  }

  private static JsonObject artifact(String id, String name, String description, JsonObject part) {
    JsonObject artifact = new JsonObject();
    artifact.addProperty("artifactId", id);
    artifact.addProperty("name", name);
    artifact.addProperty("description", description);
    JsonArray parts = new JsonArray();
    parts.add(part);
    artifact.add("parts", parts);
    return artifact;
  }

  /** A {@code StreamResponse} with one member, e.g. {@code {"statusUpdate": {...}}}. */
  static JsonObject streamResponse(String member, JsonObject value) {
    JsonObject response = new JsonObject();
    response.add(member, value);
    return response;
  }

  static JsonObject statusUpdate(String taskId, String contextId, JsonObject status) {
    JsonObject event = new JsonObject();
    event.addProperty("taskId", taskId);
    event.addProperty("contextId", contextId);
    event.add("status", status);
    return streamResponse("statusUpdate", event);
  }

  static JsonObject artifactUpdate(String taskId, String contextId, JsonObject artifact) {
    return artifactUpdate(taskId, contextId, artifact, false, true);
  }

  /**
   * A finished subtask's row as a chunk of the {@code subtasks} artifact while the task runs
   * ({@code append} after the first); the whole artifact replaces the chunks when the task ends.
   */
  static JsonObject subtaskChunk(String taskId, String contextId, JsonElement row, boolean append) {
    return artifactUpdate(taskId, contextId, artifact(SUBTASKS_ARTIFACT, "subtasks", SUBTASKS_DESCRIPTION,
        dataPart(row)), append, false);
  }

  private static JsonObject artifactUpdate(String taskId, String contextId, JsonObject artifact, boolean append,
      boolean lastChunk) {
    JsonObject event = new JsonObject();
    event.addProperty("taskId", taskId);
    event.addProperty("contextId", contextId);
    event.add("artifact", artifact);
    if (append) {
      event.addProperty("append", true);
    }
    event.addProperty("lastChunk", lastChunk);
    return streamResponse("artifactUpdate", event);
  }

  /**
   * The task as a caller asked for it: at most {@code historyLength} recent messages (null = all,
   * 0 = none) and the artifacts only when {@code includeArtifacts}.
   */
  static JsonObject view(JsonObject task, Integer historyLength, boolean includeArtifacts) {
    JsonObject view = task.deepCopy();
    if (!includeArtifacts) {
      view.remove("artifacts");
    }
    if (historyLength != null && view.has("history")) {
      JsonArray history = view.getAsJsonArray("history");
      if (historyLength == 0) {
        view.remove("history");
      } else if (history.size() > historyLength) {
        JsonArray recent = new JsonArray();
        for (int i = history.size() - historyLength; i < history.size(); i++) {
          recent.add(history.get(i));
        }
        view.add("history", recent);
      }
    }
    return view;
  }
}
