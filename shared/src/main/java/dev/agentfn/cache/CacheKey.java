package dev.agentfn.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The cache key of an answer: SHA-256 (hex) over a canonical form of everything that changes the
 * answer — key schema version, model, generation parameters, scope and the normalised query.
 */
public final class CacheKey {
  /** Bump when the key's canonical form or the cached value's meaning changes. */
  static final String SCHEMA = "v1";

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private CacheKey() {}

  /**
   * Computes the key.
   *
   * @param model the model that answers
   * @param temperature null for the model's default
   * @param maxOutputTokens null for the model's default
   * @param systemPromptVersion the version of any system prompt used, or null
   * @param scope {@code global}, or a caller id when answers are isolated per caller
   * @param query the raw query (normalised here)
   */
  public static String of(String model, Double temperature, Integer maxOutputTokens,
      String systemPromptVersion, String scope, String query) {
    String canonical = String.join("\u0000",
        SCHEMA,
        model,
        temperature == null ? "-" : Double.toString(temperature),
        maxOutputTokens == null ? "-" : Integer.toString(maxOutputTokens),
        systemPromptVersion == null ? "-" : systemPromptVersion,
        scope,
        normalize(query));
    return sha256Hex(canonical);
  }

  /** Unicode NFC, trimmed, inner whitespace collapsed to one space; case is kept. */
  public static String normalize(String query) {
    String nfc = Normalizer.normalize(query, Normalizer.Form.NFC);
    return WHITESPACE.matcher(nfc.strip()).replaceAll(" ");
  }

  /** SHA-256 of the UTF-8 text, as lower-case hex. */
  public static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
