package dev.agentfn.function.local;

import static dev.agentfn.function.local.Gateway.accessLine;
import static dev.agentfn.function.local.Gateway.requestIdField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The process's output under the invoker: JSON lines for Cloud Logging, with no keys and no prompts. */
class LogLinesIT {
  private static final String KEY = "log-key-very-secret-4711";
  private static final String PROMPT = "my private question about zebras";
  private static final String END_USER = "zebra.keeper@example.com";
  private static final String TRACE = "105445aa7843bc8bf206b12000100000";

  @Test
  void everyLineIsJsonAndTheAccessLineCarriesTheRequestWithoutKeyOrPrompt() throws Exception {
    String output;
    List<JsonObject> lines;
    try (Gateway gateway = Gateway.start(env("false"))) {
      assertEquals(200, gateway.postJson("/chat", "{\"query\": \"" + PROMPT + "\"}", Map.of("X-API-Key", KEY,
          "X-Request-Id", "log-it-1", "X-Cloud-Trace-Context", TRACE + "/1;o=1")).statusCode());
      assertEquals(200, gateway.postJson("/chat", "{\"query\": \"" + PROMPT + "\"}", Map.of("Authorization",
          "Bearer " + KEY, "X-Request-Id", "log-it-2", "traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")).statusCode());
      assertEquals(401, gateway.get("/models", Map.of("X-API-Key", "not-" + KEY, "X-Request-Id", "log-it-3")).statusCode());
      assertEquals(200, gateway.postJson("/v1/chat/completions", "{\"model\": \"auto\", \"user\": \"" + END_USER
          + "\", \"messages\": [{\"role\": \"user\", \"content\": \"" + PROMPT + "\"}]}",
          Map.of("Authorization", "Bearer " + KEY, "X-Request-Id", "log-it-5")).statusCode());
      // The failed stats flush comes after gRPC's Netty has set up its logging (through SLF4J).
      output = gateway.awaitOutput(requestIdField("log-it-1"), requestIdField("log-it-2"),
          requestIdField("log-it-3"), requestIdField("log-it-5"), "global stats: flush to Firestore failed");
      assertFalse(output.contains(KEY), "an API key was logged");
      assertFalse(output.contains(END_USER), "an end user was logged");
      assertFalse(output.contains(PROMPT), "a prompt was logged");
      lines = jsonLines(output);
    }

    assertTrue(lines.stream().anyMatch(l -> l.get("message").getAsString().contains("starting with")), "start line");
    assertTrue(lines.stream().anyMatch(l -> l.get("logger").getAsString().startsWith("com.google.cloud.functions.invoker")),
        "the invoker's own lines come out as JSON too");

    JsonObject fresh = accessLine(output, "log-it-1");
    assertEquals("INFO", fresh.get("severity").getAsString());
    assertEquals("projects/demo-logs/traces/" + TRACE, fresh.get("logging.googleapis.com/trace").getAsString());
    assertEquals("1", fresh.get("logging.googleapis.com/spanId").getAsString());
    assertEquals("chat", fresh.get("function").getAsString());
    assertEquals("/chat", fresh.get("route").getAsString());
    assertEquals("POST", fresh.get("method").getAsString());
    assertEquals(200, fresh.get("status").getAsInt());
    assertTrue(fresh.get("latency_ms").getAsLong() >= 0);
    assertEquals("offline", fresh.get("model").getAsString());
    assertEquals("miss", fresh.get("cache_level").getAsString());
    assertTrue(fresh.get("total_tokens").getAsLong() > 0);
    assertEquals(PROMPT.length(), fresh.get("prompt_chars").getAsInt());
    assertTrue(fresh.get("prompt_sha256").getAsString().matches("[0-9a-f]{12}"));
    assertFalse(fresh.has("prompt"));
    assertTrue(fresh.get("caller").getAsString().matches("key:[0-9a-f]{12}"));

    JsonObject cached = accessLine(output, "log-it-2");
    assertEquals("l1", cached.get("cache_level").getAsString());
    assertEquals("projects/demo-logs/traces/" + TRACE, cached.get("logging.googleapis.com/trace").getAsString());
    assertEquals(fresh.get("prompt_sha256"), cached.get("prompt_sha256"));

    JsonObject openAi = accessLine(output, "log-it-5");
    assertEquals("/v1/chat/completions", openAi.get("route").getAsString());
    assertTrue(openAi.get("end_user_sha256").getAsString().matches("[0-9a-f]{12}"));
    assertEquals(fresh.get("prompt_sha256"), openAi.get("prompt_sha256"));
    assertFalse(fresh.has("end_user_sha256"));

    JsonObject refused = accessLine(output, "log-it-3");
    assertEquals(401, refused.get("status").getAsInt());
    assertEquals("health", refused.get("function").getAsString());
    assertFalse(refused.has("model"));
  }

  @Test
  void promptsAreLoggedOnlyWhenAsked() throws Exception {
    try (Gateway gateway = Gateway.start(env("true"))) {
      gateway.postJson("/chat", "{\"query\": \"" + PROMPT + "\"}", Map.of("X-API-Key", KEY, "X-Request-Id", "log-it-4"));
      JsonObject line = accessLine(gateway.awaitOutput(requestIdField("log-it-4")), "log-it-4");
      assertEquals(PROMPT, line.get("prompt").getAsString());
      assertFalse(gateway.output().contains(KEY));
    }
  }

  @Test
  void streamedResponsesAreLoggedWhenTheyEndWithTheFieldsOfAPlainResponse() throws Exception {
    Map<String, String> env = new HashMap<>(env("false"));
    env.put("OFFLINE_LATENCY_MS", "300");
    String output;
    try (Gateway gateway = Gateway.start(env)) {
      String sse = gateway.postJson("/chat", "{\"query\": \"streamed zebras\", \"stream\": true}",
          Map.of("X-API-Key", KEY, "X-Request-Id", "log-it-5")).body();
      assertTrue(sse.contains("event: done"), sse);
      String ndjson = gateway.postJson("/chat/batch", "{\"queries\": [\"first zebra\", \"second zebra\"]}",
          Map.of("X-API-Key", KEY, "X-Request-Id", "log-it-6", "Accept", "application/x-ndjson")).body();
      assertEquals(3, ndjson.strip().split("\n").length, ndjson);
      // The invoker's Jetty prints SLF4J's plain-text "no providers" warning when it first streams a
      // response (outside the functions' class path): only the requests' own lines are read here.
      output = gateway.awaitOutput(requestIdField("log-it-5"), requestIdField("log-it-6"));
    }

    JsonObject streamed = accessLine(output, "log-it-5");
    assertEquals(200, streamed.get("status").getAsInt());
    assertTrue(streamed.get("streamed").getAsBoolean());
    assertEquals("offline", streamed.get("model").getAsString());
    assertEquals("miss", streamed.get("cache_level").getAsString());
    assertTrue(streamed.get("total_tokens").getAsLong() > 0);
    assertTrue(streamed.get("latency_ms").getAsLong() >= 300, "the whole stream, not its first byte: " + streamed);
    assertTrue(streamed.get("prompt_sha256").getAsString().matches("[0-9a-f]{12}"));

    JsonObject batch = accessLine(output, "log-it-6");
    assertEquals(200, batch.get("status").getAsInt());
    assertEquals("/chat/batch", batch.get("route").getAsString());
    assertEquals("offline", batch.get("model").getAsString());
    assertEquals("miss", batch.get("cache_level").getAsString());
    assertTrue(batch.get("total_tokens").getAsLong() > 0, "the items' usage reaches the line: " + batch);
    assertTrue(batch.get("latency_ms").getAsLong() >= 300, batch.toString());
  }

  /**
   * A project id names the traces; it also switches Firestore on (global stats), so Firestore is
   * pointed at a closed loopback port: nothing leaves the machine, and each stats flush (every
   * second) fails, which brings gRPC and its Netty logging (SLF4J) into every run.
   */
  private static Map<String, String> env(String logPrompts) {
    return Map.of("API_KEYS", KEY, "GOOGLE_CLOUD_PROJECT", "demo-logs", "CACHE_FIRESTORE", "off",
        "FIRESTORE_EMULATOR_HOST", "127.0.0.1:9", "LOG_PROMPTS", logPrompts, "STATS_FLUSH_SECONDS", "1");
  }

  /**
   * Parses every complete line; each must be one JSON object with severity, message and time. The
   * process is still running and its appender writes in batches, so the text after the last newline
   * may be a line still being written: it is left for a later read.
   */
  private static List<JsonObject> jsonLines(String output) {
    List<JsonObject> lines = new ArrayList<>();
    for (String line : output.substring(0, output.lastIndexOf('\n') + 1).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonElement parsed = JsonParser.parseString(line);
      assertTrue(parsed.isJsonObject(), "not a JSON object: " + line);
      JsonObject object = parsed.getAsJsonObject();
      for (String field : List.of("severity", "message", "time")) {
        assertTrue(object.has(field), field + " missing in " + line);
      }
      assertTrue(object.get("time").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z"), line);
      lines.add(object);
    }
    return lines;
  }

}
