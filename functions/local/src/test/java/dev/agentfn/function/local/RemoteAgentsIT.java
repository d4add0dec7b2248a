package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.testing.InvokerProcess;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Remote A2A agents as plan steps, over real HTTP: a gateway (offline provider) whose
 * {@code A2A_AGENTS} name an agent built on the official A2A JS SDK server (streaming, behind a
 * bearer token; and one that does not stream, so it is polled) and a second gateway of our own;
 * and a gateway that names itself, so that a chain of calls loops back to it.
 */
class RemoteAgentsIT {
  private static final String TOKEN = "echo-token-1";
  private static EchoAgent echo;
  private static EchoAgent polled;
  private static Gateway other;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    echo = EchoAgent.start(true, TOKEN);
    polled = EchoAgent.start(false, null);
    other = Gateway.start(Map.of("MODEL_PROVIDER", "offline"));
    gateway = Gateway.start(Map.of("MODEL_PROVIDER", "offline", "MODEL_TIMEOUT_MS", "4000",
        "A2A_AGENTS", echo.baseUrl() + "," + polled.baseUrl() + "/," + other.baseUri(),
        "A2A_AGENT_HEADERS", echo.baseUrl() + "=Authorization: Bearer " + TOKEN));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable each : new AutoCloseable[] {gateway, other, polled, echo}) {
      try {
        if (each != null) {
          each.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
  }

  @Test
  void anAgentOnTheOfficialJsSdkAnswersAPlanStepWithTheConfiguredHeaderAndTheHopCount() throws Exception {
    JsonObject body = run(gateway, "@echo-agent hello there");

    JsonObject step = subtask(body, "agent:echo-agent");
    assertEquals("completed", step.get("status").getAsString(), body.toString());
    assertEquals("echo: hello there", step.get("result").getAsString());
    assertEquals("completed", body.get("status").getAsString());
    JsonObject log = echo.log();
    JsonObject request = last(log, "requests");
    assertTrue(request.get("authorized").getAsBoolean(), log.toString());
    assertEquals("1", request.get("hops").getAsString(), log.toString());
  }

  @Test
  void anAgentThatDoesNotStreamIsPolledUntilItsTaskEnds() throws Exception {
    JsonObject body = run(gateway, "ask echo-agent-2: are you there");

    JsonObject step = subtask(body, "agent:echo-agent-2");
    assertEquals("completed", step.get("status").getAsString(), body.toString());
    assertEquals("echo: are you there", step.get("result").getAsString());
  }

  @Test
  void aSecondGatewayOfOurOwnRunsTheDelegatedTask() throws Exception {
    JsonObject body = run(gateway, "@agentfn-multi-agent calculate 25*4");

    JsonObject step = subtask(body, "agent:agentfn-multi-agent");
    assertEquals("completed", step.get("status").getAsString(), body.toString());
    assertTrue(step.get("result").getAsString().contains("100"), body.toString());
    assertTrue(body.get("final_answer").getAsString().contains("100"), body.toString());
  }

  @Test
  void theStepsOfOneTaskShareOneContextWithAnAgent() throws Exception {
    JsonObject body = run(gateway, "@echo-agent first then @echo-agent second");

    assertEquals("completed", body.get("status").getAsString(), body.toString());
    List<String> contexts = new ArrayList<>();
    for (JsonElement each : echo.log().getAsJsonArray("messages")) {
      String text = each.getAsJsonObject().get("text").getAsString();
      if (text.equals("first") || text.equals("second")) {
        contexts.add(each.getAsJsonObject().get("contextId").getAsString());
      }
    }
    assertEquals(2, contexts.size(), contexts.toString());
    assertEquals(contexts.get(0), contexts.get(1));
  }

  @Test
  void aRemoteTaskThatHangsIsCanceledWhenTheSubtaskTimesOut() throws Exception {
    JsonObject body = run(gateway, "@echo-agent hang on");

    JsonObject step = subtask(body, "agent:echo-agent");
    assertEquals("failed", step.get("status").getAsString(), body.toString());
    String taskId = null;
    for (JsonElement each : echo.log().getAsJsonArray("messages")) {
      if ("hang on".equals(each.getAsJsonObject().get("text").getAsString())) {
        taskId = each.getAsJsonObject().get("taskId").getAsString();
      }
    }
    assertTrue(taskId != null, echo.log().toString());
    assertTrue(step.get("error").getAsString().matches("(agent:echo-agent did not finish in time|timed out).*"),
        body.toString());
    boolean canceled = false;
    for (long end = System.nanoTime() + 10_000_000_000L; !canceled && System.nanoTime() < end; Thread.sleep(50)) {
      canceled = echo.log().getAsJsonArray("canceled").toString().contains(taskId);
    }
    assertTrue(canceled, "the agent got CancelTask for " + taskId + ": " + echo.log());
  }

  @Test
  void aGatewayThatCallsItselfStopsAtTheHopLimit() throws Exception {
    int port = InvokerProcess.freePort();
    try (Gateway loop = Gateway.start(Map.of("MODEL_PROVIDER", "offline",
        "A2A_AGENTS", "http://127.0.0.1:" + port), port)) {
      JsonObject body = run(loop, "@agentfn-multi-agent @agentfn-multi-agent @agentfn-multi-agent "
          + "@agentfn-multi-agent @agentfn-multi-agent 1+1");

      JsonObject step = subtask(body, "agent:agentfn-multi-agent");
      assertEquals("failed", step.get("status").getAsString(), body.toString());
      assertTrue(step.get("error").getAsString().contains("hop limit"), body.toString());
    }
  }

  private static JsonObject run(Gateway target, String task) throws Exception {
    JsonObject request = new JsonObject();
    request.addProperty("task", task);
    HttpResponse<String> response = target.postJson("/chat/multi-agent", request.toString(), Map.of());
    assertEquals(200, response.statusCode(), response.body());
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  private static JsonObject subtask(JsonObject body, String tool) {
    for (JsonElement each : body.getAsJsonArray("subtasks")) {
      if (tool.equals(each.getAsJsonObject().get("tool").getAsString())) {
        return each.getAsJsonObject();
      }
    }
    throw new AssertionError("no " + tool + " subtask in " + body);
  }

  private static JsonObject last(JsonObject log, String list) {
    var items = log.getAsJsonArray(list);
    return items.get(items.size() - 1).getAsJsonObject();
  }
}
