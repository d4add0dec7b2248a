package dev.agentfn.cache;

import dev.agentfn.model.Usage;
import java.time.Instant;
import java.util.Objects;

/**
 * An answer as stored in the cache, with the usage of the call that produced it and its lifetime.
 *
 * @param expireAt when the answer stops being served (checked on every read)
 * @param queryHash {@link CacheKey#queryHash} of the query it answers
 */
public record CachedAnswer(String answer, String model, Usage usage, Instant createdAt, Instant expireAt,
    String queryHash) {
  public CachedAnswer {
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expireAt, "expireAt");
    Objects.requireNonNull(queryHash, "queryHash");
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expireAt);
  }
}
