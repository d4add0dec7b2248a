package dev.agentfn.session;

import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.Tokens;
import dev.agentfn.stats.UsageStats;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;

/**
 * Folds older turns into a conversation's running summary with the fast model. When that call
 * fails, the turns are dropped and the summary says so with a marker: a turn is answered either
 * way, and its prompt never grows past the budget. Thread-safe.
 */
public final class Summarizer {
  private static final System.Logger LOG = System.getLogger(Summarizer.class.getName());
  static final String INSTRUCTION = "You keep a running summary of a conversation between a user and an "
      + "assistant. Merge the new exchanges into the current summary. Keep the facts, names, numbers, "
      + "decisions, preferences and open questions that later messages may refer back to; drop pleasantries. "
      + "Write in the conversation's language. Answer with the updated summary only.";

  private final ModelClient model;
  private final ModelCatalog catalog;
  private final UsageStats stats;

  public Summarizer(ModelClient model, ModelCatalog catalog, UsageStats stats) {
    this.model = model;
    this.catalog = catalog;
    this.stats = stats;
  }

  /**
   * {@code previous} (or nothing) with {@code turns} folded in, at most about {@code maxTokens} long.
   *
   * @param turns the turns to fold, oldest first, none of them covered by {@code previous}
   * @param payer the caller whose budget the summary's model call is charged to (the session's owner)
   */
  public Summary fold(Summary previous, List<StoredTurn> turns, long maxTokens, String payer, Instant deadline) {
    long through = turns.get(turns.size() - 1).number();
    try {
      ModelReply reply = model.generate(new ModelRequest(catalog.fast(), prompt(previous, turns, maxTokens),
          INSTRUCTION, null, (int) maxTokens, null, false, deadline).paidBy(payer));
      stats.recordModelCall(reply.model(), reply.usage(), catalog.cost(reply.model(), reply.usage()));
      return new Summary(Tokens.clip(reply.text().strip(), maxTokens), through);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "summarising turns " + turns.get(0).number() + "-" + through
          + " failed; they are dropped from the model's context: " + e);
      return dropped(previous, turns.get(0).number(), through, "they could not be summarised", maxTokens);
    }
  }

  /** {@code previous} (or nothing) with a marker saying that turns {@code from..to} were dropped, and why. */
  static Summary dropped(Summary previous, long from, long to, String why, long maxTokens) {
    String marker = "[turns " + from + "–" + to + " were dropped from the context: " + why + "]";
    String text = previous == null ? marker
        : Tokens.clip(previous.text(), maxTokens - Tokens.estimate(marker) - 1) + "\n" + marker;
    return new Summary(text, to);
  }

  /** The summary so far and the new exchanges, each message cut so that the whole stays near the budget. */
  private static String prompt(Summary previous, List<StoredTurn> turns, long maxTokens) {
    long perMessage = Math.max(100, 4 * maxTokens / (2L * turns.size()));
    StringBuilder prompt = new StringBuilder("Current summary:\n")
        .append(previous == null ? "(none yet)" : previous.text())
        .append("\n\nNew exchanges:\n");
    for (StoredTurn turn : turns) {
      prompt.append("\nUser: ").append(Tokens.clip(turn.query(), perMessage))
          .append("\nAssistant: ").append(Tokens.clip(turn.answer(), perMessage)).append('\n');
    }
    return prompt.append("\nThe updated summary:").toString();
  }
}
