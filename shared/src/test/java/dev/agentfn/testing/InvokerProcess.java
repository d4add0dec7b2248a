package dev.agentfn.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@code HttpFunction} under the official Functions Framework invoker in a child process on
 * a free loopback port, for integration tests over real HTTP. Stopped by its process handle.
 */
public final class InvokerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;
  private final long startNanos;

  private InvokerProcess(Process process, Path log, int port, long startNanos) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.startNanos = startNanos;
  }

  /**
   * Starts {@code target} from {@code jar} with the invoker JARs in {@code invokerDir}, with
   * {@code env} added to a clean environment, and waits until it answers HTTP.
   */
  public static InvokerProcess start(Path invokerDir, Path jar, String target, Map<String, String> env)
      throws IOException, InterruptedException {
    return start(invokerDir, jar, target, env, freePort());
  }

  /** Like {@link #start(Path, Path, String, Map)} on {@code port} (e.g. one named in {@code env} beforehand). */
  public static InvokerProcess start(Path invokerDir, Path jar, String target, Map<String, String> env, int port)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("invoker-" + port + "-", ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xshare:auto",
        "-cp", invokerDir.toAbsolutePath() + File.separator + "*",
        "com.google.cloud.functions.invoker.runner.Invoker",
        "--classpath", jar.toAbsolutePath().toString(),
        "--target", target,
        "--port", Integer.toString(port)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("GEMINI") || k.startsWith("GOOGLE")
        || k.startsWith("FIRESTORE") || k.equals("API_KEYS") || k.startsWith("MODEL_") || k.startsWith("CACHE_") || k.startsWith("A2A_"));
    builder.environment().put("NO_GCE_CHECK", "true");
    builder.environment().putAll(env);
    long startNanos = System.nanoTime();
    InvokerProcess invoker = new InvokerProcess(builder.start(), log, port, startNanos);
    invoker.awaitReady(Duration.ofSeconds(30));
    return invoker;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** Everything the process printed so far. */
  public String output() throws IOException {
    return Files.readString(log);
  }

  /** The operating system's process id of the invoker (e.g. to read its {@code /proc} figures). */
  public long pid() {
    return process.pid();
  }

  /** {@link System#nanoTime()} just before the process was launched (cold-start timing). */
  public long startNanos() {
    return startNanos;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("invoker exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        client.send(HttpRequest.newBuilder(baseUri().resolve("/__ready")).timeout(Duration.ofSeconds(1)).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
    }
    close();
    throw new IllegalStateException("invoker did not answer within " + timeout + ":\n" + output());
  }

  /** Kills the process at once (SIGKILL): no shutdown hooks, no goodbye, as an instance dies in a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** A loopback port free at the time of the call. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
