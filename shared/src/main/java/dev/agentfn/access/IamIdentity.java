package dev.agentfn.access;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.http.Exchange;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The caller's Google identity as Cloud Run's IAM check verified it ({@code CALLER_IDENTITY=iam}).
 *
 * <p>What reaches the function: Cloud Run (under Cloud Functions 2nd gen) checks the ID token of a
 * request to a private service itself, and passes the token on to the container with its
 * signature removed (Cloud Run's "Authenticating service-to-service" documentation: "Cloud Run
 * removes the token signature before passing the token to the user container"); the third JWT
 * segment then reads {@code SIGNATURE_REMOVED_BY_GOOGLE}. The token comes in
 * {@code X-Serverless-Authorization} when the client sent it there (then {@code Authorization} is
 * left to the application), else in {@code Authorization}. No other header carries the identity.
 *
 * <p>What is chosen: the unsigned token cannot be verified here (that is the point of removing the
 * signature), so its claims are trusted only because Cloud Run verified them, which holds only for
 * a function that is not public: hence a switch the deployment sets ({@code infra/} sets it on the
 * private functions), and only a token carrying the removal marker counts. The caller is named
 * {@code iam:} plus 12 hex digits of the SHA-256 of its {@code email} claim (else {@code sub}), like
 * key callers: stable, and no personal data in logs.
 */
public final class IamIdentity {
  /** What Cloud Run puts in place of the signature of a token it verified. */
  static final String SIGNATURE_REMOVED = "SIGNATURE_REMOVED_BY_GOOGLE";
  private static final int MAX_TOKEN_CHARS = 8192;

  private IamIdentity() {}

  /** The caller id of the verified identity the request carries, if it carries one. */
  public static Optional<String> of(Exchange exchange) {
    for (String header : List.of("X-Serverless-Authorization", "Authorization")) {
      Optional<String> identity = exchange.header(header).flatMap(IamIdentity::identity);
      if (identity.isPresent()) {
        return identity.map(name -> "iam:" + Fingerprint.of(name));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> identity(String value) {
    String trimmed = value.strip();
    if (trimmed.length() > MAX_TOKEN_CHARS || !trimmed.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      return Optional.empty();
    }
    String[] parts = trimmed.substring(7).strip().split("\\.", -1);
    if (parts.length != 3 || !SIGNATURE_REMOVED.equals(parts[2])) {
      return Optional.empty();
    }
    try {
      JsonElement payload = JsonParser.parseString(
          new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      if (!payload.isJsonObject()) {
        return Optional.empty();
      }
      return claim(payload.getAsJsonObject(), "email").or(() -> claim(payload.getAsJsonObject(), "sub"));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> claim(JsonObject payload, String name) {
    JsonElement value = payload.get(name);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
        && !value.getAsString().isBlank() ? Optional.of(value.getAsString()) : Optional.empty();
  }
}
