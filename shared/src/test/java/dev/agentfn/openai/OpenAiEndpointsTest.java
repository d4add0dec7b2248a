package dev.agentfn.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.access.AccessGuard;
import dev.agentfn.access.ApiKeys;
import dev.agentfn.access.RateLimiter;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.CallNotes;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.api.TaskType;
import dev.agentfn.cache.AnswerCache;
import dev.agentfn.chat.ChatService;
import dev.agentfn.config.Config;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Cors;
import dev.agentfn.http.Endpoint;
import dev.agentfn.http.HttpService;
import dev.agentfn.http.RequestLog;
import dev.agentfn.http.SimpleExchange;
import dev.agentfn.model.IncompleteAnswerException;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.ModelRouter;
import dev.agentfn.model.Turn;
import dev.agentfn.stats.UsageStats;
import dev.agentfn.testing.ScriptedModelClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OpenAI-compatible endpoints through the HTTP service, over a scripted model and a real cache. */
class OpenAiEndpointsTest {
  private static final String KEY = "k1";
  private static final String FAST = "gemini-3.1-flash-lite";
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

  private final ScriptedModelClient model = new ScriptedModelClient();
  private final ModelCatalog catalog = ModelCatalog.from(Config.defaults());
  private final UsageStats stats = new UsageStats();
  private final ChatService chat = new ChatService(model, new ModelRouter(catalog), catalog,
      AnswerCache.builder().maxEntries(100).ttl(Duration.ofMinutes(1)).clock(CLOCK).build(), stats);
  private final AtomicReference<CallNotes> lastNotes = new AtomicReference<>();
  private final List<Endpoint> endpoints = new ArrayList<>(new OpenAiEndpoints(() -> chat, catalog, CLOCK).endpoints());
  private final HttpService service;

  OpenAiEndpointsTest() {
    endpoints.add(Endpoint.post("/chat", request -> {
      throw ApiException.invalidArgument("contract shape");
    }));
    RequestLog log = (exchange, requestId, function) -> (status, latencyMs, notes) -> lastNotes.set(notes);
    service = new HttpService("chat", endpoints, "/chat",
        new AccessGuard(new ApiKeys(List.of(KEY)), new RateLimiter(20), Set.of()),
        1 << 20, Duration.ofSeconds(30), new UsageStats(), CLOCK, Cors.none(), log);
  }

  private ApiResponse post(String path, String json) {
    return post(path, json, "Bearer " + KEY);
  }

  private ApiResponse post(String path, String json, String authorization) {
    return service.handle(new SimpleExchange("POST", path, Map.of("Content-Type", "application/json",
        "Authorization", authorization), Map.of(), json.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonObject json(ApiResponse response) {
    return JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static String body(ApiResponse response) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    response.writeBody(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static final String CONVERSATION = """
      {"model": "auto", "temperature": 0.3, "max_completion_tokens": 64, "user": "alice@example.com",
       "messages": [{"role": "system", "content": "Be terse."},
                    {"role": "user", "content": "Capital of France?"},
                    {"role": "assistant", "content": [{"type": "text", "text": "Paris."}]},
                    {"role": "developer", "content": "No lists."},
                    {"role": "user", "content": [{"type": "text", "text": "And"}, {"type": "text", "text": "Italy?"}]}]}
      """;

  @Test
  void aConversationReachesTheModelAsSystemInstructionTurnsAndPrompt() {
    ApiResponse response = post("/v1/chat/completions", CONVERSATION);

    assertEquals(200, response.status());
    ModelRequest sent = model.requests().get(0);
    assertEquals("Be terse.\n\nNo lists.", sent.systemInstruction());
    assertEquals(List.of(Turn.user("Capital of France?"), Turn.model("Paris.")), sent.history());
    assertEquals("And\nItaly?", sent.prompt());
    assertEquals(0.3, sent.temperature());
    assertEquals(64, sent.maxOutputTokens());
    assertEquals(FAST, sent.model());

    JsonObject completion = json(response);
    assertEquals("chatcmpl-" + response.headers().get("X-Request-Id"), completion.get("id").getAsString());
    assertEquals("chat.completion", completion.get("object").getAsString());
    assertEquals(1_700_000_000L, completion.get("created").getAsLong());
    assertEquals(FAST, completion.get("model").getAsString());
    JsonObject choice = completion.getAsJsonArray("choices").get(0).getAsJsonObject();
    assertEquals(0, choice.get("index").getAsInt());
    assertEquals("assistant", choice.getAsJsonObject("message").get("role").getAsString());
    assertEquals("answer to: And\nItaly?", choice.getAsJsonObject("message").get("content").getAsString());
    assertEquals("stop", choice.get("finish_reason").getAsString());
    JsonObject usage = completion.getAsJsonObject("usage");
    assertEquals(10, usage.get("prompt_tokens").getAsInt());
    assertEquals(20, usage.get("completion_tokens").getAsInt());
    assertEquals(30, usage.get("total_tokens").getAsInt());
    JsonObject extras = completion.getAsJsonObject("agentfn");
    assertEquals("short factual query", extras.get("routing_reason").getAsString());
    assertTrue(extras.get("cache_level").isJsonNull());
    assertTrue(extras.get("cost_usd").getAsDouble() > 0);
  }

  @Test
  void theEndUserIsNotedForTheLogAndNeverSentToTheModel() {
    post("/v1/chat/completions", CONVERSATION);
    assertEquals("alice@example.com", lastNotes.get().endUser());
    assertFalse(model.requests().get(0).toString().contains("alice"));
  }

  @Test
  void theSameConversationTwiceIsACacheHitAndAnyChangedMessageIsNot() {
    post("/v1/chat/completions", CONVERSATION);
    JsonObject again = json(post("/v1/chat/completions", CONVERSATION));
    assertEquals("l1", again.getAsJsonObject("agentfn").get("cache_level").getAsString());
    assertEquals(1, model.calls());

    post("/v1/chat/completions", CONVERSATION.replace("Paris.", "Paris, of course."));
    post("/v1/chat/completions", CONVERSATION.replace("Be terse.", "Be verbose."));
    post("/v1/chat/completions", CONVERSATION.replace("\"max_completion_tokens\": 64", "\"max_tokens\": 65"));
    assertEquals(4, model.calls());
  }

  @Test
  void anExplicitModelIsAskedAndJsonSchemaBecomesTheResponseSchema() {
    post("/v1/chat/completions", """
        {"model": "gemini-3.5-flash", "messages": [{"role": "user", "content": "give me json"}],
         "response_format": {"type": "json_schema", "json_schema": {"name": "x",
           "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}}
        """);
    assertEquals("gemini-3.5-flash", model.requests().get(0).model());
    assertEquals("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}",
        model.requests().get(0).responseJsonSchema());
  }

  @Test
  void aStreamIsChunksThenTheFinishReasonThenUsageThenDone() throws IOException {
    ApiResponse response = post("/v1/chat/completions", """
        {"model": "auto", "stream": true, "stream_options": {"include_usage": true},
         "messages": [{"role": "user", "content": "hi"}]}
        """);
    assertEquals(200, response.status());
    assertTrue(response.contentType().startsWith("text/event-stream"));
    List<String> events = events(body(response));

    assertEquals("[DONE]", events.get(events.size() - 1));
    List<JsonObject> chunks = events.subList(0, events.size() - 1).stream()
        .map(e -> JsonParser.parseString(e).getAsJsonObject()).toList();
    JsonObject head = chunks.get(0);
    assertEquals("chat.completion.chunk", head.get("object").getAsString());
    assertEquals("assistant", delta(head).get("role").getAsString());
    assertTrue(head.get("usage").isJsonNull());
    StringBuilder text = new StringBuilder();
    chunks.stream().filter(c -> !c.getAsJsonArray("choices").isEmpty())
        .forEach(c -> text.append(delta(c).has("content") ? delta(c).get("content").getAsString() : ""));
    assertEquals("answer to: hi", text.toString());
    JsonObject finish = chunks.get(chunks.size() - 2);
    assertEquals("stop", finish.getAsJsonArray("choices").get(0).getAsJsonObject().get("finish_reason").getAsString());
    assertFalse(finish.getAsJsonObject("agentfn").get("cached").getAsBoolean());
    JsonObject usage = chunks.get(chunks.size() - 1);
    assertTrue(usage.getAsJsonArray("choices").isEmpty());
    assertEquals(30, usage.getAsJsonObject("usage").get("total_tokens").getAsInt());
    assertEquals(1, chunks.stream().map(c -> c.get("id").getAsString()).distinct().count());
  }

  @Test
  void anAnswerCutAtTheTokenLimitIs200WithItsTextAndFinishReasonLengthAndIsNotCached() {
    model.incomplete("Rome is the cap", ModelReply.Finish.LENGTH);
    String request = "{\"model\": \"auto\", \"max_tokens\": 4, \"messages\": [{\"role\": \"user\", "
        + "\"content\": \"Capital of Italy?\"}]}";
    ApiResponse cut = post("/v1/chat/completions", request);
    assertEquals(200, cut.status());
    JsonObject choice = json(cut).getAsJsonArray("choices").get(0).getAsJsonObject();
    assertEquals("length", choice.get("finish_reason").getAsString());
    assertEquals("Rome is the cap", choice.getAsJsonObject("message").get("content").getAsString());
    assertEquals(30, json(cut).getAsJsonObject("usage").get("total_tokens").getAsInt());
    assertTrue(json(cut).getAsJsonObject("agentfn").get("cost_usd").getAsDouble() > 0);
    UsageStats.ModelFigures counted = stats.snapshot().models().get(FAST);
    assertEquals(1, counted.calls(), "the tokens of an incomplete answer are counted");
    assertEquals(30, counted.totalTokens());

    JsonObject again = json(post("/v1/chat/completions", request));
    assertEquals(2, model.calls(), "an incomplete answer is not cached");
    assertEquals("stop", again.getAsJsonArray("choices").get(0).getAsJsonObject().get("finish_reason").getAsString());
    assertFalse(again.getAsJsonObject("agentfn").get("cached").getAsBoolean());
    assertTrue(json(post("/v1/chat/completions", request)).getAsJsonObject("agentfn").get("cached").getAsBoolean());
  }

  @Test
  void anAnswerStoppedForSafetyIs200WithFinishReasonContentFilter() {
    model.incomplete("", ModelReply.Finish.CONTENT_FILTER);
    ApiResponse filtered = post("/v1/chat/completions",
        "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"something unsafe\"}]}");
    assertEquals(200, filtered.status());
    JsonObject choice = json(filtered).getAsJsonArray("choices").get(0).getAsJsonObject();
    assertEquals("content_filter", choice.get("finish_reason").getAsString());
    assertEquals("", choice.getAsJsonObject("message").get("content").getAsString());
  }

  @Test
  void aStreamCutAtTheTokenLimitEndsWithFinishReasonLengthThenDone() throws IOException {
    model.incomplete("Rome is the cap", ModelReply.Finish.LENGTH);
    List<String> events = events(body(post("/v1/chat/completions", """
        {"model": "auto", "stream": true, "max_completion_tokens": 4,
         "messages": [{"role": "user", "content": "Capital of Italy?"}]}
        """)));
    assertEquals("[DONE]", events.get(events.size() - 1));
    List<JsonObject> chunks = events.subList(0, events.size() - 1).stream()
        .map(e -> JsonParser.parseString(e).getAsJsonObject()).toList();
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> text.append(delta(c).has("content") ? delta(c).get("content").getAsString() : ""));
    assertEquals("Rome is the cap", text.toString());
    JsonObject last = chunks.get(chunks.size() - 1).getAsJsonArray("choices").get(0).getAsJsonObject();
    assertEquals("length", last.get("finish_reason").getAsString());
    chunks.subList(0, chunks.size() - 1).forEach(c -> assertTrue(
        c.getAsJsonArray("choices").get(0).getAsJsonObject().get("finish_reason").isJsonNull()));
  }

  @Test
  void theChatServiceStillRefusesAnIncompleteAnswerToChat() {
    model.incomplete("Rome is the cap", ModelReply.Finish.LENGTH);
    ApiException refused = assertThrows(IncompleteAnswerException.class, () -> chat.chat(
        new ChatRequest("Capital of Italy?", TaskType.GENERAL, null, true, false, null, 4),
        new CallContext("req-1", "caller", CLOCK.instant().plusSeconds(60))));
    assertEquals(ErrorCode.INVALID_ARGUMENT, refused.code());
  }

  @Test
  void aStreamWithoutIncludeUsageHasNoUsageField() throws IOException {
    List<String> events = events(body(post("/v1/chat/completions",
        "{\"model\": \"auto\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")));
    for (String event : events.subList(0, events.size() - 1)) {
      JsonObject chunk = JsonParser.parseString(event).getAsJsonObject();
      assertFalse(chunk.has("usage"), event);
      assertEquals(1, chunk.getAsJsonArray("choices").size());
    }
  }

  @Test
  void aStreamThatFailsAfterItStartedEndsWithAnErrorEventAndNoDone() throws IOException {
    model.fail(ApiException.upstreamUnavailable("the model is unavailable", 2, null));
    List<String> events = events(body(post("/v1/chat/completions", """
        {"model": "gemini-3.1-flash-lite", "stream": true, "messages": [{"role": "user", "content": "hi"}]}
        """)));
    JsonObject error = JsonParser.parseString(events.get(events.size() - 1)).getAsJsonObject().getAsJsonObject("error");
    assertEquals("server_error", error.get("type").getAsString());
    assertEquals("upstream_unavailable", error.get("code").getAsString());
    assertFalse(events.contains("[DONE]"));
  }

  @Test
  void modelsListsAutoThenTheCatalogInOpenAisShape() {
    ApiResponse response = service.handle(new SimpleExchange("GET", "/v1/models",
        Map.of("Authorization", "Bearer " + KEY), Map.of(), new byte[0]));
    JsonObject list = json(response);
    assertEquals("list", list.get("object").getAsString());
    List<String> ids = new ArrayList<>();
    for (JsonElement each : list.getAsJsonArray("data")) {
      assertEquals("model", each.getAsJsonObject().get("object").getAsString());
      ids.add(each.getAsJsonObject().get("id").getAsString());
    }
    List<String> expected = new ArrayList<>(List.of("auto"));
    catalog.models().forEach(info -> expected.add(info.name()));
    assertEquals(expected, ids);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": \"b\"}]}|messages[1].role",
      "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": {\"url\": \"x\"}}]}]}|messages[0].content[0].type",
      "{\"model\": \"auto\", \"messages\": [{\"role\": \"tool\", \"content\": \"x\"}, {\"role\": \"user\", \"content\": \"a\"}]}|messages[0].role tool",
      "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": 7}]}|messages[0].content",
      "{\"model\": \"auto\", \"messages\": [{\"role\": \"user\", \"content\": \" \"}]}|messages[0].content",
      "{\"model\": \"auto\", \"messages\": []}|messages",
      "{\"model\": \"auto\"}|messages",
      "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}|model",
      "{\"model\": \"auto\", \"n\": 2, \"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}|n",
      "{\"model\": \"auto\", \"temperature\": 3, \"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}|temperature",
      "{\"model\": \"auto\", \"max_tokens\": 0, \"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}|max_tokens",
      "{\"model\": \"auto\", \"tools\": [{\"type\": \"function\"}], \"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}|tools",
      "{\"model\": \"auto\", \"stream_options\": {\"include_usage\": true}, \"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}|stream_options",
      "{\"model\": \"auto\", \"response_format\": {\"type\": \"xml\"}, \"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}|response_format.type",
  })
  void invalidRequestsAre400InvalidRequestErrorsNamingTheParam(String request, String param) {
    ApiResponse response = post("/v1/chat/completions", request);
    assertEquals(400, response.status(), new String(response.body(), StandardCharsets.UTF_8));
    JsonObject error = json(response).getAsJsonObject("error");
    assertEquals("invalid_request_error", error.get("type").getAsString());
    assertEquals(param, error.get("param").getAsString());
    assertFalse(error.get("message").getAsString().isBlank());
    assertEquals(0, model.calls());
  }

  @Test
  void anUnknownModelIsOpenAis404ModelNotFound() {
    ApiResponse response = post("/v1/chat/completions",
        "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}");
    assertEquals(404, response.status());
    JsonObject error = json(response).getAsJsonObject("error");
    assertEquals("model_not_found", error.get("code").getAsString());
    assertEquals("model", error.get("param").getAsString());
  }

  @Test
  void guardErrorsOnV1PathsHaveOpenAisShapeAndElsewhereTheContracts() {
    ApiResponse wrongKey = post("/v1/chat/completions", CONVERSATION, "Bearer nope");
    assertEquals(401, wrongKey.status());
    assertEquals("Bearer realm=\"agentfn\"", wrongKey.headers().get("WWW-Authenticate"));
    JsonObject error = json(wrongKey).getAsJsonObject("error");
    assertEquals("authentication_error", error.get("type").getAsString());
    assertEquals("invalid_api_key", error.get("code").getAsString());
    assertTrue(error.has("param"));

    JsonObject contract = json(post("/chat", "{}", "Bearer nope")).getAsJsonObject("error");
    assertEquals("unauthenticated", contract.get("code").getAsString());
    assertTrue(contract.has("request_id"));
  }

  @Test
  void rateLimitedIs429RateLimitExceededWithRetryAfter() {
    // 20 a minute: the limit answers within twice as many requests, or the test fails instead of looping.
    ApiResponse response = null;
    for (int sent = 0; sent < 40 && (response == null || response.status() == 200); sent++) {
      response = service.handle(new SimpleExchange("GET", "/v1/models", Map.of("Authorization", "Bearer " + KEY),
          Map.of(), new byte[0]));
    }
    assertEquals(429, response.status());
    assertTrue(response.headers().containsKey("Retry-After"));
    assertEquals("rate_limit_exceeded", json(response).getAsJsonObject("error").get("code").getAsString());
  }

  @Test
  void upstreamFailureIs503ServerErrorWithRetryAfterAndInternalsStayHidden() {
    model.fail(ApiException.upstreamUnavailable("the model is unavailable", 7, null));
    ApiResponse unavailable = post("/v1/chat/completions",
        "{\"model\": \"gemini-3.1-flash-lite\", \"messages\": [{\"role\": \"user\", \"content\": \"a\"}]}");
    assertEquals(503, unavailable.status());
    assertEquals("7", unavailable.headers().get("Retry-After"));
    assertEquals("server_error", json(unavailable).getAsJsonObject("error").get("type").getAsString());

    model.fail(new IllegalStateException("secret at db.internal:5432"));
    ApiResponse internal = post("/v1/chat/completions",
        "{\"model\": \"gemini-3.1-flash-lite\", \"messages\": [{\"role\": \"user\", \"content\": \"b\"}]}");
    assertEquals(500, internal.status());
    JsonObject error = json(internal).getAsJsonObject("error");
    assertEquals("server_error", error.get("type").getAsString());
    assertFalse(error.get("message").getAsString().contains("secret"));
  }

  @Test
  void wrongMethodMalformedJsonAndWrongContentTypeAreOpenAiShaped() {
    ApiResponse wrongMethod = service.handle(new SimpleExchange("GET", "/v1/chat/completions",
        Map.of("Authorization", "Bearer " + KEY), Map.of(), new byte[0]));
    assertEquals(405, wrongMethod.status());
    assertEquals("POST", wrongMethod.headers().get("Allow"));
    assertEquals("method_not_allowed", json(wrongMethod).getAsJsonObject("error").get("code").getAsString());

    ApiResponse malformed = post("/v1/chat/completions", "{\"model\": ");
    assertEquals(400, malformed.status());
    assertEquals("invalid_request_error", json(malformed).getAsJsonObject("error").get("type").getAsString());

    ApiResponse text = service.handle(new SimpleExchange("POST", "/v1/chat/completions",
        Map.of("Authorization", "Bearer " + KEY, "Content-Type", "text/plain"), Map.of(), new byte[] {'x'}));
    assertEquals(415, text.status());
    assertEquals("unsupported_media_type", json(text).getAsJsonObject("error").get("code").getAsString());
  }

  private static JsonObject delta(JsonObject chunk) {
    return chunk.getAsJsonArray("choices").get(0).getAsJsonObject().getAsJsonObject("delta");
  }

  /** The data of each server-sent event. */
  private static List<String> events(String stream) {
    List<String> events = new ArrayList<>();
    for (String frame : stream.split("\n\n")) {
      if (frame.startsWith("data: ")) {
        events.add(frame.substring("data: ".length()));
      }
    }
    return events;
  }
}
