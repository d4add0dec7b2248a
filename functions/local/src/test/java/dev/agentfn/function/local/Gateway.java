package dev.agentfn.function.local;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.testing.InvokerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A function JAR of this build under the real invoker, and ways to talk to it over HTTP (tests). */
final class Gateway implements AutoCloseable {
  static final String LOCAL_JAR = "target/deployment/agentfn-local.jar";
  static final String HEALTH_JAR = "../health/target/deployment/agentfn-health.jar";

  private final InvokerProcess process;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Gateway(InvokerProcess process) {
    this.process = process;
  }

  /** The local gateway (every path) with {@code env}. */
  static Gateway start(Map<String, String> env) throws IOException, InterruptedException {
    return start(LOCAL_JAR, LocalGateway.class.getName(), env);
  }

  static Gateway start(String jar, String target, Map<String, String> env) throws IOException, InterruptedException {
    return new Gateway(InvokerProcess.start(Path.of("target/invoker"), Path.of(jar), target, env));
  }

  /** The local gateway on {@code port} (which {@code env} may name, e.g. to call itself). */
  static Gateway start(Map<String, String> env, int port) throws IOException, InterruptedException {
    return new Gateway(InvokerProcess.start(Path.of("target/invoker"), Path.of(LOCAL_JAR), LocalGateway.class.getName(),
        env, port));
  }

  /** Where the gateway listens, e.g. {@code http://127.0.0.1:PORT}. */
  URI baseUri() {
    return process.baseUri();
  }

  HttpResponse<String> send(String method, String path, Map<String, String> headers, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(process.baseUri() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
    return send("GET", path, headers, null);
  }

  HttpResponse<String> postJson(String path, String json, Map<String, String> headers)
      throws IOException, InterruptedException {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.putIfAbsent("Content-Type", "application/json");
    return send("POST", path, all, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code target} byte for byte (no client-side normalisation); returns the raw response. */
  String raw(String method, String target, String extraHeaders, byte[] body) throws IOException {
    return raw(method, target, extraHeaders, body, body.length);
  }

  /** Like {@link #raw(String, String, String, byte[])} but declares {@code contentLength} (it may exceed the body). */
  String raw(String method, String target, String extraHeaders, byte[] body, long contentLength) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", process.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extraHeaders
          + "Content-Length: " + contentLength + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  /** Kills the process with SIGKILL (a crashed instance). */
  void kill() throws InterruptedException {
    process.kill();
  }

  /** Everything the process logged so far. */
  String output() throws IOException {
    return process.output();
  }

  /**
   * The output once its complete lines contain every one of {@code needles}, waiting at most 10 s:
   * access lines are written by an asynchronous appender in batches, a moment after the response.
   * The output as it is then, if they never come (the caller's assertions say what is missing).
   */
  String awaitOutput(String... needles) throws IOException, InterruptedException {
    String output = output();
    for (long deadline = System.nanoTime() + 10_000_000_000L;
        !containsAll(output.substring(0, output.lastIndexOf('\n') + 1), needles) && System.nanoTime() < deadline;
        output = output()) {
      Thread.sleep(20);
    }
    return output;
  }

  /** What {@link #awaitOutput} waits for to see request {@code requestId} logged. */
  static String requestIdField(String requestId) {
    return "\"request_id\":\"" + requestId + "\"";
  }

  /** The access line of request {@code requestId} among the complete lines of {@code output}; fails if none. */
  static JsonObject accessLine(String output, String requestId) {
    return output.substring(0, output.lastIndexOf('\n') + 1).lines()
        .filter(line -> line.contains(requestIdField(requestId)))
        .map(line -> JsonParser.parseString(line).getAsJsonObject())
        .filter(line -> "dev.agentfn.access".equals(line.get("logger").getAsString()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no access line for " + requestId));
  }

  private static boolean containsAll(String text, String... needles) {
    for (String needle : needles) {
      if (!text.contains(needle)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    process.close();
  }
}
