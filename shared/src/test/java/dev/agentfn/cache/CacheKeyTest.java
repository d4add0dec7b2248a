package dev.agentfn.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.chat.ChatService;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.Turn;
import dev.agentfn.model.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Properties of the cache key, over many random requests (seeded, so a failure reproduces). */
class CacheKeyTest {
  private static final Route ROUTE = new Route("gemini-3.1-flash-lite", "test");
  private static final int RUNS = 300;

  static Stream<Long> seeds() {
    return Stream.iterate(1L, s -> s + 1).limit(5);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void reorderingJsonFieldsNeverChangesTheKey(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < RUNS; i++) {
      JsonObject request = randomRequest(random);
      String expected = key(request);

      for (int shuffle = 0; shuffle < 3; shuffle++) {
        assertEquals(expected, key(shuffled(request, random)), request.toString());
      }
    }
  }

  /** Through {@link ChatService#cacheKey}, the key the service really uses: every field that changes the answer counts. */
  @ParameterizedTest
  @MethodSource("seeds")
  void changingAnyParameterChangesTheKey(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < RUNS; i++) {
      JsonObject request = randomRequest(random);
      String query = request.get("query").getAsString();
      ChatRequest parsed = ChatRequest.fromJson(request, "");
      String base = key(request);

      double otherTemperature = parsed.temperature() == null ? 1.0 : (parsed.temperature() + 0.5) % 2.0;
      int otherMax = parsed.maxOutputTokens() == null ? 100 : parsed.maxOutputTokens() % 65_536 + 1;
      List<String> variants = new ArrayList<>(List.of(
          ChatService.cacheKey("offline", parsed, ROUTE, "global"),
          ChatService.cacheKey("gemini", parsed, new Route("gemini-3.5-flash", "test"), "global"),
          ChatService.cacheKey("gemini", parsed, ROUTE, "key:abc123"),
          key(with(request, "temperature", otherTemperature)),
          key(with(request, "max_output_tokens", otherMax)),
          key(with(request, "query", query + "?")),
          key(with(request, "query", query.toUpperCase().equals(query) ? query + "x" : query.toUpperCase()))));
      if (parsed.temperature() != null) {
        variants.add(key(without(request, "temperature")));
      }
      if (parsed.maxOutputTokens() != null) {
        variants.add(key(without(request, "max_output_tokens")));
      }
      for (String variant : variants) {
        assertNotEquals(base, variant, request.toString());
      }
    }
  }

  @Test
  void systemPromptVersionAndSchemaPartsChangeTheKey() {
    String key = CacheKey.of("gemini", "m", 0.5, 10, "none", "global", "q");

    assertNotEquals(key, CacheKey.of("gemini", "m", 0.5, 10, "v2", "global", "q"));
    assertNotEquals(key, CacheKey.of("gemini", "m", null, 10, "none", "global", "q"));
    assertNotEquals(key, CacheKey.of("gemini", "m", 0.5, null, "none", "global", "q"));
  }

  @Test
  void queryIsNormalisedButCaseIsKept() {
    String key = CacheKey.of("gemini", "m", null, null, "none", "global", "What is AI?");

    assertEquals(key, CacheKey.of("gemini", "m", null, null, "none", "global", "  What \t is\n\nAI?  "));
    assertNotEquals(key, CacheKey.of("gemini", "m", null, null, "none", "global", "what is ai?"));
    // "é" precomposed (NFC) and decomposed (e + combining acute) are one query.
    assertEquals(CacheKey.of("gemini", "m", null, null, "none", "global", "caf\u00e9"),
        CacheKey.of("gemini", "m", null, null, "none", "global", "cafe\u0301"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1.0", "1.00", "1e0"})
  void equalNumbersWrittenDifferentlyGiveOneKey(String temperature) {
    JsonObject request = JsonParser.parseString("{\"query\":\"q\",\"temperature\":" + temperature + "}").getAsJsonObject();

    assertEquals(key(JsonParser.parseString("{\"query\":\"q\",\"temperature\":1}").getAsJsonObject()), key(request));
  }

  @Test
  void negativeZeroTemperatureIsZero() {
    assertEquals(CacheKey.of("gemini", "m", 0.0, null, "none", "global", "q"), CacheKey.of("gemini", "m", -0.0, null, "none", "global", "q"));
  }

  @Test
  void partsCannotShiftIntoEachOther() {
    assertNotEquals(CacheKey.of("gemini", "m", null, null, "a", "bc", "q"), CacheKey.of("gemini", "m", null, null, "ab", "c", "q"));
  }

  @Test
  void aModelRequestWithoutConversationKeepsTheKeyOfItsQuery() {
    ModelRequest plain = new ModelRequest("m", " What  is AI? ", null, 0.5, 100, null, false, Instant.now());

    assertEquals(CacheKey.of("gemini", "m", 0.5, 100, "none", "global", "What is AI?"), CacheKey.of("gemini", plain, "none", "global"));
  }

  @Test
  void everyPartOfAConversationChangesTheKey() {
    ModelRequest base = new ModelRequest("m", "And Italy?", "Be terse.", null, null, null, false, null,
        List.of(Turn.user("Capital of France?"), Turn.model("Paris.")));
    String key = CacheKey.of("gemini", base, "none", "global");

    List<ModelRequest> variants = List.of(
        base.withHistory(List.of()),
        base.withHistory(List.of(Turn.user("Capital of France?"))),
        base.withHistory(List.of(Turn.user("Capital of France?"), Turn.user("Paris."))),
        base.withHistory(List.of(Turn.user("Capital of Spain?"), Turn.model("Paris."))),
        base.withHistory(List.of(Turn.model("Paris."), Turn.user("Capital of France?"))),
        new ModelRequest("m", "And Italy?", "Be verbose.", null, null, null, false, null, base.history()),
        new ModelRequest("m", "And Italy?", null, null, null, null, false, null, base.history()),
        new ModelRequest("m", "And Italy?", "Be terse.", null, null, "{\"type\":\"object\"}", false, null,
            base.history()),
        new ModelRequest("m", "And Italy?", "Be terse.", null, null, null, true, null, base.history()),
        new ModelRequest("m", "And Spain?", "Be terse.", null, null, null, false, null, base.history()));
    for (ModelRequest variant : variants) {
      assertNotEquals(key, CacheKey.of("gemini", variant, "none", "global"), variant.toString());
    }
    assertEquals(key, CacheKey.of("gemini", base.withDeadline(Instant.now()), "none", "global"));
  }

  @Test
  void aTurnCannotPassForTheSystemTextOrTheQuery() {
    ModelRequest withTurn = new ModelRequest("m", "q", null, null, null, null, false, null, List.of(Turn.user("s")));
    ModelRequest withSystem = new ModelRequest("m", "q", "s", null, null, null, false, null);

    assertNotEquals(CacheKey.of("gemini", withTurn, "none", "global"), CacheKey.of("gemini", withSystem, "none", "global"));
    assertNotEquals(CacheKey.of("gemini", withTurn, "none", "global"),
        CacheKey.of("gemini", ModelRequest.of("m", "s").withHistory(List.of(Turn.user("q"))), "none", "global"));
  }

  private static String key(JsonObject json) {
    return ChatService.cacheKey("gemini", ChatRequest.fromJson(json, ""), ROUTE, "global");
  }

  private static JsonObject with(JsonObject json, String field, Object value) {
    JsonObject copy = json.deepCopy();
    if (value instanceof Number number) {
      copy.addProperty(field, number);
    } else {
      copy.addProperty(field, (String) value);
    }
    return copy;
  }

  private static JsonObject without(JsonObject json, String field) {
    JsonObject copy = json.deepCopy();
    copy.remove(field);
    return copy;
  }

  private static JsonObject randomRequest(Random random) {
    JsonObject json = new JsonObject();
    json.addProperty("query", randomQuery(random));
    if (random.nextBoolean()) {
      json.addProperty("temperature", random.nextInt(201) / 100.0);
    }
    if (random.nextBoolean()) {
      json.addProperty("max_output_tokens", 1 + random.nextInt(65_536));
    }
    if (random.nextBoolean()) {
      json.addProperty("task_type", List.of("simple", "complex", "general").get(random.nextInt(3)));
    }
    if (random.nextBoolean()) {
      json.addProperty("use_cache", true);
    }
    if (random.nextBoolean()) {
      json.addProperty("stream", random.nextBoolean());
    }
    return json;
  }

  private static String randomQuery(Random random) {
    String alphabet = "abcXYZ 123 什么是人工智能？ é\u0301\t\n";
    StringBuilder query = new StringBuilder("q");
    int length = 1 + random.nextInt(40);
    for (int i = 0; i < length; i++) {
      query.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return query.toString();
  }

  private static JsonObject shuffled(JsonObject json, Random random) {
    List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(json.entrySet());
    Collections.shuffle(entries, random);
    JsonObject copy = new JsonObject();
    entries.forEach(e -> copy.add(e.getKey(), e.getValue()));
    return JsonParser.parseString(copy.toString()).getAsJsonObject();
  }
}
