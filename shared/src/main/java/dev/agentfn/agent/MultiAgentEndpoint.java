package dev.agentfn.agent;

import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.Fields;
import dev.agentfn.api.Json;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Handler;
import dev.agentfn.http.Sse;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code POST /chat/multi-agent}: a planner splits a task into tool subtasks, an executor runs them.
 * Answers with the finished task as JSON or, when asked ({@code "stream": true} or
 * {@code Accept: text/event-stream}), as Server-Sent Events while it runs: {@code plan}, a
 * {@code subtask} event on every change of a subtask's state, and {@code done} (the JSON answer)
 * last, or {@code error}. A client that goes away cancels its task.
 */
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
    boolean stream = fields.optionalBoolean("stream", false) || request.accepts("text/event-stream");
    int max = maxSubtasks == null ? DEFAULT_SUBTASKS : maxSubtasks;
    String taskId = UUID.randomUUID().toString();
    if (!stream) {
      return ApiResponse.ok(runner.get().run(taskId, task, max, request.context(), TaskRunner.Progress.NONE));
    }
    return ApiResponse.stream(200, Sse.CONTENT_TYPE, out -> {
      Sse sse = new Sse(out);
      MultiAgentResult result;
      try {
        result = runner.get().run(taskId, task, max, request.context(), new Events(taskId, sse));
      } catch (ApiException e) {
        request.context().notes().streamFailed(e);
        sse.offer("error", Json.write(ApiResponse.errorBody(e, request.requestId())));
        return;
      }
      sse.offer("done", Json.write(result));
    });
  }

  /** The task's progress as events; the task counts as cancelled once the client is gone. */
  private record Events(String taskId, Sse sse) implements TaskRunner.Progress {
    @Override
    public void planned(String planner, List<SubtaskReport> subtasks) {
      JsonObject plan = new JsonObject();
      plan.addProperty("task_id", taskId);
      plan.addProperty("planner", planner);
      plan.add("subtasks", Json.gson().toJsonTree(subtasks));
      sse.offer("plan", Json.write(plan));
    }

    @Override
    public void subtask(SubtaskReport report) {
      sse.offer("subtask", Json.write(report));
    }

    @Override
    public boolean cancelled() {
      return sse.gone();
    }
  }
}
