package dev.agentfn.http;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-origin access for browsers: with allowed origins configured, responses to an allowed
 * {@code Origin} carry {@code Access-Control-Allow-Origin}, and preflight {@code OPTIONS} requests
 * are answered with the endpoint's methods and the headers the API reads. No origins = no CORS
 * headers at all. Immutable.
 */
public final class Cors {
  static final String ALLOW_HEADERS = "Content-Type, Authorization, X-API-Key, X-Request-Id, Accept";
  static final String EXPOSE_HEADERS = "X-Request-Id, Retry-After";
  static final String MAX_AGE_SECONDS = "600";

  private final Set<String> origins;
  private final boolean anyOrigin;

  /** @param origins allowed origins such as {@code https://app.example}, or {@code *} for any */
  public Cors(List<String> origins) {
    this.origins = Set.copyOf(origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList());
    this.anyOrigin = this.origins.contains("*");
  }

  /** No CORS headers. */
  public static Cors none() {
    return new Cors(List.of());
  }

  /** {@code response} with the CORS headers this request's origin is due. */
  public ApiResponse apply(Exchange exchange, ApiResponse response) {
    Optional<String> origin = exchange.header("Origin").map(String::strip);
    if (origins.isEmpty() || origin.isEmpty() || !allowed(origin.get())) {
      return response;
    }
    ApiResponse out = response
        .withHeader("Access-Control-Allow-Origin", anyOrigin ? "*" : origin.get())
        .withHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    if (!anyOrigin) {
      out = out.withHeader("Vary", "Origin");
    }
    String allow = response.headers().get("Allow");
    boolean preflight = "OPTIONS".equalsIgnoreCase(exchange.method())
        && exchange.header("Access-Control-Request-Method").isPresent();
    if (preflight && allow != null) {
      out = out.withHeader("Access-Control-Allow-Methods", allow)
          .withHeader("Access-Control-Allow-Headers", ALLOW_HEADERS)
          .withHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
    }
    return out;
  }

  private boolean allowed(String origin) {
    return anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT));
  }
}
