package dev.agentfn.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.config.Config;
import dev.agentfn.http.Endpoint;
import dev.agentfn.http.HttpService;
import dev.agentfn.http.SimpleExchange;
import dev.agentfn.runtime.AgentRuntime;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ApiDocsTest {
  private final AgentRuntime runtime = new AgentRuntime(Config.defaults(), Clock.systemUTC());

  @Test
  void everyServedPathIsDocumentedWithItsMethods() throws Exception {
    JsonObject paths = openApi().getAsJsonObject("paths");
    Set<String> missing = new TreeSet<>();
    for (HttpService service : List.of(runtime.chatHttp(), runtime.batchHttp(), runtime.multiAgentHttp(),
        runtime.healthHttp())) {
      for (Endpoint endpoint : service.endpoints()) {
        if (endpoint.path().startsWith("/docs/")) {
          continue;
        }
        for (String method : endpoint.methods()) {
          JsonObject path = paths.getAsJsonObject(endpoint.path());
          if (path == null || !path.has(method.toLowerCase())) {
            missing.add(method + " " + endpoint.path());
          }
        }
      }
    }
    assertEquals(Set.of(), missing, "served but not in openapi.json");
  }

  @Test
  void documentIsServedAsJsonAndThePageNeedsTheWebjar() {
    HttpService health = runtime.healthHttp();
    var spec = health.handle(new SimpleExchange("GET", "/openapi.json", Map.of(), Map.of(), new byte[0]));
    assertEquals(200, spec.status());
    assertTrue(spec.contentType().startsWith("application/json"));
    assertEquals("3.1.0", JsonParser.parseString(new String(spec.body(), StandardCharsets.UTF_8))
        .getAsJsonObject().get("openapi").getAsString());
    // The core's tests run without the Swagger UI webjar (the health function packages it).
    var page = health.handle(new SimpleExchange("GET", "/docs", Map.of(), Map.of(), new byte[0]));
    assertEquals(404, page.status());
  }

  private static JsonObject openApi() throws Exception {
    try (var in = ApiDocs.class.getResourceAsStream(ApiDocs.OPENAPI_RESOURCE)) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
    }
  }
}
