package dev.agentfn.function.local;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code tools/a2a-interop/echo-agent.mjs}: an A2A agent built on the official A2A JS SDK server,
 * on a free loopback port (tests). Its {@code /log} tells what it received.
 */
final class EchoAgent implements AutoCloseable {
  private static final Path INTEROP = Path.of("../../tools/a2a-interop");
  private final Process process;
  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private EchoAgent(Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  /** Starts the agent; {@code streaming} is what its card says; {@code token} (or null) is the bearer token it requires. */
  static EchoAgent start(boolean streaming, String token) throws Exception {
    if (!Files.isDirectory(INTEROP.resolve("node_modules/@a2a-js/sdk"))) {
      throw new IllegalStateException("the build installs tools/a2a-interop (npm ci) before the integration tests");
    }
    List<String> command = new ArrayList<>(List.of("node", "echo-agent.mjs"));
    if (!streaming) {
      command.add("--no-streaming");
    }
    if (token != null) {
      command.add(token);
    }
    Process process = new ProcessBuilder(command).directory(INTEROP.toFile()).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("READY port=")) {
            return line.substring("READY port=".length()).strip();
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String port = ready.get(30, TimeUnit.SECONDS);
    if (port == null) {
      process.destroyForcibly();
      throw new IllegalStateException("echo-agent.mjs did not start");
    }
    Thread drain = new Thread(() -> {
      try {
        out.transferTo(java.io.Writer.nullWriter());
      } catch (IOException ignored) {
        // the process ended
      }
    }, "echo-agent-output");
    drain.setDaemon(true);
    drain.start();
    return new EchoAgent(process, "http://127.0.0.1:" + port);
  }

  String baseUrl() {
    return baseUrl;
  }

  /** What it received: {@code messages} (text, contextId, taskId), {@code requests} (hops, authorized), {@code canceled} task ids. */
  JsonObject log() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/log"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
