package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real responses of the local gateway under the invoker, validated against openapi.json. To cover
 * another endpoint, send it a request here and call {@code contract.assertMatches(...)} with the
 * status the request must get: the body is then checked against that status's schema.
 */
class ContractIT {
  private static final OpenApiContract contract = new OpenApiContract();
  /** The limited key's budget: requests a minute. */
  private static final int LIMIT = 20;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    // A budget that fits the worst case (65,536 output tokens) of the fast and strong models ($0.098, $0.59)
    // but not the pro model's ($0.79): only a request that names the pro model is refused.
    gateway = Gateway.start(Map.of("CACHE_FIRESTORE", "off",
        "API_KEYS", "contract-key-0123456,limited-key-0123456,openai-key-0123456789,openai-limited-key-0123,"
            + "session-key-0123456789,other-session-key-0123",
        "RATE_LIMIT_PER_MINUTE", Integer.toString(LIMIT), "BUDGET_USD", "0.70"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void chatAnswersFreshAndCachedMatchTheDocument() throws Exception {
    Map<String, String> auth = Map.of("X-API-Key", "contract-key-0123456");
    String body = "{\"query\": \"What is the CAP theorem?\", \"task_type\": \"simple\", \"temperature\": 0.2}";
    HttpResponse<String> fresh = gateway.postJson("/chat", body, auth);
    contract.assertMatches("POST", "/chat", 200, fresh);
    HttpResponse<String> cached = gateway.postJson("/chat", body, auth);
    contract.assertMatches("POST", "/chat", 200, cached);

    assertEquals(false, json(fresh).get("cached").getAsBoolean(), fresh.body());
    assertEquals(true, json(cached).get("cached").getAsBoolean(), cached.body());
    assertEquals("l1", json(cached).get("cache_level").getAsString());
    assertEquals(json(fresh).get("answer"), json(cached).get("answer"));
  }

  @Test
  void sessionTurnsAndTheSessionPathsMatchTheDocument() throws Exception {
    Map<String, String> auth = Map.of("X-API-Key", "session-key-0123456789");
    HttpResponse<String> first = gateway.postJson("/chat",
        "{\"query\": \"Plan a trip to Beijing\", \"session_id\": \"contract-trip\"}", auth);
    contract.assertMatches("POST", "/chat", 200, first);
    HttpResponse<String> second = gateway.postJson("/chat",
        "{\"query\": \"And Shanghai?\", \"session_id\": \"contract-trip\"}", auth);
    contract.assertMatches("POST", "/chat", 200, second);
    assertEquals(1, json(first).get("turn").getAsInt(), first.body());
    assertEquals(2, json(second).get("turn").getAsInt(), second.body());
    contract.assertMatches("POST", "/chat", 400,
        gateway.postJson("/chat", "{\"query\": \"q\", \"session_id\": \"a b\"}", auth));
    HttpResponse<String> batch = gateway.postJson("/chat/batch",
        "{\"queries\": [{\"query\": \"q\", \"session_id\": \"contract-trip\"}]}", auth);
    contract.assertMatches("POST", "/chat/batch", 200, batch);
    assertEquals(1, json(batch).get("failed").getAsInt(), batch.body());

    HttpResponse<String> session = gateway.get("/sessions/contract-trip", auth);
    contract.assertMatches("GET", "/sessions/{id}", 200, session);
    assertEquals(2, json(session).getAsJsonArray("turns").size(), session.body());
    contract.assertMatches("GET", "/sessions/{id}", 404,
        gateway.get("/sessions/contract-trip", Map.of("X-API-Key", "other-session-key-0123")));
    contract.assertMatches("GET", "/sessions/{id}", 400, gateway.get("/sessions/bad.id", auth));
    contract.assertMatches("PUT", "/sessions/{id}", 405, gateway.send("PUT", "/sessions/contract-trip", auth, null));
    contract.assertMatches("DELETE", "/sessions/{id}", 204,
        gateway.send("DELETE", "/sessions/contract-trip", auth, null));
    contract.assertMatches("DELETE", "/sessions/{id}", 404,
        gateway.send("DELETE", "/sessions/contract-trip", auth, null));
  }

  @Test
  void healthFunctionResponsesMatchTheDocument() throws Exception {
    Map<String, String> auth = Map.of("Authorization", "Bearer contract-key-0123456");
    contract.assertMatches("POST", "/chat", 401,
        gateway.postJson("/chat", "{\"query\": \"q\"}", Map.of("X-API-Key", "wrong")));
    contract.assertMatches("GET", "/health", 200, gateway.get("/health", Map.of()));
    contract.assertMatches("GET", "/health", 200, gateway.get("/health?deep=false", Map.of()));
    for (String path : new String[] {"/models", "/stats", "/cache/stats"}) {
      contract.assertMatches("GET", path, 200, gateway.get(path, auth));
    }
  }

  @Test
  void batchMultiAgentAndA2aResponsesMatchTheDocument() throws Exception {
    Map<String, String> auth = Map.of("X-API-Key", "contract-key-0123456");
    HttpResponse<String> batch = gateway.postJson("/chat/batch",
        "{\"queries\": [\"q1\", {\"query\": \"q2\", \"task_type\": \"complex\"}, {\"query\": 7}]}", auth);
    contract.assertMatches("POST", "/chat/batch", 200, batch);
    assertEquals(2, json(batch).get("succeeded").getAsInt(), batch.body());
    assertEquals(1, json(batch).get("failed").getAsInt(), batch.body());
    HttpResponse<String> multiAgent = gateway.postJson("/chat/multi-agent",
        "{\"task\": \"calculate 25*4\", \"max_subtasks\": 4}", auth);
    contract.assertMatches("POST", "/chat/multi-agent", 200, multiAgent);
    assertTrue(multiAgent.body().contains("100"), multiAgent.body());
    contract.assertMatches("GET", "/.well-known/agent-card.json", 200, gateway.get("/.well-known/agent-card.json", auth));
    HttpResponse<String> a2a = gateway.postJson("/a2a",
        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"ListTasks\", \"params\": {}}", auth);
    contract.assertMatches("POST", "/a2a", 200, a2a);
    assertTrue(json(a2a).has("result"), a2a.body());
  }

  @Test
  void errorResponsesMatchTheDocument() throws Exception {
    Map<String, String> auth = Map.of("X-API-Key", "contract-key-0123456");
    contract.assertMatches("GET", "/no/such/path", 404, gateway.get("/no/such/path", auth));
    contract.assertMatches("GET", "/chat", 405, gateway.get("/chat", auth));
    contract.assertMatches("POST", "/chat", 400, gateway.postJson("/chat", "{\"query\": 1}", auth));
    contract.assertMatches("POST", "/chat", 415,
        gateway.send("POST", "/chat", Map.of("Content-Type", "text/plain", "X-API-Key", "contract-key-0123456"), new byte[1]));
    contract.assertMatches("POST", "/chat/batch", 401, gateway.postJson("/chat/batch", "{}", Map.of()));
    contract.assertMatches("POST", "/chat", 402,
        gateway.postJson("/chat", "{\"query\": \"q\", \"model\": \"gemini-3.1-pro-preview\"}", auth));
    // LIMIT a minute, and a few more refilled while the test runs: the limit answers within 2 * LIMIT.
    HttpResponse<String> limited = gateway.get("/models", Map.of("X-API-Key", "limited-key-0123456"));
    for (int sent = 1; limited.statusCode() == 200 && sent < 2 * LIMIT; sent++) {
      limited = gateway.get("/models", Map.of("X-API-Key", "limited-key-0123456"));
    }
    contract.assertMatches("GET", "/models", 429, limited);
  }

  @Test
  void openAiCompatibleResponsesAndErrorsMatchTheDocument() throws Exception {
    Map<String, String> auth = Map.of("Authorization", "Bearer openai-key-0123456789");
    String body = "{\"model\": \"auto\", \"messages\": [{\"role\": \"system\", \"content\": \"Be terse.\"}, "
        + "{\"role\": \"user\", \"content\": \"What is the CAP theorem?\"}]}";
    HttpResponse<String> fresh = gateway.postJson("/v1/chat/completions", body, auth);
    contract.assertMatches("POST", "/v1/chat/completions", 200, fresh);
    HttpResponse<String> cached = gateway.postJson("/v1/chat/completions", body, auth);
    contract.assertMatches("POST", "/v1/chat/completions", 200, cached);
    assertEquals(false, json(fresh).getAsJsonObject("agentfn").get("cached").getAsBoolean(), fresh.body());
    assertEquals("l1", json(cached).getAsJsonObject("agentfn").get("cache_level").getAsString(), cached.body());
    contract.assertMatches("GET", "/v1/models", 200, gateway.get("/v1/models", auth));
    contract.assertMatches("POST", "/v1/chat/completions", 401, gateway.postJson("/v1/chat/completions", body,
        Map.of("Authorization", "Bearer wrong")));
    contract.assertMatches("POST", "/v1/chat/completions", 404, gateway.postJson("/v1/chat/completions",
        body.replace("auto", "gpt-4o"), auth));
    contract.assertMatches("POST", "/v1/chat/completions", 400, gateway.postJson("/v1/chat/completions",
        "{\"model\": \"auto\", \"messages\": [{\"role\": \"tool\", \"content\": \"x\"}]}", auth));
    contract.assertMatches("GET", "/v1/chat/completions", 405, gateway.get("/v1/chat/completions", auth));
    HttpResponse<String> limited = gateway.get("/v1/models", Map.of("Authorization", "Bearer openai-limited-key-0123"));
    for (int sent = 1; limited.statusCode() == 200 && sent < 2 * LIMIT; sent++) {
      limited = gateway.get("/v1/models", Map.of("Authorization", "Bearer openai-limited-key-0123"));
    }
    contract.assertMatches("GET", "/v1/models", 429, limited);
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

  private static JsonObject json(HttpResponse<String> response) {
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }
}
