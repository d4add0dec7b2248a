package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import com.google.gson.JsonObject;
import dev.agentfn.testing.FirestoreEmulator;
import dev.agentfn.testing.GeminiStub;
import dev.agentfn.testing.InvokerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each function's deployment JAR, alone under the real invoker, serves its main path at {@code /}. */
class DeploymentJarsIT {
  private static final HttpClient http = HttpClient.newHttpClient();

  private static Path jar(String module) {
    return Path.of("..", module, "target", "deployment", "agentfn-" + module + ".jar");
  }

  /** A request each function answers with 200, and a piece of the body only its real work produces. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "chat|dev.agentfn.function.chat.ChatFunction|POST|{\"query\":\"hello\"}|\"answer\":",
      "batch|dev.agentfn.function.batch.BatchFunction|POST|{\"queries\":[\"a\",\"b\"]}|\"succeeded\":2",
      "multi-agent|dev.agentfn.function.multiagent.MultiAgentFunction|POST|{\"task\":\"calculate 25*4\"}|100",
      "health|dev.agentfn.function.health.HealthFunction|GET||\"status\":",
  })
  void servesItsMainPathAtRoot(String module, String target, String method, String body, String answerPart)
      throws Exception {
    assertTrue(Files.isRegularFile(jar(module)), "missing " + jar(module) + "; run ./mvnw package");
    try (InvokerProcess function = InvokerProcess.start(LocalGatewayIT.INVOKER, jar(module), target, Map.of())) {
      HttpRequest.Builder request = HttpRequest.newBuilder(function.baseUri().resolve("/"))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .method(method, body == null || body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      assertTrue(response.body().contains(answerPart), response.body());
      var json = JsonParser.parseString(response.body()).getAsJsonObject();
      assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), json.get("request_id").getAsString());
      HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(function.baseUri().resolve("/nope"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, unknown.statusCode());
    }
  }

  @Test
  void theFrameworkApiIsLeftToTheRuntimeAndHealthCarriesNoModelSdk() throws Exception {
    for (String module : new String[] {"chat", "batch", "multi-agent", "health"}) {
      try (JarFile jar = new JarFile(jar(module).toFile())) {
        assertNull(jar.getEntry("com/google/cloud/functions/HttpFunction.class"), module);
        assertNotNull(jar.getEntry("dev/agentfn/runtime/AgentRuntime.class"), module);
        boolean hasGenai = jar.stream().anyMatch(e -> e.getName().startsWith("com/google/genai/"));
        assertEquals(!module.equals("health"), hasGenai, module);
      }
    }
    try (JarFile jar = new JarFile(jar("health").toFile())) {
      assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith("com/google/genai/")));
    }
  }

  /**
   * The trimmed JAR (no xDS, no metrics exporter, linux x86_64 natives only) still talks to
   * Firestore over gRPC: an answer one chat instance computed is an L2 hit on a fresh instance.
   */
  @Test
  void chatJarSharesAnswersThroughFirestoreAcrossInstances() throws Exception {
    String project = "demo-deployment-jar";
    String query = "{\"query\":\"an answer shared across instances\"}";
    // On the Gemini provider (the stub): offline placeholders never go to Firestore.
    try (FirestoreEmulator emulator = FirestoreEmulator.start(); GeminiStub stub = GeminiStub.start()) {
      Map<String, String> env = Map.of("GEMINI_API_KEY", "x", "GEMINI_BASE_URL", stub.baseUrl(),
          "FIRESTORE_EMULATOR_HOST", emulator.host(), "GOOGLE_CLOUD_PROJECT", project);
      try (InvokerProcess first = InvokerProcess.start(LocalGatewayIT.INVOKER, jar("chat"),
          "dev.agentfn.function.chat.ChatFunction", env)) {
        assertFalse(chat(first.baseUri(), query).get("cached").getAsBoolean());
      }
      // L2 writes run in the background: wait (bounded) until the entry is stored.
      var entries = emulator.client(project).collection("agent_cache");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (entries.get().get(10, TimeUnit.SECONDS).isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "the first instance never stored its answer in Firestore");
        Thread.sleep(50);
      }
      try (InvokerProcess second = InvokerProcess.start(LocalGatewayIT.INVOKER, jar("chat"),
          "dev.agentfn.function.chat.ChatFunction", env)) {
        JsonObject answer = chat(second.baseUri(), query);
        assertTrue(answer.get("cached").getAsBoolean(), answer.toString());
        assertEquals("l2", answer.get("cache_level").getAsString());
      }
    }
  }

  private static JsonObject chat(URI base, String body) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/chat"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }
}
