package dev.agentfn.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Gemini-protocol stub on loopback: answers every {@code generateContent} call with a minimal
 * reply after a fixed latency, each call on its own thread so that calls overlap as on the real
 * service. Stopped by {@link #close()}.
 */
final class GeminiStub implements AutoCloseable {
  private static final byte[] REPLY = ("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}]},"
      + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2,"
      + "\"totalTokenCount\":7}}").getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger calls = new AtomicInteger();

  GeminiStub(long latencyMs) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      calls.incrementAndGet();
      try {
        Thread.sleep(latencyMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, REPLY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(REPLY);
      }
    });
    server.start();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  int calls() {
    return calls.get();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
