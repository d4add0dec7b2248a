package dev.agentfn.cache;

import java.time.Instant;
import java.util.function.Supplier;

/** The {@link Coalescer} without coordination: every instance computes its own misses. */
final class LoneCoalescer implements Coalescer {
  private final CacheStore l2;

  LoneCoalescer(CacheStore l2) {
    this.l2 = l2;
  }

  @Override
  public AnswerCache.Lookup miss(String key, Instant deadline, Supplier<CachedAnswer> compute) {
    CachedAnswer fresh = compute.get();
    l2.put(key, fresh);
    return new AnswerCache.Lookup(fresh, null);
  }

  @Override
  public Stats stats() {
    return new Stats(false, 0, 0, 0, 0, 0);
  }
}
