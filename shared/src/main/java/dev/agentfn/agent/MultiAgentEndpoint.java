package dev.agentfn.agent;

import com.google.gson.JsonObject;
import dev.agentfn.api.Fields;
import dev.agentfn.api.Json;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Handler;
import java.util.UUID;
import java.util.function.Supplier;

/** {@code POST /chat/multi-agent}: a planner splits a task into tool subtasks, an executor runs them. */
public final class MultiAgentEndpoint implements Handler {
  public static final int MAX_TASK_CHARS = 8_000;
  public static final int MAX_SUBTASKS = 16;
  public static final int DEFAULT_SUBTASKS = 8;

  private final Supplier<TaskRunner> runner;

  /** @param runner resolved on first use, so the function starts without building it */
  public MultiAgentEndpoint(Supplier<TaskRunner> runner) {
    this.runner = runner;
  }

  @Override
  public ApiResponse handle(ApiRequest request) {
    JsonObject body = Json.parseObject(request.body());
    Fields fields = Fields.of(body);
    String task = fields.requiredString("task", MAX_TASK_CHARS);
    Integer maxSubtasks = fields.optionalInt("max_subtasks", 1, MAX_SUBTASKS);
    MultiAgentResult result = runner.get().run(UUID.randomUUID().toString(), task,
        maxSubtasks == null ? DEFAULT_SUBTASKS : maxSubtasks, request.context(), TaskRunner.Progress.NONE);
    return ApiResponse.ok(result);
  }
}
