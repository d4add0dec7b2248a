package dev.agentfn.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.UUID;

/** A2A 1.0 JSON-RPC for tests: user messages, params, request bodies, and reading answers. */
public final class A2aJsonRpc {
  private A2aJsonRpc() {}

  /** A {@code ROLE_USER} Message with one text part and a fresh messageId. */
  public static JsonObject userMessage(String text) {
    JsonObject part = new JsonObject();
    part.addProperty("text", text);
    JsonArray parts = new JsonArray();
    parts.add(part);
    JsonObject message = new JsonObject();
    message.addProperty("messageId", UUID.randomUUID().toString());
    message.addProperty("role", "ROLE_USER");
    message.add("parts", parts);
    return message;
  }

  /** {@code SendMessage} params: {@code {"message": userMessage(text)}}. */
  public static JsonObject sendParams(String text) {
    JsonObject params = new JsonObject();
    params.add("message", userMessage(text));
    return params;
  }

  /** A2A 0.3 {@code message/send} params: a {@code user} message with one {@code kind: text} part. */
  public static JsonObject legacySendParams(String text) {
    JsonObject part = new JsonObject();
    part.addProperty("kind", "text");
    part.addProperty("text", text);
    JsonArray parts = new JsonArray();
    parts.add(part);
    JsonObject message = new JsonObject();
    message.addProperty("kind", "message");
    message.addProperty("messageId", UUID.randomUUID().toString());
    message.addProperty("role", "user");
    message.add("parts", parts);
    JsonObject params = new JsonObject();
    params.add("message", message);
    return params;
  }

  /** Params with one string member, e.g. {@code {"id": "…"}}. */
  public static JsonObject params(String name, String value) {
    JsonObject params = new JsonObject();
    params.addProperty(name, value);
    return params;
  }

  /** A JSON-RPC 2.0 request body; {@code id} is a number or a string. */
  public static String request(String method, JsonObject params, Object id) {
    JsonObject request = new JsonObject();
    request.addProperty("jsonrpc", "2.0");
    if (id instanceof Number number) {
      request.addProperty("id", number);
    } else {
      request.addProperty("id", String.valueOf(id));
    }
    request.addProperty("method", method);
    request.add("params", params);
    return request.toString();
  }

  /** The error code of a JSON-RPC error answer (fails the test when it is a result). */
  public static int errorCode(JsonObject response) {
    if (response.has("result") || !response.has("error")) {
      throw new AssertionError("expected a JSON-RPC error, got " + response);
    }
    return response.getAsJsonObject("error").get("code").getAsInt();
  }

  /** The {@code status.state} of an A2A 1.0 Task. */
  public static String state(JsonObject task) {
    return task.getAsJsonObject("status").get("state").getAsString();
  }
}
