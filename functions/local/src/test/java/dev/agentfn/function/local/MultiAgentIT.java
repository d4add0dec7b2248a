package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.testing.InvokerProcess;
import dev.agentfn.testing.OpenMeteoStub;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /chat/multi-agent} over real HTTP under the official invoker, offline provider, with
 * the weather tool talking to an Open-Meteo-protocol stub on loopback: the "Done when" checks.
 */
class MultiAgentIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static OpenMeteoStub weather;
  private static InvokerProcess invoker;

  @BeforeAll
  static void start() throws Exception {
    weather = OpenMeteoStub.start();
    invoker = InvokerProcess.start(Path.of("target/invoker"), Path.of("target/deployment/agentfn-local.jar"),
        "dev.agentfn.function.local.LocalGateway", Map.of("MODEL_PROVIDER", "offline",
            "WEATHER_BASE_URL", weather.baseUrl(), "GEOCODING_BASE_URL", weather.baseUrl()));
  }

  @AfterAll
  static void stop() {
    if (invoker != null) {
      invoker.close();
    }
    if (weather != null) {
      weather.close();
    }
  }

  @Test
  void chineseCalculationThenWeatherCompletesWithTheResultInTheAnswer() throws Exception {
    HttpResponse<String> response = post("{\"task\": \"请帮我计算 25×4，然后查询北京的天气\"}");

    assertEquals(200, response.statusCode(), response.body());
    JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
    assertEquals("completed", body.get("status").getAsString(), response.body());
    assertEquals("rules", body.get("planner").getAsString());
    assertEquals("offline", body.get("executor_model").getAsString());
    JsonObject calculate = subtask(body, "calculate");
    assertEquals("completed", calculate.get("status").getAsString());
    assertEquals("100", calculate.get("result").getAsString());
    JsonObject forecast = subtask(body, "weather");
    assertEquals("completed", forecast.get("status").getAsString(), response.body());
    assertEquals("北京", forecast.getAsJsonObject("args").get("location").getAsString());
    assertTrue(forecast.get("result").getAsString().startsWith("北京, 中国: 12.5°C"), response.body());
    assertTrue(body.get("final_answer").getAsString().contains("100"), response.body());
    assertTrue(weather.requests().stream().anyMatch(r -> r.startsWith("/v1/forecast?")), weather.requests().toString());
    assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), body.get("request_id").getAsString());
  }

  @Test
  void englishTaskYieldsSixtyAndTenTwentyFour() throws Exception {
    HttpResponse<String> response = post("{\"task\": \"Calculate (12.5 + 7.5) * 3 and then tell me what 2^10 is\"}");

    assertEquals(200, response.statusCode(), response.body());
    JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
    assertEquals("completed", body.get("status").getAsString());
    JsonArray subtasks = body.getAsJsonArray("subtasks");
    assertEquals(2, body.get("subtasks_count").getAsInt());
    assertEquals("60", subtasks.get(0).getAsJsonObject().get("result").getAsString());
    assertEquals("1024", subtasks.get(1).getAsJsonObject().get("result").getAsString());
    String answer = body.get("final_answer").getAsString();
    assertTrue(answer.contains("60") && answer.contains("1024"), answer);
  }

  @Test
  void codeLikeExpressionsAreRejectedAsToolErrors() throws Exception {
    for (String code : new String[] {"calculate System.exit(0)", "计算 __import__('os').system('ls')",
        "calculate Runtime.getRuntime().exec('rm -rf /')"}) {
      HttpResponse<String> response = post("{\"task\": \"" + code + "\"}");

      assertEquals(200, response.statusCode(), response.body());
      JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
      assertEquals("failed", body.get("status").getAsString(), response.body());
      JsonObject calculate = subtask(body, "calculate");
      assertEquals("failed", calculate.get("status").getAsString());
      assertTrue(calculate.get("error").getAsString().matches("cannot calculate: (unknown name|unexpected) .*"),
          response.body());
    }
    assertTrue(invoker.isAlive());
  }

  @Test
  void anUnknownPlaceMakesTheTaskPartial() throws Exception {
    HttpResponse<String> response = post("{\"task\": \"计算 6×7，然后查询火星城的天气\"}");

    JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
    assertEquals("partial", body.get("status").getAsString(), response.body());
    assertEquals("unknown place: 火星城", subtask(body, "weather").get("error").getAsString());
    assertTrue(body.get("final_answer").getAsString().contains("42"), response.body());
  }

  @Test
  void outOfRangeRequestsAre400() throws Exception {
    for (String bad : new String[] {"{}", "{\"task\": \"x\", \"max_subtasks\": 17}", "{\"task\": \"x\", \"max_subtasks\": 0}",
        "{\"task\": \"" + "x".repeat(8_001) + "\"}"}) {
      HttpResponse<String> response = post(bad);
      assertEquals(400, response.statusCode(), response.body());
      assertEquals("invalid_argument", JsonParser.parseString(response.body()).getAsJsonObject()
          .getAsJsonObject("error").get("code").getAsString());
    }
  }

  @Test
  void aStreamedTaskReportsEachSubtaskAsItFinishesAndDoneLastOnce() throws Exception {
    weather.hold();
    try {
      HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(invoker.baseUri().resolve("/chat/multi-agent"))
          .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
          .POST(HttpRequest.BodyPublishers.ofString("{\"task\": \"请帮我计算 25×4，然后查询北京的天气\", \"stream\": true}"))
          .build(), HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> readEvents(response.body(), events), "sse-reader");
      reader.setDaemon(true);
      reader.start();

      List<String[]> seen = new ArrayList<>();
      String[] calculated = null;
      while (calculated == null) {
        String[] event = events.poll(20, TimeUnit.SECONDS);
        assertNotNull(event, "no completed calculate subtask while the weather upstream was held: " + names(seen));
        assertNotEquals("end", event[0], "the stream ended early: " + names(seen));
        seen.add(event);
        if (event[0].equals("subtask") && event[1].contains("\"tool\":\"calculate\"")
            && event[1].contains("\"status\":\"completed\"")) {
          calculated = event;
        }
      }
      assertTrue(seen.stream().noneMatch(e -> e[1].contains("\"tool\":\"weather\"") && e[1].contains("\"completed\"")));
      weather.release();
      for (String[] event = events.poll(20, TimeUnit.SECONDS); event != null && !event[0].equals("end");
          event = events.poll(20, TimeUnit.SECONDS)) {
        seen.add(event);
      }

      assertEquals("plan", seen.get(0)[0], names(seen));
      JsonObject plan = JsonParser.parseString(seen.get(0)[1]).getAsJsonObject();
      assertEquals(2, plan.getAsJsonArray("subtasks").size());
      assertEquals("done", seen.get(seen.size() - 1)[0], names(seen));
      assertEquals(1, seen.stream().filter(e -> e[0].equals("done")).count(), names(seen));
      int weatherDone = -1;
      for (int i = 0; i < seen.size(); i++) {
        JsonObject data = JsonParser.parseString(seen.get(i)[1]).getAsJsonObject();
        if (seen.get(i)[0].equals("subtask") && "weather".equals(data.get("tool").getAsString())
            && "completed".equals(data.get("status").getAsString())) {
          weatherDone = i;
          assertTrue(data.get("latency_ms").getAsLong() >= 0);
        }
      }
      assertTrue(weatherDone > seen.indexOf(calculated), names(seen));
      JsonObject done = JsonParser.parseString(seen.get(seen.size() - 1)[1]).getAsJsonObject();
      assertEquals("completed", done.get("status").getAsString(), done.toString());
      assertTrue(done.get("final_answer").getAsString().contains("100"), done.toString());
    } finally {
      weather.release();
    }
  }

  /** Reads {@code (event, data)} pairs into {@code events} until the stream ends, then {@code ("end", "")}. */
  private static void readEvents(InputStream body, BlockingQueue<String[]> events) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String name = null;
      StringBuilder data = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        } else if (line.isEmpty() && name != null) {
          events.add(new String[] {name, data.toString()});
          name = null;
          data.setLength(0);
        }
      }
    } catch (IOException e) {
      events.add(new String[] {"end", e.toString()});
      return;
    }
    events.add(new String[] {"end", ""});
  }

  private static String names(List<String[]> events) {
    return events.stream().map(e -> e[0] + " " + e[1]).toList().toString();
  }

  private static JsonObject subtask(JsonObject body, String tool) {
    for (var element : body.getAsJsonArray("subtasks")) {
      if (tool.equals(element.getAsJsonObject().get("tool").getAsString())) {
        return element.getAsJsonObject();
      }
    }
    throw new AssertionError("no " + tool + " subtask in " + body);
  }

  private static HttpResponse<String> post(String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(invoker.baseUri().resolve("/chat/multi-agent"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
