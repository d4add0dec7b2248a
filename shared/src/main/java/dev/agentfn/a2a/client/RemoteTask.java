package dev.agentfn.a2a.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentfn.a2a.TaskState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the client has learnt of one remote task from the agent's answers (a task, a message,
 * status and artifact updates): its ids, its state, its artifacts' text. Used by one thread at a
 * time (the stream reader, then the caller).
 */
final class RemoteTask {
  private final Map<String, StringBuilder> texts = new LinkedHashMap<>();
  private final Map<String, StringBuilder> data = new LinkedHashMap<>();
  private volatile String id;
  private volatile String contextId;
  private volatile TaskState state;
  private volatile String statusText = "";
  private volatile String reply;

  /** Applies one stream response; true once the task needs nothing more from the agent (ended or interrupted). */
  boolean apply(JsonObject response) {
    if (response.has("message")) {
      JsonObject message = A2aHttp.object(response.get("message"), "message");
      ids(message, "taskId");
      String text = Protocol.text(message);
      reply = text.isEmpty() ? Protocol.data(message) : text;
    } else if (response.has("task")) {
      JsonObject task = A2aHttp.object(response.get("task"), "task");
      ids(task, "id");
      status(task.get("status"));
      JsonElement list = task.get("artifacts");
      if (list != null && list.isJsonArray()) {
        texts.clear();
        data.clear();
        for (JsonElement artifact : list.getAsJsonArray()) {
          artifact(artifact, false);
        }
      }
    } else if (response.has("statusUpdate")) {
      JsonObject update = A2aHttp.object(response.get("statusUpdate"), "statusUpdate");
      ids(update, "taskId");
      status(update.get("status"));
    } else if (response.has("artifactUpdate")) {
      JsonObject update = A2aHttp.object(response.get("artifactUpdate"), "artifactUpdate");
      ids(update, "taskId");
      JsonElement append = update.get("append");
      artifact(update.get("artifact"), append != null && append.isJsonPrimitive() && append.getAsBoolean());
    } else {
      throw new IllegalStateException("the result is no task, message or update");
    }
    return finished();
  }

  private void ids(JsonObject holder, String idField) {
    if (id == null && A2aHttp.string(holder, idField) != null) {
      id = A2aHttp.string(holder, idField);
    }
    if (contextId == null && A2aHttp.string(holder, "contextId") != null) {
      contextId = A2aHttp.string(holder, "contextId");
    }
  }

  private void status(JsonElement status) {
    if (status != null && status.isJsonObject()) {
      TaskState next = Protocol.state(status.getAsJsonObject());
      if (next != null) {
        state = next;
      }
      statusText = Protocol.text(status.getAsJsonObject().get("message"));
    }
  }

  private void artifact(JsonElement artifact, boolean append) {
    if (artifact == null || !artifact.isJsonObject()) {
      return;
    }
    String id = A2aHttp.string(artifact.getAsJsonObject(), "artifactId");
    String key = id == null ? "" : id;
    add(texts, key, Protocol.text(artifact), append);
    add(data, key, Protocol.data(artifact), append);
  }

  private static void add(Map<String, StringBuilder> into, String key, String value, boolean append) {
    StringBuilder current = into.get(key);
    if (append && current != null) {
      current.append(current.length() > 0 && !value.isEmpty() ? "\n" : "").append(value);
    } else {
      into.put(key, new StringBuilder(value));
    }
  }

  /** A reply message came, or the task ended or waits for input. */
  boolean finished() {
    return reply != null || state != null && (state.terminal() || state == TaskState.INPUT_REQUIRED
        || state == TaskState.AUTH_REQUIRED);
  }

  String id() {
    return id;
  }

  String contextId() {
    return contextId;
  }

  TaskState state() {
    return state;
  }

  /** The reply message's text, else the artifacts' text, else the last status message's text, else the artifacts' data. */
  String output() {
    if (reply != null) {
      return reply;
    }
    String text = joined(texts);
    return !text.isEmpty() ? text : !statusText.isEmpty() ? statusText : joined(data);
  }

  private static String joined(Map<String, StringBuilder> values) {
    StringBuilder out = new StringBuilder();
    for (StringBuilder value : values.values()) {
      if (value.length() > 0) {
        out.append(out.length() > 0 ? "\n" : "").append(value);
      }
    }
    return out.toString();
  }

  String statusText() {
    return statusText;
  }
}
