package dev.agentfn.model;

import java.util.List;
import java.util.Objects;

/**
 * What a model sees of a conversation before a query: a summary of its older part (or null) and
 * its recent messages, oldest first.
 *
 * @param summary what the older turns said, sent as the system instruction; null when none
 * @param turns recent messages, sent as {@code contents} before the query
 */
public record History(String summary, List<Turn> turns) {
  /** No conversation: a query on its own. */
  public static final History NONE = new History(null, List.of());

  public History {
    turns = List.copyOf(Objects.requireNonNull(turns, "turns"));
  }

  /** True when there is nothing before the query. */
  public boolean isEmpty() {
    return summary == null && turns.isEmpty();
  }

  /** The system instruction that carries the summary, or null without one. */
  public String systemInstruction() {
    return summary == null ? null
        : "Summary of the earlier part of this conversation (the recent messages follow in full):\n" + summary;
  }
}
