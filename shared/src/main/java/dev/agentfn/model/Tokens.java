package dev.agentfn.model;

/**
 * Token counts without a tokenizer, for budgets and the offline provider's usage: one token per
 * CJK character, one per four other characters (rounded up), at least one for non-empty text.
 * Gemini's tokenizer gives about the same for English and Chinese prose.
 */
public final class Tokens {
  private Tokens() {}

  /** The estimated number of tokens in {@code text}. */
  public static long estimate(String text) {
    long cjk = 0;
    long other = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cjk(cp)) {
        cjk++;
      } else {
        other++;
      }
    }
    long tokens = cjk + (other + 3) / 4;
    return text.isEmpty() ? 0 : Math.max(1, tokens);
  }

  /**
   * {@code text} cut to at most about {@code maxTokens} tokens, ending with {@code …} when cut;
   * the empty string for a budget below one token.
   */
  public static String clip(String text, long maxTokens) {
    if (estimate(text) <= maxTokens) {
      return text;
    }
    if (maxTokens < 1) {
      return "";
    }
    long cjk = 0;
    long other = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (cjk(cp)) {
        cjk++;
      } else {
        other++;
      }
      if (cjk + (other + 3) / 4 >= maxTokens) {
        return text.substring(0, i) + "…";
      }
      i += Character.charCount(cp);
    }
    return text;
  }

  private static boolean cjk(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
  }
}
