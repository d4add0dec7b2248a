package dev.agentfn.model;

import dev.agentfn.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The provider used when no model is configured: answers deterministically, labels every answer
 * {@code offline}, estimates token usage, and can simulate latency ({@code OFFLINE_LATENCY_MS}).
 */
public final class OfflineModelClient implements ModelClient {
  /** The model name the offline provider reports. */
  public static final String MODEL = "offline";

  private static final int ECHO_LIMIT = 200;
  private static final int CONTEXT_ECHO_LIMIT = 40;

  private final Duration latency;

  public OfflineModelClient(Duration latency) {
    this.latency = latency;
  }

  @Override
  public String provider() {
    return MODEL;
  }

  @Override
  public ModelReply generate(ModelRequest request) {
    simulateLatency(request.deadline());
    String prompt = request.prompt().strip();
    String echo = prompt.codePointCount(0, prompt.length()) > ECHO_LIMIT
        ? prompt.substring(0, prompt.offsetByCodePoints(0, ECHO_LIMIT)) + "…"
        : prompt;
    String text = "[offline] No model provider is configured, so this is a placeholder answer. "
        + "You asked: \"" + echo + "\"" + context(request.history()) + ". Set GEMINI_API_KEY for real answers.";
    long input = estimateTokens(prompt)
        + (request.systemInstruction() == null ? 0 : estimateTokens(request.systemInstruction()));
    for (Turn turn : request.history()) {
      input += estimateTokens(turn.text());
    }
    return new ModelReply(text, MODEL, Usage.of(input, estimateTokens(text)));
  }

  /** What the placeholder says of a conversation: how many earlier messages, and the first one's start. */
  private static String context(List<Turn> history) {
    if (history.isEmpty()) {
      return "";
    }
    String first = history.get(0).text().strip();
    String start = first.codePointCount(0, first.length()) > CONTEXT_ECHO_LIMIT
        ? first.substring(0, first.offsetByCodePoints(0, CONTEXT_ECHO_LIMIT)) + "…"
        : first;
    return " after " + history.size() + " earlier message" + (history.size() == 1 ? "" : "s")
        + " starting \"" + start + "\"";
  }

  private void simulateLatency(Instant deadline) {
    if (latency.isZero()) {
      return;
    }
    long sleepMs = latency.toMillis();
    if (deadline != null) {
      long left = Duration.between(Instant.now(), deadline).toMillis();
      if (left < sleepMs) {
        sleep(Math.max(0, left));
        throw ApiException.deadlineExceeded("the model did not answer before the deadline");
      }
    }
    sleep(sleepMs);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.deadlineExceeded("the model call was interrupted");
    }
  }

  /**
   * A rough token estimate without a tokenizer: one token per CJK character, one per four other
   * characters (rounded up), at least one for non-empty text.
   */
  static long estimateTokens(String text) {
    long cjk = 0;
    long other = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
          || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL) {
        cjk++;
      } else {
        other++;
      }
    }
    long tokens = cjk + (other + 3) / 4;
    return text.isEmpty() ? 0 : Math.max(1, tokens);
  }
}
