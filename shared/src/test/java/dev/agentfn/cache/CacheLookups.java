package dev.agentfn.cache;

import java.time.Clock;
import java.util.function.Supplier;

/** Plain lookups for tests: no deltas, the computation a supplier, 30 s on {@code clock} to wait. */
final class CacheLookups {
  private CacheLookups() {}

  static AnswerCache.Lookup get(AnswerCache cache, Clock clock, String key, Supplier<CachedAnswer> compute) {
    return cache.get(key, clock.instant().plusSeconds(30), (deadline, deltas) -> compute.get(), null);
  }
}
