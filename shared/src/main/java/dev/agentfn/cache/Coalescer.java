package dev.agentfn.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What the answer cache does when neither level has an answer: compute it here, or agree with the
 * other instances that exactly one of them computes it while the others wait for its answer in L2
 * (cross-instance single-flight). Either way a computed answer ends up in L2. Thread-safe.
 */
public interface Coalescer {

  /**
   * The answer to {@code key} after an L1 and L2 miss: computed here by {@code compute} (level null)
   * and stored in L2, or computed by another instance and read from L2 (level {@link CacheLevel#L2}).
   * Exceptions of {@code compute} propagate.
   *
   * @param deadline when the caller stops waiting for another instance's answer
   *     ({@code deadline_exceeded}), or null to wait as long as that instance holds its lease
   */
  AnswerCache.Lookup miss(String key, Instant deadline, Supplier<CachedAnswer> compute);

  /** Counters for {@code /cache/stats}. */
  Stats stats();

  /**
   * Counters of a coalescer.
   *
   * @param led model calls made here under a lease
   * @param coalesced misses answered by another instance's model call
   * @param takeovers leases taken over from a holder that died (its lease expired without an answer)
   * @param errors lease operations that failed (the miss was then computed here: fail open)
   * @param waiting misses waiting for another instance's answer now
   */
  record Stats(boolean enabled, long led, long coalesced, long takeovers, long errors, long waiting) {}

  /** No coordination: compute here and store the answer in L2 in the background. */
  static Coalescer alone(CacheStore l2) {
    return new LoneCoalescer(l2);
  }

  /**
   * Single-flight across instances through leases in Firestore collection {@value LeasedCoalescer#COLLECTION}
   * beside {@code l2}: the holder computes, stores the answer in L2 before it lets go of its lease, and
   * renews the lease while it works; the others poll the lease and then read L2, and take over a lease
   * whose holder died. Lease calls fail open (the miss is computed here) and count as L2 errors.
   *
   * @param lease how long a lease lives without renewal ({@code CACHE_LEASE_SECONDS}): the longest a
   *     waiter waits for a holder that died
   * @param holder this instance's name in the leases it holds
   */
  static Coalescer leases(FirestoreCacheStore l2, Duration timeout, Duration lease, Clock clock, String holder) {
    return new LeasedCoalescer(l2, timeout, lease, clock, holder);
  }
}
