package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.agentfn.testing.InvokerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A2A over real HTTP: the whole product under the official invoker (offline model, in-memory task
 * store), driven by JSON-RPC requests and by the official A2A JS SDK client.
 */
class A2aIT {
  private static final String TASK = "Calculate (12.5 + 7.5) * 3 and then tell me what 2^10 is";
  private static final Path INTEROP = Path.of("../../tools/a2a-interop");
  private static InvokerProcess invoker;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    invoker = InvokerProcess.start(Path.of("target/invoker"), Path.of("target/deployment/agentfn-local.jar"),
        LocalGateway.class.getName(), Map.of("MODEL_PROVIDER", "offline"));
  }

  @AfterAll
  static void stop() {
    if (invoker != null) {
      invoker.close();
    }
  }

  @Test
  void officialA2aJsClientFetchesTheCardSendsAMessageAndReadsTheCompletedTaskBack() throws Exception {
    assertTrue(Files.isDirectory(INTEROP.resolve("node_modules/@a2a-js/sdk")),
        "the build installs tools/a2a-interop (npm ci) before the integration tests");
    JsonObject summary = NodeScript.summary(INTEROP, "interop.mjs", invoker.baseUri().toString(), TASK);

    JsonObject card = summary.getAsJsonObject("card");
    assertEquals("agentfn multi-agent", card.get("name").getAsString());
    assertEquals("1.0", card.get("protocolVersion").getAsString());
    assertTrue(card.get("streaming").getAsBoolean());
    JsonObject rpc = card.getAsJsonArray("interfaces").get(0).getAsJsonObject();
    assertEquals("JSONRPC", rpc.get("protocolBinding").getAsString());
    assertEquals(invoker.baseUri() + "/a2a", rpc.get("url").getAsString());

    JsonObject sent = summary.getAsJsonObject("sent");
    assertEquals("TASK_STATE_COMPLETED", sent.get("state").getAsString());
    assertTrue(sent.get("answer").getAsString().contains("60"), sent.toString());
    assertTrue(sent.get("answer").getAsString().contains("1024"), sent.toString());
    JsonArray rows = sent.getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("subtasks");
    assertEquals(2, rows.size());

    JsonObject got = summary.getAsJsonObject("got");
    assertEquals(sent.get("id"), got.get("id"));
    assertEquals("TASK_STATE_COMPLETED", got.get("state").getAsString());
    assertEquals(sent.get("answer"), got.get("answer"));

    JsonArray streamed = summary.getAsJsonArray("streamed");
    assertEquals("task", streamed.get(0).getAsJsonObject().get("kind").getAsString());
    JsonObject last = streamed.get(streamed.size() - 1).getAsJsonObject();
    assertEquals("statusUpdate", last.get("kind").getAsString());
    assertEquals("TASK_STATE_COMPLETED", last.get("state").getAsString());
    assertTrue(summary.get("unknownTask").getAsString().contains("TaskNotFound"), summary.toString());
  }

  @Test
  void agentCardNamesTheA2aUrlAsTheCallerReachedIt() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(invoker.baseUri()
            .resolve("/.well-known/agent-card.json"))
        .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "agents.example.com").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    JsonObject card = JsonParser.parseString(response.body()).getAsJsonObject();
    assertEquals("https://agents.example.com/a2a", card.getAsJsonArray("supportedInterfaces").get(0)
        .getAsJsonObject().get("url").getAsString());
  }

  @Test
  void sendMessageGetTaskAndListTasksRoundTripOverHttp() throws Exception {
    JsonObject task = rpc("1.0", "SendMessage", sendParams(TASK), 1).getAsJsonObject("result")
        .getAsJsonObject("task");
    assertEquals("TASK_STATE_COMPLETED", state(task));
    String id = task.get("id").getAsString();
    assertEquals(task, rpc("1.0", "GetTask", params("id", id), 2).getAsJsonObject("result"));
    JsonObject listed = rpc("1.0", "ListTasks", new JsonObject(), 3).getAsJsonObject("result");
    List<String> ids = new ArrayList<>();
    for (JsonElement each : listed.getAsJsonArray("tasks")) {
      ids.add(each.getAsJsonObject().get("id").getAsString());
    }
    assertTrue(ids.contains(id), listed.toString());
    assertEquals(-32002, errorCode(rpc("1.0", "CancelTask", params("id", id), 4)));
  }

  @Test
  void sendStreamingMessageIsServerSentEventsEndingInTheFinalStatus() throws Exception {
    HttpResponse<String> response = post("1.0", request("SendStreamingMessage", sendParams(TASK), "st"));
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<JsonObject> events = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (line.startsWith("data: ")) {
        events.add(JsonParser.parseString(line.substring(6)).getAsJsonObject());
      }
    }
    assertTrue(events.get(0).getAsJsonObject("result").has("task"));
    JsonObject last = events.get(events.size() - 1).getAsJsonObject("result").getAsJsonObject("statusUpdate");
    assertEquals("TASK_STATE_COMPLETED", last.getAsJsonObject("status").get("state").getAsString());
    assertTrue(events.stream().anyMatch(e -> e.getAsJsonObject("result").has("artifactUpdate")));
    long chunks = events.stream().map(e -> e.getAsJsonObject("result").getAsJsonObject("artifactUpdate"))
        .filter(update -> update != null && !update.get("lastChunk").getAsBoolean()).count();
    assertEquals(2, chunks, "one chunk of the subtasks artifact per finished subtask: " + events);
  }

  @Test
  void jsonRpcErrorsOverHttp() throws Exception {
    HttpResponse<String> malformed = post("1.0", "{\"jsonrpc\": \"2.0\", ");
    assertEquals(200, malformed.statusCode());
    JsonObject parseError = JsonParser.parseString(malformed.body()).getAsJsonObject();
    assertEquals(-32700, errorCode(parseError));
    assertTrue(parseError.get("id").isJsonNull());
    assertEquals(-32600, errorCode(parse(post("1.0", "{\"jsonrpc\": \"2.0\", \"id\": 1}"))));
    assertEquals(-32601, errorCode(rpc("1.0", "NoSuchMethod", new JsonObject(), 1)));
    assertEquals(-32602, errorCode(rpc("1.0", "SendMessage", new JsonObject(), 1)));
    assertEquals(-32001, errorCode(rpc("1.0", "GetTask", params("id", "no-such-task"), 1)));
    assertEquals(-32009, errorCode(rpc("9.9", "GetTask", params("id", "x"), 1)));

    HttpResponse<String> notJson = HTTP.send(HttpRequest.newBuilder(invoker.baseUri().resolve("/a2a"))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(415, notJson.statusCode());
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(invoker.baseUri().resolve("/a2a")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode());
  }

  @Test
  void a2a03PeersSendMessagesAndGetTasksWithKebabCaseStates() throws Exception {
    JsonObject task = rpc("0.3", "message/send", legacySendParams(TASK), 1).getAsJsonObject("result");
    assertEquals("task", task.get("kind").getAsString());
    assertEquals("completed", task.getAsJsonObject("status").get("state").getAsString());
    JsonObject got = rpc(null, "tasks/get", params("id", task.get("id").getAsString()), 2).getAsJsonObject("result");
    assertEquals(task, got);
    assertEquals(-32002, errorCode(rpc("0.3", "tasks/cancel", params("id", task.get("id").getAsString()), 3)));
  }

  private static JsonObject rpc(String version, String method, JsonObject params, Object id)
      throws IOException, InterruptedException {
    HttpResponse<String> response = post(version, request(method, params, id));
    assertEquals(200, response.statusCode(), response.body());
    return parse(response);
  }

  private static HttpResponse<String> post(String version, String body) throws IOException, InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(invoker.baseUri().resolve("/a2a"))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (version != null) {
      builder.header("A2A-Version", version);
    }
    return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject parse(HttpResponse<String> response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }


}
