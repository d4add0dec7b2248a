package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.docs.ApiDocs;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /openapi.json} and Swagger UI at {@code /docs}, from the deployable health function's own JAR. */
class DocsIT {
  private static Gateway health;

  @BeforeAll
  static void start() throws Exception {
    health = Gateway.start(Gateway.HEALTH_JAR, "dev.agentfn.function.health.HealthFunction",
        Map.of("API_KEYS", "docs-key-0123456789", "CACHE_FIRESTORE", "off"));
  }

  @AfterAll
  static void stop() {
    health.close();
  }

  @Test
  void openApiDocumentIsServedAsPackaged() throws Exception {
    HttpResponse<String> response = health.get("/openapi.json", Map.of());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    try (InputStream in = ApiDocs.class.getResourceAsStream(ApiDocs.OPENAPI_RESOURCE)) {
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), response.body());
    }
  }

  @Test
  void swaggerUiPageAndItsAssetsComeFromTheJar() throws Exception {
    for (String page : new String[] {"/docs", "/docs/"}) {
      HttpResponse<String> response = health.get(page, Map.of());
      assertEquals(200, response.statusCode(), page);
      assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
      assertTrue(response.body().contains("swagger-ui-bundle.js") && response.body().contains("openapi.json"));
      assertTrue(!response.body().contains("http://") && !response.body().contains("https://"), "no CDN: " + page);
    }
    HttpResponse<String> bundle = health.get("/docs/swagger-ui-bundle.js", Map.of());
    assertEquals(200, bundle.statusCode());
    assertTrue(bundle.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
    assertTrue(bundle.body().contains("SwaggerUIBundle"));
    HttpResponse<String> css = health.get("/docs/swagger-ui.css", Map.of());
    assertEquals(200, css.statusCode());
    assertTrue(css.headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
    assertEquals(404, health.get("/docs/index.html", Map.of()).statusCode());
  }
}
