package dev.agentfn.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The harness's HTTP client calls (loopback only): a JSON POST or a GET that must answer as expected. */
final class BenchHttp {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BenchHttp() {}

  /** POSTs JSON and returns the body; any status but {@code expected} is an error. */
  static String post(HttpClient http, URI uri, String json, int expected) throws IOException, InterruptedException {
    return check(uri, http.send(HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()), expected);
  }

  /** POSTs JSON with the shared client and expects 200. */
  static String post(URI uri, String json) throws IOException, InterruptedException {
    return post(CLIENT, uri, json, 200);
  }

  /** GETs and returns the body; any status but 200 is an error. */
  static String get(URI uri) throws IOException, InterruptedException {
    return check(uri, CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofString()), 200);
  }

  private static String check(URI uri, HttpResponse<String> response, int expected) {
    if (response.statusCode() != expected) {
      throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
