package dev.agentfn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.access.Fingerprint;
import dev.agentfn.config.Config;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.HttpService;
import dev.agentfn.http.SimpleExchange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime charges model calls to each key's budget: {@code budget_usd=} from {@code API_KEYS_FILE}
 * over {@code BUDGET_USD}; a key with neither is not limited; {@code /stats} lists the limited keys.
 */
class BudgetWiringTest {
  private static final String CAPPED = "capped-key-0123456789";
  private static final String DEFAULTED = "default-key-0123456789";
  private static final String LISTED = "listed-key-0123456789";

  @TempDir
  Path dir;

  @Test
  void aKeysOwnBudgetOverridesTheDefaultAndKeysWithoutOneAreNotLimited() throws Exception {
    Path keys = Files.writeString(dir.resolve("keys"), CAPPED + "  budget_usd=0\n" + DEFAULTED + "\n");
    AgentRuntime runtime = new AgentRuntime(Config.fromEnv(Map.of("API_KEYS_FILE", keys.toString(),
        "RATE_LIMIT_PER_MINUTE", "0")), Clock.systemUTC());
    HttpService chat = runtime.chatHttp();

    // 65,536 output tokens of the fast model may cost $0.098: more than $0; the other key has no limit.
    assertEquals(402, ask(chat, CAPPED).status());
    assertEquals(200, ask(chat, DEFAULTED).status());

    AgentRuntime withDefault = new AgentRuntime(Config.fromEnv(Map.of("API_KEYS_FILE", keys.toString(),
        "API_KEYS", LISTED, "BUDGET_USD", "0.05", "RATE_LIMIT_PER_MINUTE", "0")), Clock.systemUTC());
    assertEquals(402, ask(withDefault.chatHttp(), DEFAULTED).status());
    assertEquals(402, ask(withDefault.chatHttp(), LISTED).status());
    JsonObject budgets = json(withDefault.healthHttp().handle(new SimpleExchange("GET", "/stats",
        Map.of("X-API-Key", LISTED), Map.of(), new byte[0]))).getAsJsonObject("budgets");
    JsonObject listed = budgets.getAsJsonObject("keys");
    assertEquals(0.0, listed.getAsJsonObject("key:" + Fingerprint.of(CAPPED)).get("limit_usd").getAsDouble());
    assertEquals(0.05, listed.getAsJsonObject("key:" + Fingerprint.of(DEFAULTED)).get("limit_usd").getAsDouble());
    assertTrue(listed.has("key:" + Fingerprint.of(LISTED)));
    assertFalse(budgets.toString().contains(CAPPED));
  }

  private static ApiResponse ask(HttpService chat, String key) {
    return chat.handle(new SimpleExchange("POST", "/chat", Map.of("Content-Type", "application/json",
        "X-API-Key", key), Map.of(), "{\"query\": \"what does it cost?\"}".getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonObject json(ApiResponse response) {
    return JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8)).getAsJsonObject();
  }
}
