package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real responses of the local gateway under the invoker, validated against openapi.json. To cover
 * another endpoint, send it a request here and call {@code contract.assertMatches(...)}.
 */
class ContractIT {
  private static final OpenApiContract contract = new OpenApiContract();
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    // A budget that fits the fast model's worst case (65,536 output tokens: $0.098) but not the strong one's ($0.59).
    gateway = Gateway.start(Map.of("CACHE_FIRESTORE", "off", "API_KEYS",
        "contract-key-0123456,limited-key-0123456,openai-key-0123456789,openai-limited-key-0123",
        "RATE_LIMIT_PER_MINUTE", "20", "BUDGET_USD", "0.50"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void chatAnswersFreshAndCachedMatchTheDocument() throws Exception {
    Map<String, String> auth = Map.of("X-API-Key", "contract-key-0123456");
    String body = "{\"query\": \"What is the CAP theorem?\", \"task_type\": \"simple\", \"temperature\": 0.2}";
    contract.assertMatches("POST", "/chat", gateway.postJson("/chat", body, auth));
    HttpResponse<String> cached = gateway.postJson("/chat", body, auth);
    contract.assertMatches("POST", "/chat", cached);
    assertEquals(200, cached.statusCode());
  }

  @Test
  void healthFunctionResponsesMatchTheDocument() throws Exception {
    Map<String, String> auth = Map.of("Authorization", "Bearer contract-key-0123456");
    contract.assertMatches("POST", "/chat", gateway.postJson("/chat", "{\"query\": \"q\"}", Map.of("X-API-Key", "wrong")));
    contract.assertMatches("GET", "/health", gateway.get("/health", Map.of()));
    contract.assertMatches("GET", "/health", gateway.get("/health?deep=false", Map.of()));
    for (String path : new String[] {"/models", "/stats", "/cache/stats"}) {
      contract.assertMatches("GET", path, gateway.get(path, auth));
    }
  }

  @Test
  void batchMultiAgentAndA2aResponsesMatchTheDocument() throws Exception {
    Map<String, String> auth = Map.of("X-API-Key", "contract-key-0123456");
    contract.assertMatches("POST", "/chat/batch", gateway.postJson("/chat/batch",
        "{\"queries\": [\"q1\", {\"query\": \"q2\", \"task_type\": \"complex\"}, {\"query\": 7}]}", auth));
    contract.assertMatches("POST", "/chat/multi-agent", gateway.postJson("/chat/multi-agent",
        "{\"task\": \"calculate 25*4\", \"max_subtasks\": 4}", auth));
    contract.assertMatches("GET", "/.well-known/agent-card.json", gateway.get("/.well-known/agent-card.json", auth));
    contract.assertMatches("POST", "/a2a", gateway.postJson("/a2a",
        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ListTasks\", \"params\": {}}", auth));
  }

  @Test
  void errorResponsesMatchTheDocument() throws Exception {
    Map<String, String> auth = Map.of("X-API-Key", "contract-key-0123456");
    contract.assertMatches("GET", "/no/such/path", gateway.get("/no/such/path", auth));
    contract.assertMatches("GET", "/chat", gateway.get("/chat", auth));
    contract.assertMatches("POST", "/chat", gateway.postJson("/chat", "{\"query\": 1}", auth));
    contract.assertMatches("POST", "/chat", gateway.send("POST", "/chat", Map.of("Content-Type", "text/plain"), new byte[1]));
    contract.assertMatches("POST", "/chat/batch", gateway.postJson("/chat/batch", "{}", Map.of()));
    HttpResponse<String> overBudget = gateway.postJson("/chat", "{\"query\": \"q\", \"model\": \"gemini-3.5-flash\"}", auth);
    contract.assertMatches("POST", "/chat", overBudget);
    assertEquals(402, overBudget.statusCode());
    HttpResponse<String> limited;
    do {
      limited = gateway.get("/models", Map.of("X-API-Key", "limited-key-0123456"));
    } while (limited.statusCode() == 200);
    contract.assertMatches("GET", "/models", limited);
    assertEquals(429, limited.statusCode());
  }

  @Test
  void openAiCompatibleResponsesAndErrorsMatchTheDocument() throws Exception {
    Map<String, String> auth = Map.of("Authorization", "Bearer openai-key-0123456789");
    String body = "{\"model\": \"auto\", \"messages\": [{\"role\": \"system\", \"content\": \"Be terse.\"}, "
        + "{\"role\": \"user\", \"content\": \"What is the CAP theorem?\"}]}";
    contract.assertMatches("POST", "/v1/chat/completions", gateway.postJson("/v1/chat/completions", body, auth));
    HttpResponse<String> cached = gateway.postJson("/v1/chat/completions", body, auth);
    contract.assertMatches("POST", "/v1/chat/completions", cached);
    assertEquals(200, cached.statusCode());
    contract.assertMatches("GET", "/v1/models", gateway.get("/v1/models", auth));
    contract.assertMatches("POST", "/v1/chat/completions", gateway.postJson("/v1/chat/completions", body,
        Map.of("Authorization", "Bearer wrong")));
    contract.assertMatches("POST", "/v1/chat/completions", gateway.postJson("/v1/chat/completions",
        body.replace("auto", "gpt-4o"), auth));
    contract.assertMatches("POST", "/v1/chat/completions", gateway.postJson("/v1/chat/completions",
        "{\"model\": \"auto\", \"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}", auth));
    contract.assertMatches("GET", "/v1/chat/completions", gateway.get("/v1/chat/completions", auth));
    HttpResponse<String> limited;
    do {
      limited = gateway.get("/v1/models", Map.of("Authorization", "Bearer openai-limited-key-0123"));
    } while (limited.statusCode() == 200);
    contract.assertMatches("GET", "/v1/models", limited);
    assertEquals(429, limited.statusCode());
  }

  @Test
  void theOracleRejectsADriftedBody() {
    assertThrows(AssertionError.class, () -> contract.assertMatchesSchema("ChatResponse",
        "{\"answer\": \"a\", \"model\": \"m\"}"));
    assertThrows(AssertionError.class, () -> contract.assertMatchesSchema("Error",
        "{\"error\": {\"code\": \"teapot\", \"message\": \"m\", \"request_id\": \"r\"}}"));
    assertThrows(AssertionError.class, () -> contract.assertMatchesSchema("OpenAiError",
        "{\"error\": {\"code\": \"unauthenticated\", \"message\": \"m\", \"request_id\": \"r\"}}"));
  }
}
