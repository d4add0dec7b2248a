package dev.agentfn.a2a;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.api.Fields;
import dev.agentfn.api.Json;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Handler;
import dev.agentfn.http.Sse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code POST /a2a}: the A2A JSON-RPC 2.0 binding. Protocol 1.0 ({@code A2A-Version: 1.0}):
 * {@code SendMessage}, {@code SendStreamingMessage} (SSE), {@code GetTask}, {@code ListTasks},
 * {@code CancelTask}; protocol 0.3 ({@code A2A-Version: 0.3}, or no header with a 0.3 method
 * name): {@code message/send}, {@code tasks/get}, {@code tasks/cancel}. Every JSON-RPC answer,
 * errors included, is HTTP 200.
 */
public final class A2aEndpoint implements Handler {
  static final int MAX_PAGE_SIZE = 100;
  static final int DEFAULT_PAGE_SIZE = 50;
  /** Most bytes of tasks one {@code ListTasks} answer carries; the rest come on the next page. */
  static final int MAX_LIST_BYTES = 512 * 1024;
  private static final Pattern V1 = Pattern.compile("1\\.0(\\.\\d+)?");
  private static final Pattern V03 = Pattern.compile("0\\.3(\\.\\d+)?");
  private static final Set<String> V1_UNSUPPORTED = Set.of("SubscribeToTask", "GetExtendedAgentCard");
  private static final Set<String> V1_PUSH = Set.of("CreateTaskPushNotificationConfig",
      "GetTaskPushNotificationConfig", "ListTaskPushNotificationConfigs", "DeleteTaskPushNotificationConfig");

  private final Supplier<A2aService> services;

  /** @param services the A2A operations, resolved on first use */
  public A2aEndpoint(Supplier<A2aService> services) {
    this.services = services;
  }

  @Override
  public ApiResponse handle(ApiRequest request) {
    JsonElement id = JsonNull.INSTANCE;
    try {
      JsonElement parsed;
      try {
        parsed = Json.parse(request.body());
      } catch (ApiException e) {
        throw new A2aError(A2aError.PARSE_ERROR, "Invalid JSON payload: " + e.getMessage());
      }
      if (!parsed.isJsonObject()) {
        throw invalidRequest("the request must be one JSON-RPC request object (batches are not supported)");
      }
      JsonObject rpc = parsed.getAsJsonObject();
      id = requestId(rpc);
      JsonElement jsonrpc = rpc.get("jsonrpc");
      if (jsonrpc == null || !jsonrpc.isJsonPrimitive() || !"2.0".equals(jsonrpc.getAsString())) {
        throw invalidRequest("jsonrpc must be \"2.0\"");
      }
      JsonElement method = rpc.get("method");
      if (method == null || !method.isJsonPrimitive() || !method.getAsJsonPrimitive().isString()) {
        throw invalidRequest("method must be a string");
      }
      JsonElement params = rpc.get("params");
      if (params != null && !params.isJsonNull() && !params.isJsonObject()) {
        throw A2aError.invalidParams("params must be an object");
      }
      JsonObject paramsObject = params == null || params.isJsonNull() ? new JsonObject() : params.getAsJsonObject();
      String name = method.getAsString();
      boolean legacy = legacy(request, name);
      CallContext context = request.context().withHops(Hops.of(request.header(Hops.HEADER)));
      try {
        return legacy ? legacyCall(request, context, id, name, paramsObject)
            : call(request, context, id, name, paramsObject);
      } catch (ApiException e) {
        throw new A2aError(e.code() == ErrorCode.INVALID_ARGUMENT ? A2aError.INVALID_PARAMS : A2aError.INTERNAL_ERROR,
            e.getMessage());
      }
    } catch (A2aError e) {
      return ApiResponse.ok(error(id, e));
    }
  }

  private ApiResponse call(ApiRequest request, CallContext context, JsonElement id, String method, JsonObject params) {
    String owner = request.context().callerId();
    switch (method) {
      case "SendMessage" -> {
        JsonObject message = message(params, false);
        StoredTask task = services.get().send(message, context, event -> { }, () -> false);
        return result(id, TaskJson.streamResponse("task", TaskJson.view(task.task(), historyLength(params), true)));
      }
      case "SendStreamingMessage" -> {
        return stream(context, id, message(params, false));
      }
      case "GetTask" -> {
        StoredTask task = services.get().get(owner, taskId(params));
        return result(id, TaskJson.view(task.task(), Fields.of(params).optionalInt("historyLength", 0,
            Integer.MAX_VALUE), true));
      }
      case "CancelTask" -> {
        return result(id, services.get().cancel(owner, taskId(params)).task());
      }
      case "ListTasks" -> {
        return result(id, list(owner, params));
      }
      default -> throw unknownMethod(method, false);
    }
  }

  private ApiResponse legacyCall(ApiRequest request, CallContext context, JsonElement id, String method,
      JsonObject params) {
    String owner = request.context().callerId();
    switch (method) {
      case "message/send" -> {
        JsonObject message = message(params, true);
        StoredTask task = services.get().send(message, context, event -> { }, () -> false);
        return result(id, Legacy03.task(TaskJson.view(task.task(), historyLength(params), true)));
      }
      case "tasks/get" -> {
        StoredTask task = services.get().get(owner, taskId(params));
        return result(id, Legacy03.task(TaskJson.view(task.task(), Fields.of(params).optionalInt("historyLength", 0,
            Integer.MAX_VALUE), true)));
      }
      case "tasks/cancel" -> {
        return result(id, Legacy03.task(services.get().cancel(owner, taskId(params)).task()));
      }
      default -> throw unknownMethod(method, true);
    }
  }

  /** Streams the task's life as SSE: the task, status and artifact updates, the final status. */
  private ApiResponse stream(CallContext context, JsonElement id, JsonObject message) {
    services.get().validate(message, context.callerId());
    return ApiResponse.stream(200, Sse.CONTENT_TYPE, out -> {
      Sse sse = new Sse(out);
      Consumer<JsonElement> send = payload -> sse.offer("message", Json.write(payload));
      try {
        services.get().send(message, context, event -> send.accept(resultBody(id, event)), sse::gone);
      } catch (A2aError e) {
        send.accept(error(id, e));
      } catch (ApiException e) {
        send.accept(error(id, new A2aError(A2aError.INTERNAL_ERROR, e.getMessage())));
      }
    });
  }

  private JsonObject list(String owner, JsonObject params) {
    Fields fields = Fields.of(params);
    String contextId = fields.optionalString("contextId", 128);
    String status = fields.optionalString("status", 64);
    TaskState state = null;
    if (status != null && !status.isEmpty() && !"TASK_STATE_UNSPECIFIED".equals(status)) {
      state = TaskState.fromWireName(status).orElseThrow(() ->
          A2aError.invalidParams("status must be a TASK_STATE_* value"));
    }
    Integer pageSize = fields.optionalInt("pageSize", 1, MAX_PAGE_SIZE);
    int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
    String pageToken = fields.optionalString("pageToken", 512);
    Integer historyLength = fields.optionalInt("historyLength", 0, Integer.MAX_VALUE);
    String after = fields.optionalString("statusTimestampAfter", 64);
    Instant updatedAfter = null;
    if (after != null && !after.isEmpty()) {
      try {
        updatedAfter = Instant.parse(after);
      } catch (DateTimeParseException e) {
        throw A2aError.invalidParams("statusTimestampAfter must be an ISO 8601 UTC timestamp");
      }
    }
    boolean includeArtifacts = fields.optionalBoolean("includeArtifacts", false);
    TaskPage page = services.get().list(new TaskQuery(owner, blankToNull(contextId), state, updatedAfter, size,
        blankToNull(pageToken)));
    JsonArray tasks = new JsonArray();
    String next = page.nextPageToken();
    long bytes = 0;
    for (StoredTask task : page.tasks()) {
      JsonObject view = TaskJson.view(task.task(), historyLength == null ? 0 : historyLength, includeArtifacts);
      bytes += Json.write(view).getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_LIST_BYTES && !tasks.isEmpty()) {
        next = PageCursor.after(page.tasks().get(tasks.size() - 1)).encode();
        break;
      }
      tasks.add(view);
    }
    JsonObject result = new JsonObject();
    result.add("tasks", tasks);
    result.addProperty("nextPageToken", next);
    result.addProperty("pageSize", size);
    result.addProperty("totalSize", page.totalSize());
    return result;
  }

  /** The request's message, converted from 0.3 when {@code legacy}. */
  private static JsonObject message(JsonObject params, boolean legacy) {
    JsonElement message = params.get("message");
    if (message == null || !message.isJsonObject()) {
      throw A2aError.invalidParams("params.message is required (a Message object)");
    }
    return legacy ? Legacy03.messageFromLegacy(message.getAsJsonObject()) : message.getAsJsonObject().deepCopy();
  }

  private static Integer historyLength(JsonObject params) {
    JsonElement configuration = params.get("configuration");
    if (configuration == null || configuration.isJsonNull()) {
      return null;
    }
    if (!configuration.isJsonObject()) {
      throw A2aError.invalidParams("params.configuration must be an object");
    }
    return Fields.of(configuration.getAsJsonObject(), "configuration.").optionalInt("historyLength", 0,
        Integer.MAX_VALUE);
  }

  private static String taskId(JsonObject params) {
    String id = Fields.of(params, "params.").requiredString("id", 512);
    A2aService.checkId(id);
    return id;
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** Which protocol the request speaks: the A2A-Version header, or (without one) its method's style. */
  private static boolean legacy(ApiRequest request, String method) {
    Optional<String> header = request.header("A2A-Version").or(() -> request.query("A2A-Version"))
        .map(String::strip).filter(value -> !value.isEmpty());
    if (header.isEmpty()) {
      return method.contains("/");
    }
    String version = header.get();
    if (V1.matcher(version).matches()) {
      return false;
    }
    if (V03.matcher(version).matches()) {
      return true;
    }
    throw new A2aError(A2aError.VERSION_NOT_SUPPORTED, "A2A-Version "
        + (version.length() > 16 ? version.substring(0, 16) + "…" : version)
        + " is not supported; this agent speaks 1.0 and 0.3");
  }

  private static A2aError unknownMethod(String method, boolean legacy) {
    if (!legacy && V1_UNSUPPORTED.contains(method)) {
      return new A2aError(A2aError.UNSUPPORTED_OPERATION, method + " is not supported by this agent");
    }
    if (!legacy && V1_PUSH.contains(method)) {
      return new A2aError(A2aError.PUSH_NOTIFICATION_NOT_SUPPORTED, "this agent does not send push notifications");
    }
    String shown = method.length() > 64 ? method.substring(0, 64) + "…" : method;
    return new A2aError(A2aError.METHOD_NOT_FOUND, "Method not found: " + shown + (legacy
        ? " (A2A 0.3 methods: message/send, tasks/get, tasks/cancel)"
        : " (A2A 1.0 methods: SendMessage, SendStreamingMessage, GetTask, ListTasks, CancelTask)"));
  }

  private static A2aError invalidRequest(String message) {
    return new A2aError(A2aError.INVALID_REQUEST, "Request payload validation error: " + message);
  }

  /** The request's id: a string or a number (null only for errors about the request itself). */
  private static JsonElement requestId(JsonObject rpc) {
    JsonElement id = rpc.get("id");
    if (id == null) {
      throw invalidRequest("id is required (notifications are not supported)");
    }
    if (id.isJsonNull() || id.isJsonPrimitive() && !id.getAsJsonPrimitive().isBoolean()) {
      return id;
    }
    throw invalidRequest("id must be a string or a number");
  }

  private static ApiResponse result(JsonElement id, JsonObject value) {
    return ApiResponse.ok(resultBody(id, value));
  }

  private static JsonObject resultBody(JsonElement id, JsonObject value) {
    JsonObject body = envelope(id);
    body.add("result", value);
    return body;
  }

  private static JsonObject error(JsonElement id, A2aError error) {
    JsonObject body = envelope(id);
    body.add("error", error.toJson());
    return body;
  }

  private static JsonObject envelope(JsonElement id) {
    JsonObject body = new JsonObject();
    body.add("jsonrpc", new JsonPrimitive("2.0"));
    body.add("id", id);
    return body;
  }
}
