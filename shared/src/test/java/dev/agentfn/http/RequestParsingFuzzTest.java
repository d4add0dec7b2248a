package dev.agentfn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.api.Json;
import dev.agentfn.config.Config;
import dev.agentfn.runtime.AgentRuntime;
import dev.agentfn.testing.FuzzInputs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Fuzz tests of request parsing (Jazzer). {@code ./mvnw verify} replays the committed inputs under
 * {@code src/test/resources/dev/agentfn/http/RequestParsingFuzzTestInputs/} (regression mode);
 * {@code JAZZER_FUZZ=1} with {@code -Dtest=RequestParsingFuzzTest} fuzzes for new ones. Both targets
 * take {@code byte[]}, which Jazzer's JUnit runner passes from a committed file unchanged (a
 * {@code String} parameter would be decoded in the runner's own binary format), and the ordinary
 * tests below check that each committed input reaches the branch it is named for.
 * The calculator has its own fuzz test, {@code dev.agentfn.calculator.CalculatorFuzzTest}.
 */
class RequestParsingFuzzTest {
  private static final int CHAT = 0;
  private static final int BATCH = 1;
  private static final List<HttpService> SERVICES;

  static {
    AgentRuntime runtime = new AgentRuntime(Config.fromEnv(Map.of("RATE_LIMIT_PER_MINUTE", "0")), Clock.systemUTC());
    SERVICES = List.of(runtime.chatHttp(), runtime.batchHttp(), runtime.healthHttp());
  }

  /** Any bytes as a /chat body: a valid request or invalid_argument, nothing else. */
  @FuzzTest(maxDuration = "30s")
  void chatBodyParsesOrIsInvalidArgument(byte[] body) {
    try {
      ChatRequest request = parseChatBody(body);
      assertTrue(!request.query().isEmpty() && request.query().length() <= 2 * ChatRequest.MAX_QUERY_CHARS);
    } catch (ApiException e) {
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
    }
  }

  /**
   * Any request through every function's whole pipeline: never a 5xx, always the contract's shape.
   * The input is read as {@code METHOD PATH}, header lines {@code Name: value}, a blank line and
   * the body ({@link #request}), so a mutation of a committed request stays a request.
   */
  @FuzzTest(maxDuration = "30s")
  void pipelineNeverAnswers5xx(byte[] data) {
    SimpleExchange exchange = request(data);
    for (HttpService service : SERVICES) {
      ApiResponse response = service.handle(exchange);
      assertTrue(response.status() < 500, () -> "status " + response.status() + " for " + exchange.method() + " "
          + exchange.path());
      if (response.status() >= 400) {
        JsonObject error = JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8))
            .getAsJsonObject().getAsJsonObject("error");
        assertTrue(error.has("code") && error.has("message") && error.has("request_id"));
      }
    }
  }

  @Test
  void eachCommittedChatBodyReachesTheBranchItIsNamedFor() {
    // "": the body parses into a request; otherwise the start of the invalid_argument message it gets.
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("valid", ""),
        Map.entry("bom", ""),
        Map.entry("deep_nesting", "malformed JSON: nested deeper than " + Json.MAX_NESTING + " levels"),
        Map.entry("duplicate_keys", "malformed JSON: duplicate key \"query\""),
        Map.entry("empty", "request body is empty; a JSON object is required"),
        Map.entry("encoded_surrogate", "request body is not valid UTF-8"),
        Map.entry("invalid_utf8", "request body is not valid UTF-8"),
        Map.entry("lone_surrogate", "malformed JSON: a string contains an unpaired surrogate (\\ud800)"),
        Map.entry("fraction_int", "max_output_tokens must be a whole number"),
        Map.entry("huge_number", "max_output_tokens must be between 1 and 65536"),
        Map.entry("nan", "malformed JSON: at line 1 column 28"),
        Map.entry("nulls", "query is required"),
        Map.entry("top_level_array", "request body must be a JSON object"),
        Map.entry("trailing", "malformed JSON: at line 1 column 16"),
        Map.entry("wrong_types", "query must be a string")));
    Map<String, byte[]> inputs = FuzzInputs.of(getClass(), "chatBodyParsesOrIsInvalidArgument");
    assertEquals(expected.keySet(), inputs.keySet(), "every committed input has its expected branch here");
    inputs.forEach((name, body) -> {
      String outcome;
      try {
        outcome = parseChatBody(body).query().isEmpty() ? "empty query" : "";
      } catch (ApiException e) {
        outcome = e.code() + ": " + e.getMessage();
      }
      String want = expected.get(name);
      String got = outcome;
      assertTrue(want.isEmpty() ? got.isEmpty() : got.startsWith("INVALID_ARGUMENT: " + want),
          () -> name + ": expected " + (want.isEmpty() ? "a parsed request" : want) + ", got " + got);
    });
  }

  @Test
  void eachCommittedPipelineInputReachesTheBranchItIsNamedFor() {
    record Branch(int service, int status, String bodyPart) {}
    Map<String, Branch> expected = Map.of(
        "json_chat", new Branch(CHAT, 200, "\"answer\":"),
        "batch_body", new Branch(BATCH, 200, "\"succeeded\":2,\"failed\":2"),
        "deep", new Branch(CHAT, 400, "nested deeper than " + Json.MAX_NESTING + " levels"),
        "garbage", new Branch(CHAT, 400, "request body is not valid UTF-8"),
        "wrong_method", new Branch(CHAT, 405, "\"method_not_allowed\""),
        "text_plain", new Branch(BATCH, 415, "Content-Type must be application/json"));
    Map<String, byte[]> inputs = FuzzInputs.of(getClass(), "pipelineNeverAnswers5xx");
    assertEquals(new TreeMap<>(expected).keySet(), inputs.keySet(), "every committed input has its expected branch here");
    inputs.forEach((name, data) -> {
      Branch branch = expected.get(name);
      ApiResponse response = SERVICES.get(branch.service()).handle(request(data));
      String body = new String(response.body(), StandardCharsets.UTF_8);
      assertEquals(branch.status(), response.status(), () -> name + ": " + body);
      assertTrue(body.contains(branch.bodyPart()), () -> name + ": no " + branch.bodyPart() + " in " + body);
    });
  }

  private static ChatRequest parseChatBody(byte[] body) {
    return ChatRequest.fromJson(Json.parseObject(body), "");
  }

  /**
   * The request {@code data} describes: the first line is {@code METHOD PATH}, each further line up
   * to the first blank one a header {@code Name: value}, and the rest the body. Missing parts are
   * empty; bytes that are not UTF-8 in the head are replaced.
   */
  static SimpleExchange request(byte[] data) {
    int split = indexOf(data, new byte[] {'\n', '\n'});
    String head = new String(data, 0, split < 0 ? data.length : split, StandardCharsets.UTF_8);
    byte[] body = split < 0 ? new byte[0] : Arrays.copyOfRange(data, split + 2, data.length);
    String[] lines = head.split("\n", -1);
    String[] requestLine = lines[0].split(" ", 2);
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      String[] header = lines[i].split(":", 2);
      headers.put(header[0].strip(), header.length == 2 ? header[1].strip() : "");
    }
    return new SimpleExchange(requestLine[0], requestLine.length == 2 ? requestLine[1] : "", headers, Map.of(), body);
  }

  private static int indexOf(byte[] data, byte[] needle) {
    for (int i = 0; i + needle.length <= data.length; i++) {
      if (Arrays.equals(data, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
