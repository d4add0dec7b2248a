package dev.agentfn.cache;

import dev.agentfn.access.Fingerprint;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The cache key of an answer: SHA-256 (hex) over a canonical form of everything that changes the
 * answer — key schema version, provider, model, generation parameters, system prompt version, scope
 * and the normalised query.
 */
public final class CacheKey {
  /** Bump when the key's canonical form or the cached value's meaning changes. */
  static final String SCHEMA = "v3";

  /** {@code CACHE_SCOPE} value under which all callers share answers. */
  public static final String GLOBAL = "global";

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private CacheKey() {}

  /**
   * Computes the key.
   *
   * @param provider the provider that answers ({@code gemini}, {@code offline}): never each other's answers
   * @param model the model that answers
   * @param temperature null for the model's default
   * @param maxOutputTokens null for the model's default
   * @param systemPromptVersion the version of the system prompt used ({@code none} without one)
   * @param scope {@link #GLOBAL}, or a caller id when answers are isolated per caller
   * @param query the raw query (normalised here)
   */
  public static String of(String provider, String model, Double temperature, Integer maxOutputTokens,
      String systemPromptVersion, String scope, String query) {
    StringBuilder canonical = new StringBuilder();
    for (String part : new String[] {
        SCHEMA,
        Objects.requireNonNull(provider, "provider"),
        Objects.requireNonNull(model, "model"),
        // + 0.0 folds -0.0 into 0.0: the same temperature for the model.
        temperature == null ? "-" : Double.toString(temperature + 0.0),
        maxOutputTokens == null ? "-" : Integer.toString(maxOutputTokens),
        Objects.requireNonNull(systemPromptVersion, "systemPromptVersion"),
        Objects.requireNonNull(scope, "scope"),
        normalize(query)}) {
      // Length-prefixed parts: no value can shift into its neighbour.
      canonical.append(part.length()).append(':').append(part).append(';');
    }
    return sha256Hex(canonical.toString());
  }

  /** The hash of the normalised query, stored beside an answer (the key itself mixes in more). */
  public static String queryHash(String query) {
    return sha256Hex(normalize(query));
  }

  /** Unicode NFC, trimmed, inner whitespace collapsed to one space; case is kept. */
  public static String normalize(String query) {
    String stripped = Normalizer.normalize(query, Normalizer.Form.NFC).strip();
    return needsCollapsing(stripped) ? WHITESPACE.matcher(stripped).replaceAll(" ") : stripped;
  }

  /** True when {@code text} has whitespace other than single spaces (skips the regex on most queries). */
  private static boolean needsCollapsing(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' ? i + 1 < text.length() && isRegexSpace(text.charAt(i + 1)) : isRegexSpace(c)) {
        return true;
      }
    }
    return false;
  }

  /** The characters of the regex class {@code \\s}. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** SHA-256 of the UTF-8 text, as lower-case hex. */
  public static String sha256Hex(String text) {
    return HexFormat.of().formatHex(Fingerprint.sha256(text));
  }
}
