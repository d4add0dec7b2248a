package dev.agentfn.cache;

import dev.agentfn.model.Usage;
import java.time.Instant;
import java.util.Objects;

/**
 * An answer as stored in the cache, with the usage of the call that produced it and its lifetime.
 *
 * @param expireAt when the answer stops being served (checked on every read)
 */
public record CachedAnswer(String answer, String model, Usage usage, Instant createdAt, Instant expireAt) {
  public CachedAnswer {
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expireAt, "expireAt");
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expireAt);
  }
}
