package dev.agentfn.session;

import java.util.Objects;

/**
 * A running summary of a conversation's older turns.
 *
 * @param text what turns 1 to {@code through} said, as the fast model wrote it (or an omission marker)
 * @param through the last turn it covers
 */
public record Summary(String text, long through) {
  public Summary {
    Objects.requireNonNull(text, "text");
  }
}
