package dev.agentfn.a2a.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google ID tokens for remote agents that are private Cloud Functions (or Cloud Run services):
 * minted for this instance's service account by the metadata server ({@code GCE_METADATA_HOST}),
 * one per audience, and reused until five minutes before they expire. Thread-safe.
 */
final class GoogleIdTokens {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final Duration EARLY = Duration.ofMinutes(5);
  /** Assumed lifetime when a token's {@code exp} cannot be read (Google's tokens live an hour). */
  private static final Duration LIFETIME = Duration.ofMinutes(55);

  private record Token(String value, Instant expires) {}

  private final HttpClient http;
  private final String metadataHost;
  private final Clock clock;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  GoogleIdTokens(HttpClient http, String metadataHost, Clock clock) {
    this.http = http;
    this.metadataHost = metadataHost;
    this.clock = clock;
  }

  /** A valid ID token whose audience is {@code audience}; throws {@link RemoteException} when none can be had. */
  String token(String audience) throws InterruptedException {
    Token cached = tokens.get(audience);
    if (cached != null && clock.instant().isBefore(cached.expires().minus(EARLY))) {
      return cached.value();
    }
    Token fresh = fetch(audience);
    tokens.put(audience, fresh);
    return fresh.value();
  }

  private Token fetch(String audience) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + metadataHost
            + "/computeMetadata/v1/instance/service-accounts/default/identity?audience="
            + URLEncoder.encode(audience, StandardCharsets.UTF_8)))
        .header("Metadata-Flavor", "Google").timeout(TIMEOUT).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new RemoteException("needs a Google ID token, but the metadata server is unreachable", false);
    }
    String token = response.body().strip();
    if (response.statusCode() != 200 || !token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*")) {
      throw new RemoteException("needs a Google ID token, but the metadata server answered HTTP "
          + response.statusCode(), false);
    }
    return new Token(token, expiry(token));
  }

  /** The token's {@code exp} claim, or its assumed lifetime from now. */
  private Instant expiry(String token) {
    try {
      JsonElement claims = JsonParser.parseString(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
          StandardCharsets.UTF_8));
      return Instant.ofEpochSecond(claims.getAsJsonObject().get("exp").getAsLong());
    } catch (RuntimeException e) {
      return clock.instant().plus(LIFETIME);
    }
  }
}
