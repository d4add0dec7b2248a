package dev.agentfn.model;

import com.google.auth.oauth2.GoogleCredentials;
import dev.agentfn.config.Config;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The deep health check of the Gemini provider: one models.get metadata call (free, no tokens) for
 * the fast model over plain JDK HTTP, so the health function needs no model SDK. Thread-safe.
 */
final class GeminiProbe {
  private static final String DEVELOPER_API = "https://generativelanguage.googleapis.com";
  private static final Duration MAX_TIMEOUT = Duration.ofSeconds(5);

  private final Config config;
  private final HttpClient http;

  GeminiProbe(Config config, HttpClient http) {
    this.config = config;
    this.http = http;
  }

  /** {@code ok}, or a short reason (never the upstream's text); never throws. */
  String probe() {
    try {
      HttpResponse<Void> response = http.send(request(), HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      if (status == 200) {
        return "ok";
      }
      return (status == 401 || status == 403 ? "unauthorized" : "unavailable") + " (HTTP " + status + ")";
    } catch (HttpTimeoutException e) {
      return "timeout";
    } catch (IOException | RuntimeException e) {
      return "unreachable (" + e.getClass().getSimpleName() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private HttpRequest request() throws IOException {
    Duration timeout = config.modelTimeout().compareTo(MAX_TIMEOUT) < 0 ? config.modelTimeout() : MAX_TIMEOUT;
    HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(timeout).GET();
    String model = config.modelFast();
    if (config.vertexAi() && config.googleCloudProject() != null) {
      String location = config.googleCloudLocation() == null ? "global" : config.googleCloudLocation();
      String base = config.geminiBaseUrl() != null ? config.geminiBaseUrl()
          : "global".equals(location) ? "https://aiplatform.googleapis.com"
          : "https://" + location + "-aiplatform.googleapis.com";
      GoogleCredentials credentials = GoogleCredentials.getApplicationDefault()
          .createScoped("https://www.googleapis.com/auth/cloud-platform");
      credentials.refreshIfExpired();
      return builder.uri(URI.create(base + "/v1/projects/" + config.googleCloudProject() + "/locations/" + location
              + "/publishers/google/models/" + model))
          .header("Authorization", "Bearer " + credentials.getAccessToken().getTokenValue())
          .build();
    }
    String base = config.geminiBaseUrl() != null ? config.geminiBaseUrl() : DEVELOPER_API;
    return builder.uri(URI.create(base + "/v1/models/" + model)).header("x-goog-api-key", config.geminiApiKey())
        .build();
  }
}
