package dev.agentfn.a2a.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentfn.config.Config;
import dev.agentfn.testing.MutableClock;
import dev.agentfn.tool.TaskScope;
import dev.agentfn.tool.Tool;
import dev.agentfn.tool.ToolContext;
import dev.agentfn.tool.ToolOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The A2A client against a scripted A2A server on loopback (the JDK's HTTP server): the card cache
 * (with a fake clock), slugs, guardrails (size cap, redirects, origins, hop limit), remote states and
 * errors as subtask outcomes, and an A2A 0.3 agent.
 */
class RemoteAgentsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
  private final Stub stub = new Stub();

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void theCardIsCachedForItsTtlAndFetchedAgainAfterIt() {
    RemoteAgents agents = agents(stub.url());

    assertEquals(List.of("agent:echo-agent"), names(agents.get()));
    agents.get();
    clock.advance(RemoteAgent.CARD_TTL.minusSeconds(1));
    agents.get();
    assertEquals(1, stub.cards.get());

    clock.advance(Duration.ofSeconds(2));
    assertEquals(List.of("agent:echo-agent"), names(agents.get()));
    assertEquals(2, stub.cards.get());
  }

  @Test
  void aCallThatFailsLikeAMovedAgentMakesTheCardBeFetchedAgain() {
    stub.rpc = request -> new Reply(404, "application/json", "{}");
    RemoteAgents agents = agents(stub.url());
    Tool tool = agents.get().get(0);

    ToolOutcome outcome = tool.run(message("hi"), context(0));

    assertEquals("agent:echo-agent (" + stub.url() + ") answered HTTP 404", failure(outcome));
    agents.get();
    assertEquals(2, stub.cards.get());
  }

  @Test
  void aFailedCardFetchIsRetriedOnlyAfterTheRetryInterval() {
    stub.card = () -> new Reply(503, "application/json", "{}");
    RemoteAgents agents = agents(stub.url());

    assertEquals(List.of(), agents.get());
    agents.get();
    assertEquals(1, stub.cards.get());
    clock.advance(RemoteAgent.CARD_RETRY);
    stub.card = () -> new Reply(200, "application/json", card(stub.url() + "/rpc", true).toString());

    assertEquals(List.of("agent:echo-agent"), names(agents.get()));
    assertEquals(2, stub.cards.get());
  }

  @Test
  void slugsAreTheCardNameLowerCasedWithDashesAndRepeatsAreNumbered() {
    assertEquals("echo-agent", AgentCard.slug("  Echo  Agent! "));
    assertEquals("a2a-v1-0", AgentCard.slug("A2A v1.0"));
    assertEquals("agent", AgentCard.slug("天气"));
    try (Stub second = new Stub()) {
      assertEquals(List.of("agent:echo-agent", "agent:echo-agent-2"), names(agents(stub.url(), second.url()).get()));
    }
  }

  @Test
  void aStreamingAgentsAnswerIsTheResultAndCarriesTheHopCountAndHeader() {
    stub.rpc = request -> new Reply(200, "text/event-stream",
        event("{\"task\": {\"id\": \"t1\", \"contextId\": \"c1\", \"status\": {\"state\": \"TASK_STATE_WORKING\"}}}")
            + event("{\"artifactUpdate\": {\"taskId\": \"t1\", \"artifact\": {\"artifactId\": \"a\", \"parts\": "
                + "[{\"text\": \"hello\"}]}}}")
            + event("{\"artifactUpdate\": {\"taskId\": \"t1\", \"append\": true, \"artifact\": {\"artifactId\": \"a\", "
                + "\"parts\": [{\"text\": \" world\"}]}}}")
            + event("{\"statusUpdate\": {\"taskId\": \"t1\", \"status\": {\"state\": \"TASK_STATE_COMPLETED\"}}}"));
    Tool tool = agents(Map.of("X-Key", "k1"), stub.url()).get().get(0);

    ToolOutcome outcome = tool.run(message("hi"), context(1));

    assertEquals("hello\n world", ((ToolOutcome.Success) outcome).output());
    JsonObject request = stub.requests.get(0);
    assertEquals("SendStreamingMessage", request.get("method").getAsString());
    assertEquals("2", stub.headers.get(0).get("agentfn-hops"));
    assertEquals("k1", stub.headers.get(0).get("x-key"));
    assertEquals("1.0", stub.headers.get(0).get("a2a-version"));
  }

  @Test
  void remoteFailuresBecomeFailedSubtasksWithTheAgentsReason() {
    stub.streaming = false;
    stub.rpc = request -> taskReply("TASK_STATE_FAILED", "the printer is on fire");
    Tool tool = agents(stub.url()).get().get(0);

    assertEquals("agent:echo-agent reports the task failed: the printer is on fire", failure(tool.run(message("x"),
        context(0))));

    stub.rpc = request -> taskReply("TASK_STATE_REJECTED", "not my job");
    assertEquals("agent:echo-agent reports the task rejected: not my job", failure(tool.run(message("x"), context(0))));

    stub.rpc = request -> new Reply(200, "application/json",
        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": -32602, \"message\": \"bad\\u0007 params\"}}");
    assertEquals("agent:echo-agent (" + stub.url() + ") refused the request: bad params (JSON-RPC error -32602)",
        failure(tool.run(message("x"), context(0))));
  }

  @Test
  void anAgentAskingForInputFailsTheStepAndIsAskedToCancel() {
    stub.streaming = false;
    stub.rpc = request -> "CancelTask".equals(request.get("method").getAsString())
        ? taskReply("TASK_STATE_CANCELED", "") : taskReply("TASK_STATE_INPUT_REQUIRED", "which city?");
    Tool tool = agents(stub.url()).get().get(0);

    String error = failure(tool.run(message("weather"), context(0)));

    assertTrue(error.startsWith("agent:echo-agent asks for more input, which a plan step cannot give: which city?"), error);
    assertEquals(List.of("SendMessage", "CancelTask"), stub.methods());
    assertTrue(stub.requests.get(0).getAsJsonObject("params").getAsJsonObject("configuration")
        .get("returnImmediately").getAsBoolean());
  }

  @Test
  void aWorkingTaskIsPolledWithGetTaskUntilItEnds() {
    stub.streaming = false;
    AtomicInteger polls = new AtomicInteger();
    stub.rpc = request -> "SendMessage".equals(request.get("method").getAsString())
        ? taskReply("TASK_STATE_WORKING", "")
        : polls.incrementAndGet() < 2 ? taskReply("TASK_STATE_WORKING", "") : taskReply("TASK_STATE_COMPLETED", "done");

    ToolOutcome outcome = agents(stub.url()).get().get(0).run(message("x"), context(0));

    assertEquals("done", ((ToolOutcome.Success) outcome).output());
    assertEquals(List.of("SendMessage", "GetTask", "GetTask"), stub.methods());
  }

  @Test
  void aTaskAtTheHopLimitCallsNoAgent() {
    String error = failure(agents(stub.url()).get().get(0).run(message("x"), context(3)));

    assertTrue(error.contains("hop limit (3)"), error);
    assertEquals(List.of(), stub.requests);
  }

  @Test
  void anAnswerOverTheSizeCapFailsTheStep() {
    stub.rpc = request -> new Reply(200, "application/json", "{\"x\": \"" + "a".repeat(A2aHttp.MAX_RESPONSE_CHARS) + "\"}");

    String error = failure(agents(stub.url()).get().get(0).run(message("x"), context(0)));

    assertTrue(error.endsWith("answered more than " + A2aHttp.MAX_RESPONSE_CHARS + " characters"), error);
  }

  @Test
  void redirectsAreFollowedWithinTheOriginOnlyAndCardsMustNameTheirOwnOrigin() {
    stub.card = () -> new Reply(302, "/moved-card", "");
    assertEquals(List.of("agent:echo-agent"), names(agents(stub.url()).get()));

    stub.card = () -> new Reply(302, "http://localhost:" + stub.port() + "/moved-card", "");
    assertEquals(List.of(), agents(stub.url()).get(), "localhost is another host than 127.0.0.1");

    stub.card = () -> new Reply(200, "application/json", card("http://localhost:" + stub.port() + "/rpc", true)
        .toString());
    assertEquals(List.of(), agents(stub.url()).get());
  }

  @Test
  void anA2a03AgentIsCalledWithThe03Methods() {
    JsonObject card = new JsonObject();
    card.addProperty("name", "Legacy");
    card.addProperty("url", stub.url() + "/rpc");
    card.addProperty("protocolVersion", "0.3.0");
    stub.card = () -> new Reply(200, "application/json", card.toString());
    stub.rpc = request -> new Reply(200, "application/json", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": "
        + "{\"kind\": \"task\", \"id\": \"t\", \"contextId\": \"c\", \"status\": {\"state\": \"completed\"}, "
        + "\"artifacts\": [{\"artifactId\": \"a\", \"parts\": [{\"kind\": \"text\", \"text\": \"old but gold\"}]}]}}");

    ToolOutcome outcome = agents(stub.url()).get().get(0).run(message("x"), context(0));

    assertEquals("old but gold", ((ToolOutcome.Success) outcome).output());
    assertEquals(List.of("message/send"), stub.methods());
    assertEquals("0.3", stub.headers.get(0).get("a2a-version"));
    JsonObject sent = stub.requests.get(0).getAsJsonObject("params").getAsJsonObject("message");
    assertEquals("user", sent.get("role").getAsString());
  }

  @Test
  void aPrivateCloudFunctionGetsAGoogleIdTokenForItsUrlReusedUntilItNearlyExpires() {
    long exp = clock.instant().plus(Duration.ofHours(1)).getEpochSecond();
    String token = "eyJhbGciOiJSUzI1NiJ9." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("{\"exp\": " + exp + "}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    stub.idToken = token;
    stub.streaming = false;
    stub.rpc = request -> taskReply("TASK_STATE_COMPLETED", "hello");
    RemoteAgents agents = new RemoteAgents(List.of(new Config.RemoteAgent(stub.url(), null, null, true)),
        "127.0.0.1:" + stub.port(), A2aHttp.defaultClient(), clock, Runnable::run);
    Tool tool = agents.get().get(0);

    tool.run(message("x"), context(0));
    clock.advance(Duration.ofMinutes(50));
    tool.run(message("y"), context(0));

    assertEquals("Bearer " + token, stub.headers.get(0).get("authorization"));
    assertEquals(List.of("Google"), stub.metadataFlavors.stream().distinct().toList());
    assertEquals(List.of(stub.url()), stub.audiences.stream().distinct().toList());
    assertEquals(1, stub.audiences.size(), "one token served the card and both calls");
    clock.advance(Duration.ofMinutes(6));
    tool.run(message("z"), context(0));
    assertEquals(2, stub.audiences.size(), "a token five minutes from its end is replaced");
  }

  private RemoteAgents agents(String... urls) {
    return agents(Map.of(), urls);
  }

  private RemoteAgents agents(Map<String, String> header, String... urls) {
    List<Config.RemoteAgent> settings = java.util.Arrays.stream(urls).map(url -> header.isEmpty()
        ? new Config.RemoteAgent(url, null, null, false)
        : new Config.RemoteAgent(url, header.keySet().iterator().next(), header.values().iterator().next(), false))
        .toList();
    return new RemoteAgents(settings, "127.0.0.1:" + stub.port(), A2aHttp.defaultClient(), clock, Runnable::run);
  }

  private ToolContext context(int hops) {
    return new ToolContext(new TaskScope("caller", hops), clock.instant().plusSeconds(20), reply -> {});
  }

  private static JsonObject message(String text) {
    JsonObject args = new JsonObject();
    args.addProperty("message", text);
    return args;
  }

  private static String failure(ToolOutcome outcome) {
    return assertInstanceOf(ToolOutcome.Failure.class, outcome).error();
  }

  private static List<String> names(List<Tool> tools) {
    return tools.stream().map(Tool::name).toList();
  }

  private static String event(String result) {
    return "data: {\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": " + result + "}\n\n";
  }

  private static Reply taskReply(String state, String text) {
    return new Reply(200, "application/json", "{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {\"task\": {\"id\": \"t1\", "
        + "\"contextId\": \"c1\", \"status\": {\"state\": \"" + state + "\", \"message\": {\"role\": \"ROLE_AGENT\", "
        + "\"parts\": [{\"text\": \"" + text + "\"}]}}}}}");
  }

  static JsonObject card(String rpcUrl, boolean streaming) {
    return JsonParser.parseString("{\"name\": \"Echo Agent\", \"description\": \"Echoes.\", \"supportedInterfaces\": "
        + "[{\"url\": \"" + rpcUrl + "\", \"protocolBinding\": \"JSONRPC\", \"protocolVersion\": \"1.0\"}], "
        + "\"capabilities\": {\"streaming\": " + streaming + "}, \"skills\": [{\"name\": \"Echo\", "
        + "\"description\": \"Says it back.\"}]}").getAsJsonObject();
  }

  /** A status, a content type (or, for redirects, the Location) and a body. */
  private record Reply(int status, String type, String body) {}

  /**
   * A scripted A2A agent: its card at the well-known path (the original card also at /moved-card),
   * JSON-RPC at /rpc; and a metadata server's ID token endpoint.
   */
  private static final class Stub implements AutoCloseable {
    private final HttpServer server;
    final AtomicInteger cards = new AtomicInteger();
    final List<JsonObject> requests = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    volatile boolean streaming = true;
    final java.util.function.Supplier<Reply> original = () -> new Reply(200, "application/json",
        RemoteAgentsTest.card(url() + "/rpc", streaming).toString());
    volatile java.util.function.Supplier<Reply> card = original;
    volatile Function<JsonObject, Reply> rpc = request -> new Reply(500, "application/json", "{}");
    volatile String idToken = "none";
    final List<String> audiences = new CopyOnWriteArrayList<>();
    final List<String> metadataFlavors = new CopyOnWriteArrayList<>();

    Stub() {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      server.createContext("/.well-known/agent-card.json", this::serveCard);
      server.createContext("/moved-card", exchange -> send(exchange, original.get()));
      server.createContext("/computeMetadata/v1/instance/service-accounts/default/identity", exchange -> {
        audiences.add(java.net.URLDecoder.decode(exchange.getRequestURI().getRawQuery().replaceFirst("^audience=", ""),
            StandardCharsets.UTF_8));
        metadataFlavors.add(exchange.getRequestHeaders().getFirst("Metadata-Flavor"));
        send(exchange, new Reply(200, "text/plain", idToken));
      });
      server.createContext("/rpc", exchange -> {
        JsonObject request = JsonParser.parseString(new String(exchange.getRequestBody().readAllBytes(),
            StandardCharsets.UTF_8)).getAsJsonObject();
        requests.add(request);
        Map<String, String> seen = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(java.util.Locale.ROOT),
            values.get(0)));
        headers.add(seen);
        send(exchange, rpc.apply(request));
      });
      server.setExecutor(Executors.newCachedThreadPool());
      server.start();
    }

    private void serveCard(HttpExchange exchange) throws IOException {
      cards.incrementAndGet();
      send(exchange, card.get());
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set(reply.status() / 100 == 3 ? "Location" : "Content-Type", reply.type());
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }

    List<String> methods() {
      return requests.stream().map(r -> r.get("method").getAsString()).toList();
    }

    int port() {
      return server.getAddress().getPort();
    }

    String url() {
      return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
