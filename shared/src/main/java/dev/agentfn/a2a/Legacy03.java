package dev.agentfn.a2a;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * Translates between A2A 0.3 JSON (parts with {@code kind}, roles {@code user}/{@code agent},
 * kebab-case states) and the 1.0 ProtoJSON the service speaks, for peers such as Google ADK Java.
 */
final class Legacy03 {
  private Legacy03() {}

  /** A 0.3 Message from a caller as a 1.0 Message. */
  static JsonObject messageFromLegacy(JsonObject legacy) {
    JsonObject message = new JsonObject();
    for (String field : List.of("messageId", "contextId", "taskId", "metadata")) {
      if (legacy.has(field)) {
        message.add(field, legacy.get(field));
      }
    }
    JsonElement role = legacy.get("role");
    if (role != null && role.isJsonPrimitive()) {
      String name = role.getAsString();
      message.addProperty("role", "user".equals(name) ? "ROLE_USER" : "agent".equals(name) ? "ROLE_AGENT" : name);
    }
    JsonElement parts = legacy.get("parts");
    if (parts != null && parts.isJsonArray()) {
      JsonArray converted = new JsonArray();
      for (JsonElement part : parts.getAsJsonArray()) {
        converted.add(part.isJsonObject() ? partFromLegacy(part.getAsJsonObject()) : part);
      }
      message.add("parts", converted);
    } else if (parts != null) {
      message.add("parts", parts);
    }
    return message;
  }

  private static JsonObject partFromLegacy(JsonObject legacy) {
    JsonObject part = new JsonObject();
    String kind = legacy.has("kind") && legacy.get("kind").isJsonPrimitive() ? legacy.get("kind").getAsString() : "";
    switch (kind) {
      case "text" -> {
        if (legacy.has("text")) {
          part.add("text", legacy.get("text"));
        }
      }
      case "data" -> part.add("data", legacy.has("data") ? legacy.get("data") : new JsonObject());
      case "file" -> part.add("url", legacy.has("file") ? legacy.get("file") : new JsonObject());
      default -> {
        if (legacy.has("text")) {
          part.add("text", legacy.get("text"));
        }
      }
    }
    return part;
  }

  /** A 1.0 Task as a 0.3 Task. */
  static JsonObject task(JsonObject task) {
    JsonObject legacy = new JsonObject();
    legacy.addProperty("kind", "task");
    legacy.add("id", task.get("id"));
    legacy.add("contextId", task.get("contextId"));
    legacy.add("status", status(task.getAsJsonObject("status")));
    if (task.has("artifacts")) {
      JsonArray artifacts = new JsonArray();
      for (JsonElement element : task.getAsJsonArray("artifacts")) {
        JsonObject artifact = element.getAsJsonObject().deepCopy();
        artifact.add("parts", parts(artifact.getAsJsonArray("parts")));
        artifacts.add(artifact);
      }
      legacy.add("artifacts", artifacts);
    }
    if (task.has("history")) {
      JsonArray history = new JsonArray();
      for (JsonElement message : task.getAsJsonArray("history")) {
        history.add(message(message.getAsJsonObject()));
      }
      legacy.add("history", history);
    }
    return legacy;
  }

  private static JsonObject status(JsonObject status) {
    JsonObject legacy = new JsonObject();
    String state = status.get("state").getAsString();
    legacy.addProperty("state", TaskState.fromWireName(state).map(TaskState::legacyName).orElse("unknown"));
    if (status.has("message")) {
      legacy.add("message", message(status.getAsJsonObject("message")));
    }
    if (status.has("timestamp")) {
      legacy.add("timestamp", status.get("timestamp"));
    }
    return legacy;
  }

  private static JsonObject message(JsonObject message) {
    JsonObject legacy = message.deepCopy();
    legacy.addProperty("kind", "message");
    legacy.addProperty("role", "ROLE_AGENT".equals(message.get("role").getAsString()) ? "agent" : "user");
    legacy.add("parts", parts(message.getAsJsonArray("parts")));
    return legacy;
  }

  private static JsonArray parts(JsonArray parts) {
    JsonArray legacy = new JsonArray();
    for (JsonElement element : parts) {
      JsonObject part = element.getAsJsonObject();
      JsonObject converted = new JsonObject();
      if (part.has("text")) {
        converted.addProperty("kind", "text");
        converted.add("text", part.get("text"));
      } else if (part.has("data")) {
        converted.addProperty("kind", "data");
        JsonElement data = part.get("data");
        if (!data.isJsonObject()) {
          JsonObject wrapper = new JsonObject();
          wrapper.add("value", data);
          data = wrapper;
        }
        converted.add("data", data);
      }
      legacy.add(converted);
    }
    return legacy;
  }
}
