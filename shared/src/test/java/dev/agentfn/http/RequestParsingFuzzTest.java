package dev.agentfn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.api.Json;
import dev.agentfn.config.Config;
import dev.agentfn.runtime.AgentRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz tests of request parsing (Jazzer). {@code ./mvnw verify} replays the committed inputs under
 * {@code src/test/resources/dev/agentfn/http/RequestParsingFuzzTestInputs/} (regression mode);
 * {@code JAZZER_FUZZ=1} with {@code -Dtest=RequestParsingFuzzTest} fuzzes for new ones.
 * The calculator has its own fuzz test, {@code dev.agentfn.calculator.CalculatorFuzzTest}.
 */
class RequestParsingFuzzTest {
  private static final List<HttpService> SERVICES;

  static {
    AgentRuntime runtime = new AgentRuntime(Config.fromEnv(Map.of("RATE_LIMIT_PER_MINUTE", "0")), Clock.systemUTC());
    SERVICES = List.of(runtime.chatHttp(), runtime.batchHttp(), runtime.healthHttp());
  }

  /** Any bytes as a /chat body: a valid request or invalid_argument, nothing else. */
  @FuzzTest(maxDuration = "30s")
  void chatBodyParsesOrIsInvalidArgument(byte[] body) {
    try {
      ChatRequest request = ChatRequest.fromJson(Json.parseObject(body), "");
      assertTrue(!request.query().isEmpty() && request.query().length() <= 2 * ChatRequest.MAX_QUERY_CHARS);
    } catch (ApiException e) {
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
    }
  }

  /** Any method, path, headers and body through the whole pipeline: never a 5xx, always the contract's shape. */
  @FuzzTest(maxDuration = "30s")
  void pipelineNeverAnswers5xx(FuzzedDataProvider data) {
    HttpService service = SERVICES.get(data.consumeInt(0, SERVICES.size() - 1));
    String method = data.pickValue(new String[] {"GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"});
    String path = data.consumeString(64);
    Map<String, String> headers = new HashMap<>();
    headers.put("Content-Type", data.pickValue(new String[] {"application/json", "application/json; charset=utf-8",
        "text/plain", "", "application/problem+json", data.consumeString(40)}));
    if (data.consumeBoolean()) {
      headers.put("Accept", data.consumeString(40));
    }
    if (data.consumeBoolean()) {
      headers.put("X-Request-Id", data.consumeString(40));
    }
    byte[] body = data.consumeRemainingAsBytes();
    ApiResponse response = service.handle(new SimpleExchange(method, path, headers, Map.of(), body));
    assertTrue(response.status() < 500, () -> "status " + response.status() + " for " + method + " " + path);
    if (response.status() >= 400) {
      JsonObject error = JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8))
          .getAsJsonObject().getAsJsonObject("error");
      assertTrue(error.has("code") && error.has("message") && error.has("request_id"));
    }
  }
}
