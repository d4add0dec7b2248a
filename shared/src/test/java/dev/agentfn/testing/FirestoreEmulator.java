package dev.agentfn.testing;

import com.google.cloud.firestore.Firestore;
import dev.agentfn.firestore.Firestores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Firestore emulator ({@code tools/firestore-emulator}, npm {@code @firestore-emulator/server})
 * in a child {@code node} process on a free loopback port, with the faults tests need: {@link #kill()}
 * (fast UNAVAILABLE), {@link #freeze()} (hangs), {@link #restart()}. Stopped by its process handle.
 *
 * <p>The build installs the emulator before the integration tests (exec-maven-plugin, {@code npm ci}).
 */
public final class FirestoreEmulator implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("READY grpc=(\\d+) http=(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Firestore> clients = new ArrayList<>();
  private Process process;
  private int grpcPort;
  private int controlPort;

  private FirestoreEmulator(Path dir, Path log) {
    this.dir = dir;
    this.log = log;
  }

  /**
   * Starts an emulator on a free loopback port and waits until it serves. Throws unchecked, so a
   * test class can hold one in {@code @AutoClose static final FirestoreEmulator emulator = start();}.
   */
  public static FirestoreEmulator start() {
    try {
      FirestoreEmulator emulator = new FirestoreEmulator(launcherDir(),
          Files.createTempFile("firestore-emulator-", ".log"));
      emulator.launch(0);
      return emulator;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the Firestore emulator", e);
    }
  }

  /** {@code 127.0.0.1:PORT}, the value of {@code FIRESTORE_EMULATOR_HOST}. */
  public String host() {
    return "127.0.0.1:" + grpcPort;
  }

  /**
   * A client of this emulator in {@code projectId} (use a unique {@code demo-…} id per test class to
   * isolate data), with explicit emulator credentials. Closed with the emulator.
   */
  public synchronized Firestore client(String projectId) {
    Firestore client = Firestores.emulator(host(), projectId, "(default)").getService();
    clients.add(client);
    return client;
  }

  /** Deletes every document of every project. */
  public void reset() throws IOException, InterruptedException {
    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort + "/reset"))
        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 204) {
      throw new IllegalStateException("emulator reset answered " + response.statusCode());
    }
  }

  /** Leaves a running, empty emulator: restarted if a test killed it, else every document deleted. */
  public synchronized void empty() throws IOException, InterruptedException {
    if (isAlive()) {
      reset();
    } else {
      restart();
    }
  }

  /** Hard stop (SIGKILL): clients then get fast UNAVAILABLE errors. Data is lost. */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Suspends the process (SIGSTOP): connections stay open and calls hang. */
  public synchronized void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Resumes a frozen process (SIGCONT). */
  public synchronized void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  /** Kills the emulator if it runs and starts a fresh, empty one on the same port. */
  public synchronized void restart() throws IOException, InterruptedException {
    kill();
    launch(grpcPort);
  }

  /** Whether the process is running (frozen or not). */
  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Everything the emulator wrote to stderr. */
  public String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public synchronized void close() throws InterruptedException {
    kill();
    clients.forEach(Firestore::shutdownNow);
    clients.clear();
  }

  private void launch(int port) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("node", dir.resolve("launcher.js").toString(), Integer.toString(port))
        .directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = builder.start();
    CompletableFuture<Matcher> ready = new CompletableFuture<>();
    Process started = process;
    Thread reader = new Thread(() -> readStdout(started, ready), "firestore-emulator-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      Matcher matcher = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      grpcPort = Integer.parseInt(matcher.group(1));
      controlPort = Integer.parseInt(matcher.group(2));
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException("Firestore emulator did not start (run `npm ci` in " + dir + "?):\n"
          + output(), e);
    }
  }

  private static void readStdout(Process process, CompletableFuture<Matcher> ready) {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        Matcher matcher = READY.matcher(line);
        if (matcher.find()) {
          ready.complete(matcher);
        }
      }
      ready.completeExceptionally(new IllegalStateException("emulator exited before it was ready"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
  }

  private void signal(String name) throws IOException, InterruptedException {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException("emulator is not running");
    }
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " failed");
    }
  }

  private static Path launcherDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("tools").resolve("firestore-emulator");
      if (Files.isRegularFile(candidate.resolve("launcher.js"))) {
        if (!Files.isDirectory(candidate.resolve("node_modules"))) {
          throw new IllegalStateException("the Firestore emulator is not installed: run `node ../ensure-npm-deps.mjs` in "
              + candidate + " (the build's pre-integration-test phase does it)");
        }
        return candidate;
      }
    }
    throw new IllegalStateException("tools/firestore-emulator/launcher.js not found above " + Path.of("").toAbsolutePath());
  }
}
