package dev.agentfn.a2a.client;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentfn.a2a.TaskState;
import java.util.Locale;
import java.util.UUID;

/**
 * The two A2A versions the client speaks: 1.0 (ProtoJSON, PascalCase methods) and 0.3 (parts and
 * results with {@code kind}, slash methods, kebab-case states). Answers of either are turned into
 * the 1.0 shape: a stream response with one member ({@code task}, {@code message},
 * {@code statusUpdate}, {@code artifactUpdate}).
 */
enum Protocol {
  V1_0("1.0", "SendMessage", "SendStreamingMessage", "GetTask", "CancelTask"),
  V0_3("0.3", "message/send", "message/stream", "tasks/get", "tasks/cancel");

  final String version;
  final String send;
  final String stream;
  final String get;
  final String cancel;

  Protocol(String version, String send, String stream, String get, String cancel) {
    this.version = version;
    this.send = send;
    this.stream = stream;
    this.get = get;
    this.cancel = cancel;
  }

  /** The params of a send: a user message with one text part, in {@code contextId} when not null. */
  JsonObject sendParams(String text, String contextId, boolean streaming) {
    JsonObject part = new JsonObject();
    if (this == V0_3) {
      part.addProperty("kind", "text");
    }
    part.addProperty("text", text);
    JsonArray parts = new JsonArray();
    parts.add(part);
    JsonObject message = new JsonObject();
    if (this == V0_3) {
      message.addProperty("kind", "message");
    }
    message.addProperty("messageId", UUID.randomUUID().toString());
    message.addProperty("role", this == V0_3 ? "user" : "ROLE_USER");
    message.add("parts", parts);
    if (contextId != null) {
      message.addProperty("contextId", contextId);
    }
    JsonObject params = new JsonObject();
    params.add("message", message);
    if (!streaming) {
      JsonObject configuration = new JsonObject();
      if (this == V0_3) {
        configuration.addProperty("blocking", false);
      } else {
        configuration.addProperty("returnImmediately", true);
      }
      params.add("configuration", configuration);
    }
    return params;
  }

  /** A JSON-RPC 2.0 request. */
  static String request(String method, JsonObject params) {
    JsonObject request = new JsonObject();
    request.addProperty("jsonrpc", "2.0");
    request.addProperty("id", UUID.randomUUID().toString());
    request.addProperty("method", method);
    request.add("params", params);
    return request.toString();
  }

  /** A JSON-RPC result as a 1.0 stream response; a bare Task (from GetTask) becomes {@code {"task": …}}. */
  JsonObject streamResponse(JsonObject result) {
    if (this == V0_3 || result.has("kind")) {
      String kind = A2aHttp.string(result, "kind");
      String member = kind == null ? "task" : switch (kind) {
        case "message" -> "message";
        case "status-update" -> "statusUpdate";
        case "artifact-update" -> "artifactUpdate";
        default -> "task";
      };
      JsonObject response = new JsonObject();
      response.add(member, result);
      return response;
    }
    if (result.has("task") || result.has("message") || result.has("statusUpdate") || result.has("artifactUpdate")) {
      return result;
    }
    JsonObject response = new JsonObject();
    response.add("task", result);
    return response;
  }

  /** The state in a status object, in either version's spelling (null when absent or unknown). */
  static TaskState state(JsonObject status) {
    String name = status == null ? null : A2aHttp.string(status, "state");
    if (name == null) {
      return null;
    }
    String upper = name.toUpperCase(Locale.ROOT).replace('-', '_');
    String bare = upper.startsWith("TASK_STATE_") ? upper.substring("TASK_STATE_".length()) : upper;
    for (TaskState state : TaskState.values()) {
      if (state.name().equals(bare)) {
        return state;
      }
    }
    return null;
  }

  /** The text parts of a message or an artifact, joined by new lines. */
  static String text(JsonElement holder) {
    return parts(holder, "text");
  }

  /** The data parts of a message or an artifact, as JSON, one per line. */
  static String data(JsonElement holder) {
    return parts(holder, "data");
  }

  private static String parts(JsonElement holder, String kind) {
    if (holder == null || !holder.isJsonObject() || !holder.getAsJsonObject().has("parts")
        || !holder.getAsJsonObject().get("parts").isJsonArray()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (JsonElement element : holder.getAsJsonObject().getAsJsonArray("parts")) {
      JsonElement value = element.isJsonObject() ? element.getAsJsonObject().get(kind) : null;
      if (value != null && !value.isJsonNull()) {
        out.append(out.length() > 0 ? "\n" : "").append(value.isJsonPrimitive() ? value.getAsString() : value.toString());
      }
    }
    return out.toString();
  }
}
