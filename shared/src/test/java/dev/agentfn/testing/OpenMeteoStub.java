package dev.agentfn.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server speaking Open-Meteo's protocol: {@code GET /v1/search?name=...} (geocoding) and
 * {@code GET /v1/forecast?latitude=..&longitude=..&current=...} (current conditions), for the places
 * registered with {@link #place}. Records every request path. Stopped by {@link #close()}.
 */
public final class OpenMeteoStub implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Place> places = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile long latencyMs;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile int failStatus;

  private record Place(String name, String country, double latitude, double longitude, double temperature, int code) {}

  private OpenMeteoStub(HttpServer server) {
    this.server = server;
  }

  /** Starts the stub on a free loopback port with 北京/Beijing and Paris known. */
  public static OpenMeteoStub start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OpenMeteoStub stub = new OpenMeteoStub(server);
    stub.place("北京", "北京", "中国", 39.9075, 116.39723, 12.5, 0)
        .place("beijing", "Beijing", "China", 39.9075, 116.39723, 12.5, 0)
        .place("paris", "Paris", "France", 48.85341, 2.3488, 8.0, 61);
    server.createContext("/v1/search", stub::search);
    server.createContext("/v1/forecast", stub::forecast);
    server.setExecutor(stub.threads);
    server.start();
    return stub;
  }

  /** Registers a place under {@code query} (matched case-insensitively) with its current temperature and WMO code. */
  public OpenMeteoStub place(String query, String name, String country, double latitude, double longitude,
      double temperature, int weatherCode) {
    places.put(query.toLowerCase(java.util.Locale.ROOT), new Place(name, country, latitude, longitude, temperature, weatherCode));
    return this;
  }

  /** Makes every answer take this long. */
  public OpenMeteoStub latency(long millis) {
    this.latencyMs = millis;
    return this;
  }

  /** Holds every request from now on until {@link #release()} (at most a minute): an upstream as slow as the test wants. */
  public OpenMeteoStub hold() {
    gate = new CountDownLatch(1);
    return this;
  }

  /** Lets held requests (and later ones) through. */
  public void release() {
    gate.countDown();
  }

  /** Makes every request fail with {@code status} (0 = answer normally). */
  public OpenMeteoStub failWith(int status) {
    this.failStatus = status;
    return this;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request's path and query, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void search(HttpExchange exchange) throws IOException {
    if (!prepare(exchange)) {
      return;
    }
    String name = query(exchange, "name");
    Place place = name == null ? null : places.get(name.strip().toLowerCase(java.util.Locale.ROOT));
    String body = place == null ? "{\"generationtime_ms\":0.1}"
        : String.format(java.util.Locale.ROOT,
            "{\"results\":[{\"id\":1,\"name\":\"%s\",\"latitude\":%s,\"longitude\":%s,\"country\":\"%s\","
                + "\"timezone\":\"Asia/Shanghai\"}],\"generationtime_ms\":0.2}",
            place.name(), place.latitude(), place.longitude(), place.country());
    send(exchange, 200, body);
  }

  private void forecast(HttpExchange exchange) throws IOException {
    if (!prepare(exchange)) {
      return;
    }
    String latitude = query(exchange, "latitude");
    Place place = places.values().stream()
        .filter(p -> latitude != null && Double.parseDouble(latitude) == p.latitude())
        .findFirst().orElse(null);
    if (place == null || query(exchange, "current") == null) {
      send(exchange, 400, "{\"error\":true,\"reason\":\"unknown location\"}");
      return;
    }
    send(exchange, 200, String.format(java.util.Locale.ROOT,
        "{\"latitude\":%s,\"longitude\":%s,\"current_units\":{\"temperature_2m\":\"°C\"},"
            + "\"current\":{\"time\":\"2026-11-25T12:00\",\"interval\":900,\"temperature_2m\":%s,"
            + "\"apparent_temperature\":%s,\"relative_humidity_2m\":40,\"weather_code\":%d,\"wind_speed_10m\":5.2}}",
        place.latitude(), place.longitude(), place.temperature(), place.temperature() - 2, place.code()));
  }

  private boolean prepare(HttpExchange exchange) throws IOException {
    requests.add(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
    try {
      gate.await(1, TimeUnit.MINUTES);
      if (latencyMs > 0) {
        Thread.sleep(latencyMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failStatus != 0) {
      send(exchange, failStatus, "{\"error\":true,\"reason\":\"stub failure\"}");
      return false;
    }
    return true;
  }

  private static String query(HttpExchange exchange, String name) {
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return null;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
