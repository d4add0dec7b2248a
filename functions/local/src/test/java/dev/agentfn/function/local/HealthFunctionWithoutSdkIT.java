package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.testing.GeminiStub;
import dev.agentfn.testing.InvokerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The health function's own deployment JAR, which carries no google-genai SDK, under the real
 * invoker with Gemini configured: its deep health check still probes the provider.
 */
class HealthFunctionWithoutSdkIT {
  private static final Path HEALTH_JAR = Path.of("../health/target/deployment/agentfn-health.jar");

  @Test
  void deepHealthProbesGeminiWithoutTheSdk() throws Exception {
    try (JarFile jar = new JarFile(HEALTH_JAR.toFile())) {
      assertNull(jar.getEntry("com/google/genai/Client.class"), "the health JAR must not carry the SDK");
    }
    try (GeminiStub stub = GeminiStub.start();
        InvokerProcess health = InvokerProcess.start(Path.of("target/invoker"), HEALTH_JAR,
            "dev.agentfn.function.health.HealthFunction",
            Map.of("GEMINI_API_KEY", "x", "GEMINI_BASE_URL", stub.baseUrl(), "RATE_LIMIT_PER_MINUTE", "2"))) {
      HttpResponse<String> response = get(health, "/health?deep=true");

      assertEquals(200, response.statusCode(), response.body());
      JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
      assertEquals("gemini", body.get("provider").getAsString());
      assertEquals("ok", body.getAsJsonObject("checks").get("model").getAsString());
      assertEquals("closed", body.getAsJsonObject("checks").get("model_breakers").getAsString());
      assertEquals(1, stub.requests().size());
      assertTrue(stub.requests().get(0).path().startsWith("/v1/models/"));
      assertTrue(health.isAlive());

      // /health is public: deep checks spend the caller's rate limit, and share one probe meanwhile.
      assertEquals(200, get(health, "/health?deep=true").statusCode());
      HttpResponse<String> limited = get(health, "/health?deep=true");
      assertEquals(429, limited.statusCode(), limited.body());
      assertTrue(limited.headers().firstValue("Retry-After").isPresent());
      assertEquals(200, get(health, "/health").statusCode(), "a plain check is never limited");
      assertEquals(1, stub.requests().size(), "one probe for every deep check");
    }
  }

  private static HttpResponse<String> get(InvokerProcess process, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(process.baseUri().resolve(path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
