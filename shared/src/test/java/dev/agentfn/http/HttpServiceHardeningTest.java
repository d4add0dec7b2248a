package dev.agentfn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallNotes;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.stats.UsageStats;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HttpServiceHardeningTest {
  private final List<Integer> charged = new ArrayList<>();
  private final AtomicReference<CallNotes> logged = new AtomicReference<>();
  private final Guard guard = new Guard() {
    @Override
    public String admit(Exchange exchange, Endpoint endpoint) {
      return "key:abc";
    }

    @Override
    public void charge(String callerId, int units) {
      charged.add(units);
      if (units > 5) {
        throw new ApiException(ErrorCode.RATE_LIMITED, "too many", Map.of("Retry-After", "7"), null);
      }
    }
  };
  private final RequestLog log = (exchange, requestId, function) -> (status, latencyMs, notes) -> logged.set(notes);
  private final HttpService service = new HttpService("batch", List.of(
      Endpoint.post("/chat/batch", request -> {
        request.charge(Integer.parseInt(new String(request.body(), StandardCharsets.UTF_8).replaceAll("\\D", "")));
        return ApiResponse.ok(Map.of("ok", true));
      })), "/chat/batch", guard, 1024, Duration.ofSeconds(5), new UsageStats(), Clock.systemUTC(),
      new Cors(List.of("https://app.example")), log);

  @Test
  void handlersChargeExtraUnitsThroughTheRequest() {
    assertEquals(200, post("/chat/batch", "{\"n\": 4}").status());
    assertEquals(List.of(4), charged);
    ApiResponse limited = post("/chat/batch", "{\"n\": 9}");
    assertEquals(429, limited.status());
    assertEquals("7", limited.headers().get("Retry-After"));
  }

  @Test
  void theLogSeesRouteAndCallerAndErrorsCarryCorsHeaders() {
    ApiResponse response = service.handle(new SimpleExchange("POST", "/chat/batch",
        Map.of("Content-Type", "text/plain", "Origin", "https://app.example"), Map.of(), new byte[0]));
    assertEquals(415, response.status());
    assertEquals("https://app.example", response.headers().get("Access-Control-Allow-Origin"));
    assertEquals("/chat/batch", logged.get().route());
    assertEquals("key:abc", logged.get().caller());
  }

  @Test
  void anErrorToARequestWithABodyClosesTheConnection() {
    ApiResponse refused = service.handle(new SimpleExchange("POST", "/chat/batch",
        Map.of("Content-Type", "text/plain", "Content-Length", "9"), Map.of(), "not json!".getBytes(StandardCharsets.UTF_8)));
    assertEquals("close", refused.headers().get("Connection"), "the body may be unread; the connection is not reused");
    assertEquals(null, post("/chat/batch", "{\"n\": 1}").headers().get("Connection"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/chat/../chat/batch", "/./chat/batch", "//chat/batch", "/chat/batch%00",
      "/chat\\batch", "/chat/batch/..", "/chat/ba tch", "/chat/batch\u0000", "/%2e%2e/chat/batch"})
  void pathTricksAreNotFound(String path) {
    ApiResponse response = post(path, "{\"n\": 1}");
    assertEquals(404, response.status());
    JsonObject body = JsonParser.parseString(new String(response.body(), StandardCharsets.UTF_8)).getAsJsonObject();
    assertEquals("not_found", body.getAsJsonObject("error").get("code").getAsString());
    assertTrue(charged.isEmpty());
  }

  private ApiResponse post(String path, String body) {
    return service.handle(new SimpleExchange("POST", path, Map.of("Content-Type", "application/json"), Map.of(),
        body.getBytes(StandardCharsets.UTF_8)));
  }
}
