package dev.agentfn.agent;

import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.api.Fields;
import dev.agentfn.api.Json;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Handler;

/** {@code POST /chat/multi-agent}: a planner splits a task into tool subtasks, an executor runs them. */
public final class MultiAgentEndpoint implements Handler {
  public static final int MAX_TASK_CHARS = 8_000;
  public static final int MAX_SUBTASKS = 16;
  public static final int DEFAULT_SUBTASKS = 8;

  @Override
  public ApiResponse handle(ApiRequest request) {
    JsonObject body = Json.parseObject(request.body());
    Fields fields = Fields.of(body);
    fields.requiredString("task", MAX_TASK_CHARS);
    fields.optionalInt("max_subtasks", 1, MAX_SUBTASKS);
    throw new ApiException(ErrorCode.INTERNAL, "the multi-agent executor is not built yet");
  }
}
