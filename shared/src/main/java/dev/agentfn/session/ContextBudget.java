package dev.agentfn.session;

import dev.agentfn.model.History;
import dev.agentfn.model.Tokens;
import dev.agentfn.model.Turn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a conversation into {@code SESSION_MAX_CONTEXT_TOKENS}: the recent turns in full, the older
 * ones as a running summary. When the summary, the turns and the query would pass the budget (or
 * there are more than {@value #MAX_TAIL_TURNS} turns), the oldest turns are folded into the summary
 * until the rest takes at most half of what the summary leaves, so that folding (one fast-model
 * call) happens every few turns rather than on each. Token counts are {@link Tokens} estimates.
 */
final class ContextBudget {
  /** Most turns sent in full. */
  static final int MAX_TAIL_TURNS = 24;
  /** Longest summary, in tokens (and at most a quarter of the budget). */
  static final long MAX_SUMMARY_TOKENS = 4000;

  private final long maxTokens;
  private final Summarizer summarizer;

  ContextBudget(long maxTokens, Summarizer summarizer) {
    this.maxTokens = maxTokens;
    this.summarizer = summarizer;
  }

  /**
   * What a turn is answered with.
   *
   * @param summary the summary to record with the turn (it may cover more than the model was sent)
   * @param history what the model is sent before the query
   */
  record Fitted(Summary summary, History history) {}

  Fitted fit(Recent recent, String query, String payer, Instant deadline) {
    long available = Math.max(0, maxTokens - Tokens.estimate(query));
    long summaryCap = Math.min(MAX_SUMMARY_TOKENS, maxTokens / 4);
    Summary summary = recent.summary();
    if (recent.unseenFrom() > 0) {
      summary = Summarizer.dropped(summary, recent.unseenFrom(), recent.unseenTo(), "too many turns at once",
          summaryCap);
    }
    List<StoredTurn> tail = recent.tail();
    if (cost(summary) + cost(tail) > available || tail.size() > MAX_TAIL_TURNS) {
      long target = Math.max(0, (available - summaryCap) / 2);
      int keep = 0;
      long used = 0;
      for (int i = tail.size() - 1; i >= 0 && keep < MAX_TAIL_TURNS / 2; i--) {
        long cost = cost(tail.get(i));
        if (used + cost > target) {
          break;
        }
        used += cost;
        keep++;
      }
      List<StoredTurn> fold = tail.subList(0, tail.size() - keep);
      if (!fold.isEmpty()) {
        summary = summarizer.fold(summary, fold, summaryCap, payer, deadline);
        tail = tail.subList(tail.size() - keep, tail.size());
      }
    }
    return new Fitted(summary, history(summary, tail, available));
  }

  /** The turns as messages, and as much of the summary as the rest of the budget holds (none if too little). */
  private static History history(Summary summary, List<StoredTurn> tail, long available) {
    List<Turn> messages = new ArrayList<>();
    for (StoredTurn turn : tail) {
      messages.add(Turn.user(turn.query()));
      messages.add(Turn.model(turn.answer()));
    }
    String text = null;
    if (summary != null) {
      long room = available - cost(tail) - cost(new Summary("", 0)) - 1;
      text = room < 1 ? null : Tokens.clip(summary.text(), room);
    }
    return new History(text == null || text.isEmpty() ? null : text, messages);
  }

  /** Tokens of the summary as the model is sent it (with its framing). */
  private static long cost(Summary summary) {
    return summary == null ? 0 : Tokens.estimate(new History(summary.text(), List.of()).systemInstruction());
  }

  private static long cost(List<StoredTurn> turns) {
    return turns.stream().mapToLong(ContextBudget::cost).sum();
  }

  private static long cost(StoredTurn turn) {
    return Tokens.estimate(turn.query()) + Tokens.estimate(turn.answer());
  }
}
