package dev.agentfn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsTest {
  private final ApiResponse ok = ApiResponse.empty(200);

  @Test
  void noOriginsConfiguredMeansNoCorsHeaders() {
    ApiResponse out = Cors.none().apply(request("GET", Map.of("Origin", "https://app.example")), ok);
    assertFalse(out.headers().keySet().stream().anyMatch(h -> h.startsWith("Access-Control")));
  }

  @Test
  void allowedOriginIsEchoedOthersGetNothing() {
    Cors cors = new Cors(List.of("https://app.example"));
    ApiResponse allowed = cors.apply(request("GET", Map.of("Origin", "https://app.example")), ok);
    assertEquals("https://app.example", allowed.headers().get("Access-Control-Allow-Origin"));
    assertEquals("Origin", allowed.headers().get("Vary"));
    ApiResponse other = cors.apply(request("GET", Map.of("Origin", "https://evil.example")), ok);
    assertNull(other.headers().get("Access-Control-Allow-Origin"));
  }

  @Test
  void preflightGetsMethodsHeadersAndMaxAge() {
    Cors cors = new Cors(List.of("*"));
    ApiResponse preflight = ApiResponse.empty(204).withHeader("Allow", "POST, OPTIONS");
    ApiResponse out = cors.apply(request("OPTIONS",
        Map.of("Origin", "https://any.example", "Access-Control-Request-Method", "POST")), preflight);
    assertEquals("*", out.headers().get("Access-Control-Allow-Origin"));
    assertEquals("POST, OPTIONS", out.headers().get("Access-Control-Allow-Methods"));
    assertEquals(Cors.ALLOW_HEADERS, out.headers().get("Access-Control-Allow-Headers"));
    assertEquals(Cors.MAX_AGE_SECONDS, out.headers().get("Access-Control-Max-Age"));
  }

  private static SimpleExchange request(String method, Map<String, String> headers) {
    return new SimpleExchange(method, "/chat", headers, Map.of(), new byte[0]);
  }
}
