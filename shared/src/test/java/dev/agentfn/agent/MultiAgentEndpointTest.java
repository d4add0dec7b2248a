package dev.agentfn.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.model.Usage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiAgentEndpointTest {
  private static final CallContext CONTEXT = new CallContext("req-9", "caller", Instant.now().plusSeconds(60));
  private final List<Integer> maxSeen = new ArrayList<>();
  private final MultiAgentEndpoint endpoint = new MultiAgentEndpoint(() -> (taskId, task, max, context, progress) -> {
    maxSeen.add(max);
    JsonObject args = new JsonObject();
    args.addProperty("expression", "25*4");
    return new MultiAgentResult(taskId, "completed", List.of(new SubtaskReport("s1", "calc", "calculate", args,
        List.of(), "completed", "100", null, 3)), 1, "25*4 = 100", "rules", null, "offline", 5, Usage.of(1, 2), 0.5,
        context.requestId());
  });

  private ApiResponse post(String body) {
    return endpoint.handle(ApiRequest.of("POST", "/chat/multi-agent", body.getBytes(StandardCharsets.UTF_8), CONTEXT));
  }

  @Test
  void answersWithTheContractsSnakeCaseShape() {
    ApiResponse response = post("{\"task\": \"25×4\"}");

    assertEquals(200, response.status());
    JsonObject body = JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8)).getAsJsonObject();
    assertEquals("completed", body.get("status").getAsString());
    assertEquals(1, body.get("subtasks_count").getAsInt());
    assertEquals("rules", body.get("planner").getAsString());
    assertEquals("offline", body.get("executor_model").getAsString());
    assertEquals(3, body.get("usage").getAsJsonObject().get("total_tokens").getAsInt());
    assertEquals("req-9", body.get("request_id").getAsString());
    JsonObject row = body.getAsJsonArray("subtasks").get(0).getAsJsonObject();
    assertEquals("25*4", row.getAsJsonObject("args").get("expression").getAsString());
    assertEquals(0, row.getAsJsonArray("depends_on").size());
    assertEquals(3, row.get("latency_ms").getAsInt());
    assertEquals(true, row.get("error").isJsonNull());
    assertEquals(List.of(MultiAgentEndpoint.DEFAULT_SUBTASKS), maxSeen);
  }

  @Test
  void streamingSendsThePlanEverySubtaskChangeAndDoneLast() throws Exception {
    MultiAgentEndpoint streaming = new MultiAgentEndpoint(() -> (taskId, task, max, context, progress) -> {
      SubtaskReport pending = new SubtaskReport("s1", "calc", "calculate", new JsonObject(), List.of(), "pending", null,
          null, 0);
      progress.planned("rules", List.of(pending));
      progress.subtask(new SubtaskReport("s1", "calc", "calculate", new JsonObject(), List.of(), "running", null, null, 0));
      progress.subtask(new SubtaskReport("s1", "calc", "calculate", new JsonObject(), List.of(), "completed", "100",
          null, 3));
      return new MultiAgentResult(taskId, "completed", List.of(), 1, "100", "rules", null, "offline", 5, Usage.ZERO, 0,
          context.requestId());
    });
    ApiResponse response = streaming.handle(ApiRequest.of("POST", "/chat/multi-agent",
        "{\"task\": \"25×4\", \"stream\": true}".getBytes(StandardCharsets.UTF_8), CONTEXT));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    response.writeBody(out);

    assertEquals("text/event-stream; charset=utf-8", response.contentType());
    List<String> events = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("event: ")).toList();
    assertEquals(List.of("event: plan", "event: subtask", "event: subtask", "event: done"), events);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"status\":\"completed\",\"result\":\"100\""), out.toString());
  }

  @Test
  void aStreamingClientThatGoesAwayCancelsItsTask() throws Exception {
    List<Boolean> cancelled = new ArrayList<>();
    ApiResponse response = new MultiAgentEndpoint(() -> (taskId, task, max, context, progress) -> {
      cancelled.add(progress.cancelled());
      progress.planned("rules", List.of());
      cancelled.add(progress.cancelled());
      throw ApiException.deadlineExceeded("stopped");
    }).handle(ApiRequest.of("POST", "/chat/multi-agent", "{\"task\": \"x\", \"stream\": true}"
        .getBytes(StandardCharsets.UTF_8), CONTEXT));

    response.writeBody(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("the client went away");
      }
    });

    assertEquals(List.of(false, true), cancelled);
  }

  @Test
  void badRequestsAreInvalidArgument() {
    for (String body : List.of("{}", "{\"task\": \"  \"}", "{\"task\": 5}", "{\"task\": \"" + "x".repeat(8_001) + "\"}",
        "{\"task\": \"x\", \"max_subtasks\": 0}", "{\"task\": \"x\", \"max_subtasks\": 17}",
        "{\"task\": \"x\", \"max_subtasks\": 2.5}", "[1]")) {
      ApiException error = assertThrows(ApiException.class, () -> post(body), body);
      assertEquals(ErrorCode.INVALID_ARGUMENT, error.code(), body);
    }
    assertEquals(List.of(), maxSeen);
  }

  @Test
  void maxSubtasksIsPassedOn() {
    post("{\"task\": \"x\", \"max_subtasks\": 16}");
    assertEquals(List.of(16), maxSeen);
  }
}
