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
            Map.of("GEMINI_API_KEY", "x", "GEMINI_BASE_URL", stub.baseUrl()))) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(health.baseUri().resolve("/health?deep=true")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals(200, response.statusCode(), response.body());
      JsonObject body = JsonParser.parseString(response.body()).getAsJsonObject();
      assertEquals("gemini", body.get("provider").getAsString());
      assertEquals("ok", body.getAsJsonObject("checks").get("model").getAsString());
      assertEquals(1, stub.requests().size());
      assertTrue(stub.requests().get(0).path().startsWith("/v1/models/"));
      assertTrue(health.isAlive());
    }
  }
}
