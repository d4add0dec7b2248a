package dev.agentfn.session;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded exchange of a conversation.
 *
 * @param number the turn's number in its session, from 1 (0 before it is recorded)
 * @param query what the caller asked
 * @param answer what the model answered
 * @param model the model that answered
 * @param createdAt when it was recorded
 * @param expireAt when it stops being part of the session
 * @param summary the summary of older turns that this turn was answered with, or null; a session's
 *     newest summary rides on its newest turns, so that no document is ever rewritten
 */
public record StoredTurn(long number, String query, String answer, String model, Instant createdAt,
    Instant expireAt, Summary summary) {
  public StoredTurn {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expireAt, "expireAt");
  }

  /** This turn as number {@code n}. */
  public StoredTurn withNumber(long n) {
    return new StoredTurn(n, query, answer, model, createdAt, expireAt, summary);
  }

  /** Whether the turn is still part of its session at {@code now}. */
  public boolean live(Instant now) {
    return expireAt.isAfter(now);
  }

  /** The characters it holds, as a measure of its size in memory. */
  long chars() {
    return query.length() + answer.length() + (summary == null ? 0 : summary.text().length());
  }
}
