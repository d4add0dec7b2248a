package dev.agentfn.a2a;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.agentfn.testing.A2aJsonRpc.errorCode;
import static dev.agentfn.testing.A2aJsonRpc.state;
import static dev.agentfn.testing.A2aJsonRpc.legacySendParams;
import static dev.agentfn.testing.A2aJsonRpc.params;
import static dev.agentfn.testing.A2aJsonRpc.request;
import static dev.agentfn.testing.A2aJsonRpc.sendParams;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.tool.CalculateTool;
import dev.agentfn.tool.ToolRegistry;
import dev.agentfn.api.ApiException;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Endpoint;
import dev.agentfn.http.Guard;
import dev.agentfn.http.HttpService;
import dev.agentfn.http.SimpleExchange;
import dev.agentfn.stats.UsageStats;
import dev.agentfn.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class A2aEndpointTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final FakeTaskRunner runner = new FakeTaskRunner();
  private final TaskStore store = TaskStore.inMemory(100, clock);
  private final A2aService service = new A2aService(() -> runner, store, clock);
  private final HttpService http = new HttpService("multi-agent", List.of(
      Endpoint.get(AgentCardEndpoint.PATH, new AgentCardEndpoint("1.2.3", () -> new ToolRegistry(
          List.of(new CalculateTool())).withRemote(() -> {
            throw new AssertionError("serving the card must not ask for remote agents (they may be calling us)");
          }))),
      Endpoint.post(AgentCardEndpoint.RPC_PATH, new A2aEndpoint(() -> service))),
      null, Guard.open(), 1 << 20, Duration.ofSeconds(30), new UsageStats(), clock);

  // ---- agent card

  @Test
  void agentCardDescribesTheAgentAndPointsAtA2aOnTheHostTheRequestReached() {
    JsonObject card = card(Map.of("Host", "agents.example:8443"), "/.well-known/agent-card.json");
    assertEquals("agentfn multi-agent", card.get("name").getAsString());
    assertEquals("1.2.3", card.get("version").getAsString());
    assertTrue(card.getAsJsonObject("capabilities").get("streaming").getAsBoolean());
    assertEquals("text/plain", card.getAsJsonArray("defaultInputModes").get(0).getAsString());
    assertTrue(card.getAsJsonArray("defaultOutputModes").size() >= 1);
    JsonObject skill = card.getAsJsonArray("skills").get(0).getAsJsonObject();
    assertEquals("multi-step-task", skill.get("id").getAsString());
    assertEquals("[\"planning\",\"calculate\"]", skill.getAsJsonArray("tags").toString());
    JsonObject tool = card.getAsJsonArray("skills").get(1).getAsJsonObject();
    assertEquals("calculate", tool.get("id").getAsString());
    assertEquals(new CalculateTool().description(), tool.get("description").getAsString());
    assertEquals(2, card.getAsJsonArray("skills").size());
    JsonArray interfaces = card.getAsJsonArray("supportedInterfaces");
    assertEquals(1, interfaces.size());
    JsonObject rpc = interfaces.get(0).getAsJsonObject();
    assertEquals("JSONRPC", rpc.get("protocolBinding").getAsString());
    assertEquals("1.0", rpc.get("protocolVersion").getAsString());
    assertEquals("http://agents.example:8443/a2a", rpc.get("url").getAsString());
  }

  @Test
  void agentCardUrlFollowsForwardedHeadersAndKeepsThePathPrefix() {
    JsonObject card = card(Map.of("Host", "10.0.0.7:8080", "X-Forwarded-Proto", "https, http",
        "X-Forwarded-Host", "api.example.com"), "/prod/agent/.well-known/agent-card.json/");
    assertEquals("https://api.example.com/prod/agent/a2a",
        card.getAsJsonArray("supportedInterfaces").get(0).getAsJsonObject().get("url").getAsString());
  }

  @Test
  void agentCardIgnoresForwardedValuesThatAreNotAHostOrScheme() {
    JsonObject card = card(Map.of("Host", "good.example", "X-Forwarded-Proto", "javascript",
        "X-Forwarded-Host", "evil.example/path?x"), "/.well-known/agent-card.json");
    assertEquals("http://good.example/a2a",
        card.getAsJsonArray("supportedInterfaces").get(0).getAsJsonObject().get("url").getAsString());
  }

  // ---- SendMessage, GetTask, ListTasks

  @Test
  void sendMessageRunsTheTaskToCompletionWithAnswerAndSubtaskArtifacts() {
    JsonObject response = rpc("1.0", "SendMessage", sendParams("计算 25×4"), 7);
    assertEquals(7, response.get("id").getAsInt());
    assertEquals("2.0", response.get("jsonrpc").getAsString());
    JsonObject task = response.getAsJsonObject("result").getAsJsonObject("task");
    assertEquals("TASK_STATE_COMPLETED", state(task));
    assertTrue(task.getAsJsonObject("status").get("timestamp").getAsString().matches(
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    assertEquals(List.of("计算 25×4"), runner.tasks);
    JsonArray artifacts = task.getAsJsonArray("artifacts");
    assertEquals("answer to: 计算 25×4", artifacts.get(0).getAsJsonObject().getAsJsonArray("parts").get(0)
        .getAsJsonObject().get("text").getAsString());
    JsonObject data = artifacts.get(1).getAsJsonObject().getAsJsonArray("parts").get(0).getAsJsonObject()
        .getAsJsonObject("data");
    JsonObject row = data.getAsJsonArray("subtasks").get(0).getAsJsonObject();
    assertEquals("calculate", row.get("tool").getAsString());
    assertEquals("100", row.get("result").getAsString());
    assertTrue(row.has("depends_on"), "subtask rows keep the snake_case shape of /chat/multi-agent");
    assertEquals("completed", data.get("status").getAsString());
    JsonObject sent = task.getAsJsonArray("history").get(0).getAsJsonObject();
    assertEquals("ROLE_USER", sent.get("role").getAsString());
    assertEquals(task.get("id").getAsString(), sent.get("taskId").getAsString());
    assertEquals(task.get("contextId").getAsString(), sent.get("contextId").getAsString());

    JsonObject got = rpc("1.0", "GetTask", params("id", task.get("id").getAsString()), "g").getAsJsonObject("result");
    assertEquals(task, got);
  }

  @Test
  void sendMessageKeepsTheCallersContextIdAndHonoursHistoryLength() {
    JsonObject params = sendParams("hello");
    params.getAsJsonObject("message").addProperty("contextId", "ctx-1");
    JsonObject configuration = new JsonObject();
    configuration.addProperty("historyLength", 0);
    params.add("configuration", configuration);
    JsonObject task = rpc("1.0", "SendMessage", params, 1).getAsJsonObject("result").getAsJsonObject("task");
    assertEquals("ctx-1", task.get("contextId").getAsString());
    assertFalse(task.has("history"));
  }

  @Test
  void aRunWhoseSubtasksAllFailedIsAFailedTask() {
    runner.behaviour = run -> FakeTaskRunner.result(run, "failed", null);
    JsonObject task = rpc("1.0", "SendMessage", sendParams("x"), 1).getAsJsonObject("result").getAsJsonObject("task");
    assertEquals("TASK_STATE_FAILED", state(task));
    assertEquals(1, task.getAsJsonArray("artifacts").size(), "no answer artifact, the subtask table stays");
  }

  @Test
  void aRunThatMissesItsDeadlineIsAFailedTaskWithTheReason() {
    runner.behaviour = run -> {
      throw ApiException.deadlineExceeded("the task did not finish within its deadline");
    };
    JsonObject task = rpc("1.0", "SendMessage", sendParams("x"), 1).getAsJsonObject("result").getAsJsonObject("task");
    assertEquals("TASK_STATE_FAILED", state(task));
    String reason = task.getAsJsonObject("status").getAsJsonObject("message").getAsJsonArray("parts").get(0)
        .getAsJsonObject().get("text").getAsString();
    assertTrue(reason.contains("deadline"), reason);
  }

  @Test
  void anUnexpectedRunnerFailureIsAFailedTaskThatHidesTheInternals() {
    runner.behaviour = run -> {
      throw new IllegalStateException("secret internals");
    };
    JsonObject task = rpc("1.0", "SendMessage", sendParams("x"), 1).getAsJsonObject("result").getAsJsonObject("task");
    assertEquals("TASK_STATE_FAILED", state(task));
    assertFalse(task.toString().contains("secret"));
  }

  @Test
  void listTasksPagesNewestFirstAndOmitsArtifactsUnlessAsked() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(rpc("1.0", "SendMessage", sendParams("task " + i), i).getAsJsonObject("result")
          .getAsJsonObject("task").get("id").getAsString());
      clock.advance(Duration.ofSeconds(1));
    }
    JsonObject params = new JsonObject();
    params.addProperty("pageSize", 2);
    JsonObject first = rpc("1.0", "ListTasks", params, 1).getAsJsonObject("result");
    assertEquals(3, first.get("totalSize").getAsInt());
    assertEquals(2, first.get("pageSize").getAsInt());
    assertEquals(List.of(ids.get(2), ids.get(1)), taskIds(first));
    assertFalse(first.getAsJsonArray("tasks").get(0).getAsJsonObject().has("artifacts"));
    String token = first.get("nextPageToken").getAsString();
    assertFalse(token.isEmpty());

    params.addProperty("pageToken", token);
    params.addProperty("includeArtifacts", true);
    JsonObject second = rpc("1.0", "ListTasks", params, 2).getAsJsonObject("result");
    assertEquals(List.of(ids.get(0)), taskIds(second));
    assertEquals("", second.get("nextPageToken").getAsString());
    assertTrue(second.getAsJsonArray("tasks").get(0).getAsJsonObject().has("artifacts"));
  }

  @Test
  void listTasksFiltersByStateAndContext() {
    rpc("1.0", "SendMessage", sendParams("ok"), 1);
    runner.behaviour = run -> FakeTaskRunner.result(run, "failed", null);
    JsonObject failedParams = sendParams("bad");
    failedParams.getAsJsonObject("message").addProperty("contextId", "ctx-f");
    String failed = rpc("1.0", "SendMessage", failedParams, 2).getAsJsonObject("result").getAsJsonObject("task")
        .get("id").getAsString();
    assertEquals(List.of(failed), taskIds(rpc("1.0", "ListTasks", params("status", "TASK_STATE_FAILED"), 3)
        .getAsJsonObject("result")));
    assertEquals(List.of(failed), taskIds(rpc("1.0", "ListTasks", params("contextId", "ctx-f"), 4)
        .getAsJsonObject("result")));
  }

  @Test
  void tasksAreVisibleOnlyToTheCallerThatCreatedThem() {
    String id = rpcAs("ip:203.0.113.1", "1.0", "SendMessage", sendParams("mine"), 1).getAsJsonObject("result")
        .getAsJsonObject("task").get("id").getAsString();
    assertEquals(A2aError.TASK_NOT_FOUND, errorCode(rpcAs("ip:203.0.113.2", "1.0", "GetTask", params("id", id), 2)));
    assertEquals(0, rpcAs("ip:203.0.113.2", "1.0", "ListTasks", new JsonObject(), 3).getAsJsonObject("result")
        .get("totalSize").getAsInt());
    assertEquals(id, rpcAs("ip:203.0.113.1", "1.0", "GetTask", params("id", id), 4).getAsJsonObject("result")
        .get("id").getAsString());
  }

  // ---- CancelTask

  @Test
  void cancelTaskStopsARunningTaskAndAFinishedOneIsNotCancelable() throws Exception {
    FakeTaskRunner.Gate gate = runner.gate();
    CompletableFuture<JsonObject> send = CompletableFuture.supplyAsync(() -> rpc("1.0", "SendMessage",
        sendParams("long"), 1));
    String id = gate.awaitStart();
    assertEquals("TASK_STATE_WORKING", state(rpc("1.0", "GetTask", params("id", id), 2).getAsJsonObject("result")));

    JsonObject canceled = rpc("1.0", "CancelTask", params("id", id), 3).getAsJsonObject("result");
    assertEquals("TASK_STATE_CANCELED", state(canceled));
    gate.release();
    JsonObject task = send.get(10, TimeUnit.SECONDS).getAsJsonObject("result").getAsJsonObject("task");
    assertEquals(Boolean.TRUE, gate.sawCancel());
    assertEquals("TASK_STATE_CANCELED", state(task));
    assertEquals("TASK_STATE_CANCELED", state(rpc("1.0", "GetTask", params("id", id), 4).getAsJsonObject("result")));

    assertEquals(A2aError.TASK_NOT_CANCELABLE, errorCode(rpc("1.0", "CancelTask", params("id", id), 5)));
  }

  @Test
  void theHopCountAnAgentSendsReachesTheTaskAndABadOneIsRefused() {
    List<Integer> hops = new java.util.concurrent.CopyOnWriteArrayList<>();
    runner.behaviour = run -> {
      hops.add(run.context().hops());
      return FakeTaskRunner.completed(run);
    };

    http.handle(post("1.0", request("SendMessage", sendParams("hi"), 1), Map.of(Hops.HEADER, "2")));
    http.handle(post("1.0", request("SendMessage", sendParams("hi"), 2), Map.of()));
    ApiResponse tooDeep = http.handle(post("1.0", request("SendMessage", sendParams("hi"), 3),
        Map.of(Hops.HEADER, Integer.toString(Hops.MAX + 1))));

    assertEquals(List.of(2, 0), hops);
    assertEquals(A2aError.INVALID_PARAMS, errorCode(JsonParser.parseString(new String(tooDeep.body(),
        StandardCharsets.UTF_8)).getAsJsonObject()));
  }

  // ---- SendStreamingMessage

  @Test
  void sendStreamingMessageStreamsTheTaskItsProgressArtifactsAndFinalStatus() throws IOException {
    ApiResponse response = http.handle(post("1.0", request("SendStreamingMessage", sendParams("stream me"), "s-1"),
        Map.of("Accept", "text/event-stream")));
    assertEquals(200, response.status());
    assertTrue(response.contentType().startsWith("text/event-stream"));
    List<JsonObject> events = sseEvents(response);
    for (JsonObject event : events) {
      assertEquals("s-1", event.get("id").getAsString());
    }
    List<JsonObject> results = events.stream().map(e -> e.getAsJsonObject("result")).toList();
    JsonObject task = results.get(0).getAsJsonObject("task");
    assertEquals("TASK_STATE_WORKING", state(task));
    String id = task.get("id").getAsString();
    JsonObject planned = results.get(1).getAsJsonObject("statusUpdate");
    assertEquals(id, planned.get("taskId").getAsString());
    assertTrue(planned.toString().contains("rules planner"), planned.toString());
    assertTrue(results.get(2).getAsJsonObject("statusUpdate").toString().contains("s1 (calculate): completed"));
    JsonObject chunk = results.get(3).getAsJsonObject("artifactUpdate");
    assertEquals("subtasks", chunk.getAsJsonObject("artifact").get("artifactId").getAsString());
    assertFalse(chunk.get("lastChunk").getAsBoolean(), "the finished subtask's row comes as it finishes");
    assertTrue(chunk.toString().contains("\"status\":\"completed\""), chunk.toString());
    assertEquals("final-answer", results.get(4).getAsJsonObject("artifactUpdate").getAsJsonObject("artifact")
        .get("artifactId").getAsString());
    JsonObject whole = results.get(5).getAsJsonObject("artifactUpdate");
    assertEquals("subtasks", whole.getAsJsonObject("artifact").get("artifactId").getAsString());
    assertTrue(whole.get("lastChunk").getAsBoolean());
    JsonObject last = results.get(6).getAsJsonObject("statusUpdate");
    assertEquals("TASK_STATE_COMPLETED", last.getAsJsonObject("status").get("state").getAsString());
    assertEquals(7, results.size());
    assertEquals("TASK_STATE_COMPLETED", state(rpc("1.0", "GetTask", params("id", id), 2).getAsJsonObject("result")));
  }

  @Test
  void sendStreamingMessageWithABadMessageIsAPlainJsonRpcError() {
    JsonObject params = sendParams("x");
    params.getAsJsonObject("message").remove("messageId");
    assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "SendStreamingMessage", params, 1)));
    assertTrue(runner.tasks.isEmpty());
  }

  // ---- JSON-RPC errors

  @Test
  void malformedJsonIsAParseErrorWithNullId() {
    JsonObject response = parse(http.handle(post("1.0", "{\"jsonrpc\": \"2.0\", \"id\": 1,", Map.of())));
    assertEquals(A2aError.PARSE_ERROR, errorCode(response));
    assertTrue(response.get("id").isJsonNull());
  }

  @Test
  void requestsThatAreNotJsonRpcRequestObjectsAreInvalidRequests() {
    assertEquals(A2aError.INVALID_REQUEST, errorCode(parse(http.handle(post("1.0", "[]", Map.of())))));
    assertEquals(A2aError.INVALID_REQUEST, errorCode(parse(http.handle(post("1.0",
        "{\"jsonrpc\": \"1.0\", \"id\": 1, \"method\": \"GetTask\"}", Map.of())))));
    assertEquals(A2aError.INVALID_REQUEST, errorCode(parse(http.handle(post("1.0",
        "{\"jsonrpc\": \"2.0\", \"id\": true, \"method\": \"GetTask\"}", Map.of())))));
    assertEquals(A2aError.INVALID_REQUEST, errorCode(parse(http.handle(post("1.0",
        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 5}", Map.of())))));
    assertEquals(A2aError.INVALID_REQUEST, errorCode(parse(http.handle(post("1.0",
        "{\"jsonrpc\": \"2.0\", \"method\": \"GetTask\"}", Map.of())))));
  }

  @Test
  void unknownMethodsAreMethodNotFoundAndOptionalFeaturesAreUnsupported() {
    assertEquals(A2aError.METHOD_NOT_FOUND, errorCode(rpc("1.0", "DoSomething", new JsonObject(), 1)));
    assertEquals(A2aError.METHOD_NOT_FOUND, errorCode(rpc("1.0", "message/send", sendParams("x"), 1)));
    assertEquals(A2aError.UNSUPPORTED_OPERATION, errorCode(rpc("1.0", "SubscribeToTask", params("id", "t"), 1)));
    assertEquals(A2aError.PUSH_NOTIFICATION_NOT_SUPPORTED,
        errorCode(rpc("1.0", "CreateTaskPushNotificationConfig", new JsonObject(), 1)));
  }

  @Test
  void badParamsAreInvalidParams() {
    assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "SendMessage", new JsonObject(), 1)));
    assertEquals(A2aError.INVALID_PARAMS, errorCode(parse(http.handle(post("1.0",
        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"GetTask\", \"params\": [1]}", Map.of())))));
    assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "GetTask", new JsonObject(), 1)));
    JsonObject wrongRole = sendParams("x");
    wrongRole.getAsJsonObject("message").addProperty("role", "ROLE_AGENT");
    assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "SendMessage", wrongRole, 1)));
    JsonObject noParts = sendParams("x");
    noParts.getAsJsonObject("message").add("parts", new JsonArray());
    assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "SendMessage", noParts, 1)));
    assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "SendMessage", sendParams("   "), 1)));
    assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "SendMessage", sendParams("x".repeat(8_001)), 1)));
    assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "ListTasks", params("status", "TASK_STATE_RUNNING"),
        1)));
    assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "ListTasks", params("pageToken", "not-ours"), 1)));
    JsonObject hugePage = new JsonObject();
    hugePage.addProperty("pageSize", 101);
    assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "ListTasks", hugePage, 1)));
    assertTrue(runner.tasks.isEmpty());
  }

  @Test
  void idsOutsideTheSafeCharacterSetAreInvalidParams() {
    for (String id : List.of("a/b", "..", "__x__", "a b", "x:final", "é", "a".repeat(129))) {
      assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "GetTask", params("id", id), 1)), id);
      assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "CancelTask", params("id", id), 1)), id);
      JsonObject badMessageId = sendParams("x");
      badMessageId.getAsJsonObject("message").addProperty("messageId", id);
      assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "SendMessage", badMessageId, 1)), id);
      JsonObject badContext = sendParams("x");
      badContext.getAsJsonObject("message").addProperty("contextId", id);
      assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "SendMessage", badContext, 1)), id);
    }
    assertTrue(runner.tasks.isEmpty());
  }

  @Test
  void aStoredMessageKeepsOnlyItsIdsRoleAndTextPartsAndAnOversizedOneIsRefused() {
    JsonObject params = sendParams("calculate 2+2");
    JsonObject message = params.getAsJsonObject("message");
    JsonObject metadata = new JsonObject();
    metadata.addProperty("note", "n".repeat(1000));
    message.add("metadata", metadata);
    message.add("extensions", new JsonArray());
    message.getAsJsonArray("parts").get(0).getAsJsonObject().add("metadata", metadata);
    JsonObject task = rpc("1.0", "SendMessage", params, 1).getAsJsonObject("result").getAsJsonObject("task");
    JsonObject stored = store.find("local", task.get("id").getAsString()).orElseThrow().task().getAsJsonArray("history")
        .get(0).getAsJsonObject();
    assertEquals(java.util.Set.of("messageId", "contextId", "taskId", "role", "parts"), stored.keySet());
    JsonObject part = stored.getAsJsonArray("parts").get(0).getAsJsonObject();
    assertEquals("calculate 2+2", part.get("text").getAsString());
    assertFalse(part.has("metadata"));

    JsonObject huge = sendParams("x");
    metadata.addProperty("note", "n".repeat(A2aService.MAX_MESSAGE_BYTES));
    huge.getAsJsonObject("message").add("metadata", metadata);
    assertEquals(A2aError.INVALID_PARAMS, errorCode(rpc("1.0", "SendMessage", huge, 2)));
  }

  @Test
  void listTasksOmitsHistoryUnlessAskedAndCapsItsAnswerByBytes() {
    for (int i = 0; i < 3; i++) {
      rpc("1.0", "SendMessage", sendParams("history " + i + " " + "h".repeat(7_000)), i);
      clock.advance(Duration.ofSeconds(1));
    }
    JsonObject plain = rpc("1.0", "ListTasks", new JsonObject(), 1).getAsJsonObject("result");
    assertFalse(plain.getAsJsonArray("tasks").get(0).getAsJsonObject().has("history"));
    JsonObject asked = new JsonObject();
    asked.addProperty("historyLength", 1);
    assertEquals(1, rpc("1.0", "ListTasks", asked, 2).getAsJsonObject("result").getAsJsonArray("tasks").get(0)
        .getAsJsonObject().getAsJsonArray("history").size());

    for (int i = 0; i < A2aEndpoint.MAX_LIST_BYTES / 7_000; i++) {
      rpc("1.0", "SendMessage", sendParams("bulk " + i + " " + "b".repeat(7_000)), i);
    }
    JsonObject params = new JsonObject();
    params.addProperty("historyLength", 1);
    params.addProperty("pageSize", 100);
    JsonObject page = rpc("1.0", "ListTasks", params, 3).getAsJsonObject("result");
    int shown = page.getAsJsonArray("tasks").size();
    assertTrue(shown < page.get("totalSize").getAsInt(), "cut short by bytes: " + shown);
    assertTrue(page.toString().getBytes(StandardCharsets.UTF_8).length <= A2aEndpoint.MAX_LIST_BYTES + 1024);
    params.addProperty("pageToken", page.get("nextPageToken").getAsString());
    JsonObject rest = rpc("1.0", "ListTasks", params, 4).getAsJsonObject("result");
    java.util.Set<String> all = new java.util.HashSet<>(taskIds(page));
    all.addAll(taskIds(rest));
    assertEquals(shown + rest.getAsJsonArray("tasks").size(), all.size(), "the next page goes on where it stopped");
  }

  @Test
  void filePartsAreAContentTypeThisAgentDoesNotRead() {
    JsonObject params = sendParams("x");
    JsonObject file = new JsonObject();
    file.addProperty("url", "https://example.com/report.pdf");
    params.getAsJsonObject("message").getAsJsonArray("parts").add(file);
    assertEquals(A2aError.CONTENT_TYPE_NOT_SUPPORTED, errorCode(rpc("1.0", "SendMessage", params, 1)));
  }

  @Test
  void unknownTasksAreTaskNotFound() {
    assertEquals(A2aError.TASK_NOT_FOUND, errorCode(rpc("1.0", "GetTask", params("id", "nope"), 1)));
    assertEquals(A2aError.TASK_NOT_FOUND, errorCode(rpc("1.0", "CancelTask", params("id", "nope"), 1)));
    JsonObject followUp = sendParams("more");
    followUp.getAsJsonObject("message").addProperty("taskId", "nope");
    assertEquals(A2aError.TASK_NOT_FOUND, errorCode(rpc("1.0", "SendMessage", followUp, 1)));
  }

  @Test
  void aMessageToAFinishedTaskIsAnUnsupportedOperation() {
    String id = rpc("1.0", "SendMessage", sendParams("first"), 1).getAsJsonObject("result").getAsJsonObject("task")
        .get("id").getAsString();
    JsonObject followUp = sendParams("more");
    followUp.getAsJsonObject("message").addProperty("taskId", id);
    assertEquals(A2aError.UNSUPPORTED_OPERATION, errorCode(rpc("1.0", "SendMessage", followUp, 2)));
  }

  @Test
  void anUnsupportedA2aVersionIsRefused() {
    JsonObject response = rpc("2.1", "GetTask", params("id", "x"), 9);
    assertEquals(A2aError.VERSION_NOT_SUPPORTED, errorCode(response));
    assertEquals(9, response.get("id").getAsInt());
  }

  // ---- A2A 0.3

  @Test
  void legacyMessageSendReturnsA03TaskWithKebabCaseStateAndKindedParts() {
    JsonObject task = rpc("0.3", "message/send", legacySendParams("计算 25×4"), 1).getAsJsonObject("result");
    assertEquals("task", task.get("kind").getAsString());
    assertEquals("completed", task.getAsJsonObject("status").get("state").getAsString());
    JsonArray artifacts = task.getAsJsonArray("artifacts");
    JsonObject answer = artifacts.get(0).getAsJsonObject().getAsJsonArray("parts").get(0).getAsJsonObject();
    assertEquals("text", answer.get("kind").getAsString());
    assertEquals("answer to: 计算 25×4", answer.get("text").getAsString());
    JsonObject data = artifacts.get(1).getAsJsonObject().getAsJsonArray("parts").get(0).getAsJsonObject();
    assertEquals("data", data.get("kind").getAsString());
    assertTrue(data.getAsJsonObject("data").has("subtasks"));
    JsonObject sent = task.getAsJsonArray("history").get(0).getAsJsonObject();
    assertEquals("user", sent.get("role").getAsString());
    assertEquals("message", sent.get("kind").getAsString());

    String id = task.get("id").getAsString();
    JsonObject got = rpc(null, "tasks/get", params("id", id), 2).getAsJsonObject("result");
    assertEquals(task, got);
    assertEquals(A2aError.TASK_NOT_CANCELABLE, errorCode(rpc("0.3", "tasks/cancel", params("id", id), 3)));
    assertEquals(A2aError.TASK_NOT_FOUND, errorCode(rpc("0.3", "tasks/get", params("id", "nope"), 4)));
    assertEquals(A2aError.METHOD_NOT_FOUND, errorCode(rpc("0.3", "SendMessage", sendParams("x"), 5)));
  }

  @Test
  void withoutAVersionHeaderPascalCaseMethodsAreServedAs10() {
    JsonObject response = rpc(null, "SendMessage", sendParams("x"), 1);
    assertEquals("TASK_STATE_COMPLETED", state(response.getAsJsonObject("result").getAsJsonObject("task")));
  }

  // ---- helpers

  private JsonObject card(Map<String, String> headers, String path) {
    ApiResponse response = http.handle(new SimpleExchange("GET", path, headers, Map.of(), new byte[0]));
    assertEquals(200, response.status());
    return parse(response);
  }

  private JsonObject rpc(String version, String method, JsonObject params, Object id) {
    return rpcAs(null, version, method, params, id);
  }

  private JsonObject rpcAs(String caller, String version, String method, JsonObject params, Object id) {
    Map<String, String> headers = new HashMap<>();
    if (caller != null) {
      headers.put("X-Forwarded-For", caller.substring("ip:".length()));
    }
    ApiResponse response = http.handle(post(version, request(method, params, id), headers));
    assertEquals(200, response.status(), "JSON-RPC answers are HTTP 200");
    return parse(response);
  }

  private static SimpleExchange post(String version, String body, Map<String, String> extra) {
    Map<String, String> headers = new HashMap<>(extra);
    headers.put("Content-Type", "application/json");
    if (version != null) {
      headers.put("A2A-Version", version);
    }
    return new SimpleExchange("POST", "/a2a", headers, Map.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject parse(ApiResponse response) {
    return JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static List<JsonObject> sseEvents(ApiResponse response) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    response.writeBody(out);
    List<JsonObject> events = new ArrayList<>();
    for (String frame : out.toString(StandardCharsets.UTF_8).split("\n\n")) {
      StringBuilder data = new StringBuilder();
      for (String line : frame.split("\n")) {
        if (line.startsWith("data: ")) {
          data.append(line.substring("data: ".length()));
        }
      }
      if (data.length() > 0) {
        events.add(JsonParser.parseString(data.toString()).getAsJsonObject());
      }
    }
    return events;
  }



  private static List<String> taskIds(JsonObject listResult) {
    List<String> ids = new ArrayList<>();
    for (JsonElement task : listResult.getAsJsonArray("tasks")) {
      ids.add(task.getAsJsonObject().get("id").getAsString());
    }
    return ids;
  }
}
