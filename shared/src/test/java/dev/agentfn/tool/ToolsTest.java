package dev.agentfn.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.calendar.CalendarStore;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.OfflineModelClient;
import dev.agentfn.model.Usage;
import dev.agentfn.testing.ScriptedModelClient;
import dev.agentfn.weather.WeatherException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolsTest {
  private final List<ModelReply> metered = new ArrayList<>();
  private final ToolContext context = new ToolContext(new TaskScope("caller-1", 0), Instant.parse("2030-01-01T00:00:00Z"), metered::add);

  @Test
  void theRegistryHoldsTheFiveToolsWithSchemas() {
    ToolRegistry registry = registry(new ScriptedModelClient());

    assertEquals(List.of("calculate", "search", "weather", "calendar", "llm"), registry.names());
    assertEquals("{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\",\"description\":\"a city or "
        + "place name, e.g. 北京 or Paris\",\"maxLength\":200}},\"required\":[\"location\"],\"additionalProperties\":false}",
        registry.find("weather").orElseThrow().schema().toJson().toString());
    assertEquals(List.of("args.action must be one of [list, add]", "args.extra is not an argument of this tool "
        + "(allowed: action, date, title)"), registry.find("calendar").orElseThrow()
        .validate(args("action", "delete", "date", "2026-11-25", "extra", "x")));
    assertEquals(List.of("args.title is required when action is add"),
        registry.find("calendar").orElseThrow().validate(args("action", "add", "date", "2026-11-25")));
    assertEquals(List.of("args.date must be a date as YYYY-MM-DD"),
        registry.find("calendar").orElseThrow().validate(args("action", "list", "date", "tomorrow")));
    assertEquals(List.of("args.expression must be a string"), registry.find("calculate").orElseThrow()
        .validate(numericExpression()));
  }

  @Test
  void searchIsAClearToolErrorOfflineNotAFakeResult() {
    ToolOutcome outcome = registry(new OfflineModelClient(Duration.ZERO)).find("search").orElseThrow()
        .run(args("query", "latest news"), context);

    assertEquals(new ToolOutcome.Failure("search needs the Gemini provider (Google Search grounding); it is not "
        + "available on the offline provider"), outcome);
    assertEquals(List.of(), metered);
  }

  @Test
  void searchAsksTheFastModelWithGoogleSearchAndReturnsTheSources() {
    ScriptedModelClient model = new ScriptedModelClient().otherwise(request -> new ModelReply("It rained.",
        request.model(), Usage.of(5, 7), List.of("https://example.org/a", "https://example.org/b")));

    ToolOutcome outcome = registry(model).find("search").orElseThrow().run(args("query", "rain in Paris"), context);

    ModelRequest request = model.requests().get(0);
    assertTrue(request.googleSearch());
    assertEquals("fast-model", request.model());
    assertEquals(context.deadline(), request.deadline());
    assertEquals(new ToolOutcome.Success("It rained.\n\nSources:\n- https://example.org/a\n- https://example.org/b",
        List.of("https://example.org/a", "https://example.org/b")), outcome);
    assertEquals(1, metered.size());
  }

  @Test
  void llmAnswersWithTheFastModelAndModelFailuresAreToolFailures() {
    ScriptedModelClient model = new ScriptedModelClient().reply("an answer")
        .fail(ApiException.upstreamUnavailable("the model provider is unavailable", 1, null));
    Tool llm = registry(model).find("llm").orElseThrow();

    assertEquals(new ToolOutcome.Success("an answer"), llm.run(args("prompt", "hi"), context));
    assertEquals(new ToolOutcome.Failure("llm failed: the model provider is unavailable"),
        llm.run(args("prompt", "hi"), context));
    assertEquals(1, metered.size());
  }

  @Test
  void calendarAddsAndListsPerCaller() {
    Tool calendar = registry(new ScriptedModelClient()).find("calendar").orElseThrow();
    ToolContext other = new ToolContext(new TaskScope("caller-2", 0), context.deadline(), metered::add);

    assertEquals(new ToolOutcome.Success("added \"Design review\" on 2026-12-01"),
        calendar.run(args("action", "add", "date", "2026-12-01", "title", " Design review "), context));
    calendar.run(args("action", "add", "date", "2026-12-01", "title", "Lunch"), context);

    assertEquals(new ToolOutcome.Success("2 event(s) on 2026-12-01: \"Design review\", \"Lunch\""),
        calendar.run(args("action", "list", "date", "2026-12-01"), context));
    assertEquals(new ToolOutcome.Success("no events on 2026-12-01"),
        calendar.run(args("action", "list", "date", "2026-12-01"), other));
  }

  @Test
  void weatherFailuresAreToolFailures() {
    Tool weather = ToolRegistry.standard(new ScriptedModelClient(), "fast-model", place -> {
      throw new WeatherException("unknown place: " + place);
    }, CalendarStore.inMemory()).find("weather").orElseThrow();

    assertEquals(new ToolOutcome.Failure("unknown place: Atlantis"), weather.run(args("location", "Atlantis"), context));
  }

  private static ToolRegistry registry(dev.agentfn.model.ModelClient model) {
    return ToolRegistry.standard(model, "fast-model", place -> {
      throw new AssertionError("not called");
    }, CalendarStore.inMemory());
  }

  private static JsonObject numericExpression() {
    JsonObject args = new JsonObject();
    args.addProperty("expression", 42);
    return args;
  }

  private static JsonObject args(String... pairs) {
    JsonObject args = new JsonObject();
    for (int i = 0; i < pairs.length; i += 2) {
      args.addProperty(pairs[i], pairs[i + 1]);
    }
    return args;
  }
}
