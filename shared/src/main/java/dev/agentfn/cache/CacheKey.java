package dev.agentfn.cache;

import dev.agentfn.access.Fingerprint;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.Turn;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The cache key of an answer: SHA-256 (hex) over a canonical form of everything that changes the
 * answer — key schema version, provider, model, generation parameters, system prompt version, scope
 * and the normalised query, and for a conversation its system text, response schema and earlier turns.
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
    return sha256Hex(canonical(provider, model, temperature, maxOutputTokens, systemPromptVersion, scope, query)
        .toString());
  }

  /**
   * The key of a whole model request: {@link #of(String, String, Double, Integer, String, String, String)}'s
   * parts, then, only where present, the system instruction, the response schema, Google Search
   * grounding and every earlier turn of the conversation (role and normalised text), each tagged.
   * A plain question therefore keeps the key it has always had.
   *
   * @param provider the provider that answers ({@code gemini}, {@code offline})
   * @param systemPromptVersion the version of agentfn's own system prompt ({@code none} without one)
   * @param scope {@link #GLOBAL}, or a caller id when answers are isolated per caller
   */
  public static String of(String provider, ModelRequest request, String systemPromptVersion, String scope) {
    StringBuilder canonical = canonical(provider, request.model(), request.temperature(), request.maxOutputTokens(),
        systemPromptVersion, scope, request.prompt());
    if (request.systemInstruction() != null) {
      append(canonical, "system", normalize(request.systemInstruction()));
    }
    if (request.responseJsonSchema() != null) {
      append(canonical, "schema", request.responseJsonSchema());
    }
    if (request.googleSearch()) {
      append(canonical, "grounded");
    }
    if (!request.history().isEmpty()) {
      append(canonical, "turns", Integer.toString(request.history().size()));
      for (Turn turn : request.history()) {
        append(canonical, turn.role().wireName(), normalize(turn.text()));
      }
    }
    return sha256Hex(canonical.toString());
  }

  private static StringBuilder canonical(String provider, String model, Double temperature,
      Integer maxOutputTokens, String systemPromptVersion, String scope, String query) {
    return append(new StringBuilder(), SCHEMA,
        Objects.requireNonNull(provider, "provider"),
        Objects.requireNonNull(model, "model"),
        // + 0.0 folds -0.0 into 0.0: the same temperature for the model.
        temperature == null ? "-" : Double.toString(temperature + 0.0),
        maxOutputTokens == null ? "-" : Integer.toString(maxOutputTokens),
        Objects.requireNonNull(systemPromptVersion, "systemPromptVersion"),
        Objects.requireNonNull(scope, "scope"),
        normalize(query));
  }

  /** Appends length-prefixed parts: no value can shift into its neighbour. */
  private static StringBuilder append(StringBuilder canonical, String... parts) {
    for (String part : parts) {
      canonical.append(part.length()).append(':').append(part).append(';');
    }
    return canonical;
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
