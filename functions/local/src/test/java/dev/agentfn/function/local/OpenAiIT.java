package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.testing.GeminiStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible endpoints over real HTTP, driven by the official {@code openai} JS client
 * (tools/openai-interop): the local gateway under the invoker, the real Gemini SDK answering through
 * the Gemini-protocol stub, API keys on.
 */
class OpenAiIT {
  private static final String KEY = "openai-key-0123456789";
  private static final String FAST = "gemini-3.1-flash-lite";
  private static final Path INTEROP = Path.of("../../tools/openai-interop");

  private static GeminiStub stub;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    stub = GeminiStub.start();
    gateway = Gateway.start(Map.of("GEMINI_API_KEY", "x", "GEMINI_BASE_URL", stub.baseUrl(),
        "CACHE_FIRESTORE", "off", "API_KEYS", KEY));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (stub != null) {
      stub.close();
    }
  }

  @Test
  void officialOpenAiJsClientCompletesStreamsListsModelsAndRaisesItsErrorClasses() throws Exception {
    assertTrue(Files.isDirectory(INTEROP.resolve("node_modules/openai")),
        "the build installs tools/openai-interop (npm ci) before the integration tests");
    stub.enqueue(GeminiStub.text("Rome.").usage(40, 3, 0));
    stub.enqueue(GeminiStub.chunks("1, ", "2, ", "3").usage(5, 6, 1));
    stub.enqueue(GeminiStub.text("Once upon a").finishReason("MAX_TOKENS").usage(9, 5, 0));
    stub.enqueue(GeminiStub.chunks("Once ", "upon a").finishReason("MAX_TOKENS"));
    stub.enqueue(GeminiStub.text("").finishReason("SAFETY"));
    JsonObject summary = NodeScript.summary(INTEROP, "interop.mjs", gateway.baseUri().toString(), KEY);

    List<String> models = strings(summary.getAsJsonArray("models"));
    assertEquals("auto", models.get(0));
    assertEquals(FAST, models.get(1));
    assertTrue(models.contains("gemini-3.5-flash"), models.toString());

    // A multi-message conversation: the system and developer texts become the system instruction,
    // the earlier turns go before the prompt with Gemini's roles.
    JsonObject first = summary.getAsJsonObject("first");
    assertEquals("chat.completion", first.get("object").getAsString());
    assertEquals("Rome.", first.get("content").getAsString());
    assertEquals("assistant", first.get("role").getAsString());
    assertEquals("stop", first.get("finishReason").getAsString());
    assertEquals(FAST, first.get("model").getAsString());
    JsonObject usage = first.getAsJsonObject("usage");
    assertEquals(40, usage.get("prompt_tokens").getAsInt());
    assertEquals(3, usage.get("completion_tokens").getAsInt());
    assertEquals(43, usage.get("total_tokens").getAsInt());
    assertFalse(first.getAsJsonObject("agentfn").get("cached").getAsBoolean());
    JsonObject sent = JsonParser.parseString(stub.requests().get(0).body()).getAsJsonObject();
    assertEquals("You are terse.\n\nAnswer in English.", sent.getAsJsonObject("systemInstruction")
        .getAsJsonArray("parts").get(0).getAsJsonObject().get("text").getAsString());
    List<String> turns = new ArrayList<>();
    for (JsonElement content : sent.getAsJsonArray("contents")) {
      JsonObject turn = content.getAsJsonObject();
      turns.add(turn.get("role").getAsString() + ": "
          + turn.getAsJsonArray("parts").get(0).getAsJsonObject().get("text").getAsString());
    }
    assertEquals(List.of("user: What is the capital of France?", "model: Paris.", "user: And of Italy?"), turns);
    assertEquals(0.2, sent.getAsJsonObject("generationConfig").get("temperature").getAsDouble(), 1e-6);
    assertEquals(200, sent.getAsJsonObject("generationConfig").get("maxOutputTokens").getAsInt());

    // The same conversation again: served from the cache, no second model call for it.
    JsonObject again = summary.getAsJsonObject("again");
    assertEquals("Rome.", again.get("content").getAsString());
    assertEquals("l1", again.getAsJsonObject("agentfn").get("cache_level").getAsString());
    assertEquals(0, again.getAsJsonObject("agentfn").get("cost_usd").getAsDouble());

    // A stream with usage: role first, the deltas, the finish reason, then a usage-only chunk.
    JsonObject streamed = summary.getAsJsonObject("streamed");
    assertEquals("1, 2, 3", streamed.get("content").getAsString());
    JsonArray chunks = streamed.getAsJsonArray("chunks");
    JsonObject head = chunks.get(0).getAsJsonObject();
    assertEquals("chat.completion.chunk", head.get("object").getAsString());
    assertEquals("assistant", head.get("role").getAsString());
    assertEquals(FAST, head.get("model").getAsString());
    JsonObject finish = chunks.get(chunks.size() - 2).getAsJsonObject();
    assertEquals("stop", finish.get("finishReason").getAsString());
    JsonObject tail = chunks.get(chunks.size() - 1).getAsJsonObject();
    assertEquals(0, tail.get("choices").getAsInt());
    assertEquals(5, tail.getAsJsonObject("usage").get("prompt_tokens").getAsInt());
    assertEquals(7, tail.getAsJsonObject("usage").get("completion_tokens").getAsInt());
    assertTrue(stub.requests().get(1).isStream());

    // Answers the model did not finish: a 200 with what came, finish_reason length or content_filter.
    JsonObject cut = summary.getAsJsonObject("cut");
    assertEquals("Once upon a", cut.get("content").getAsString());
    assertEquals("length", cut.get("finishReason").getAsString());
    assertEquals(14, cut.getAsJsonObject("usage").get("total_tokens").getAsInt());
    assertEquals(5, JsonParser.parseString(stub.requests().get(2).body()).getAsJsonObject()
        .getAsJsonObject("generationConfig").get("maxOutputTokens").getAsInt());
    JsonObject cutStreamed = summary.getAsJsonObject("cutStreamed");
    assertEquals("Once upon a", cutStreamed.get("content").getAsString());
    JsonArray cutChunks = cutStreamed.getAsJsonArray("chunks");
    assertEquals("length", cutChunks.get(cutChunks.size() - 1).getAsJsonObject().get("finishReason").getAsString());
    JsonObject filtered = summary.getAsJsonObject("filtered");
    assertEquals("content_filter", filtered.get("finishReason").getAsString());
    assertEquals("", filtered.get("content").getAsString());
    assertEquals(5, stub.generateCalls());

    assertError(summary, "wrongKey", "AuthenticationError", 401, "invalid_api_key", null);
    assertError(summary, "unknownModel", "NotFoundError", 404, "model_not_found", "model");
    assertError(summary, "lastNotUser", "BadRequestError", 400, null, "messages[1].role");
  }

  private static void assertError(JsonObject summary, String name, String raised, int status, String code,
      String param) {
    JsonObject error = summary.getAsJsonObject(name);
    assertEquals(raised, error.get("raised").getAsString(), error.toString());
    assertEquals(status, error.get("status").getAsInt());
    assertEquals(code, error.get("code").isJsonNull() ? null : error.get("code").getAsString());
    assertEquals(param, error.get("param").isJsonNull() ? null : error.get("param").getAsString());
  }

  private static List<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>();
    array.forEach(element -> values.add(element.getAsString()));
    return values;
  }
}
