package dev.agentfn.a2a;

import com.google.gson.JsonObject;

/**
 * A JSON-RPC error of the A2A binding: a standard JSON-RPC code or an A2A one (spec §5.4), and a
 * message that is safe to show to the caller.
 */
public final class A2aError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  public static final int TASK_NOT_FOUND = -32001;
  public static final int TASK_NOT_CANCELABLE = -32002;
  public static final int PUSH_NOTIFICATION_NOT_SUPPORTED = -32003;
  public static final int UNSUPPORTED_OPERATION = -32004;
  public static final int CONTENT_TYPE_NOT_SUPPORTED = -32005;
  public static final int VERSION_NOT_SUPPORTED = -32009;

  private final int code;

  public A2aError(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The JSON-RPC {@code error} member: {@code {"code", "message"}}. */
  public JsonObject toJson() {
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    error.addProperty("message", getMessage());
    return error;
  }

  static A2aError invalidParams(String message) {
    return new A2aError(INVALID_PARAMS, message);
  }

  static A2aError taskNotFound(String id) {
    return new A2aError(TASK_NOT_FOUND, "task not found: " + id);
  }
}
