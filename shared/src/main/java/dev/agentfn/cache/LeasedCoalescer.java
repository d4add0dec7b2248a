package dev.agentfn.cache;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import dev.agentfn.api.ApiException;
import dev.agentfn.firestore.Claims;
import dev.agentfn.firestore.Firestores;
import dev.agentfn.firestore.FirestoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Cross-instance single-flight on {@link Claims} leases: one lease document per key and generation
 * ({@code KEY~N}) in {@value #COLLECTION}. Its holder computes the answer, renews the lease every third
 * of its lifetime while it works, and releases the lease only once the answer is in L2 (the L2 write
 * completes within a few seconds, stored or not). The
 * others poll the lease with backoff: once it is gone they read L2 (no answer there means the holder
 * failed: they try the lease again), and once it has expired unrenewed (its holder died) one of them
 * takes over the next generation. Expiry is judged by each instance's clock, so clock skew between
 * instances can only cause an early takeover (one more model call), never a wrong answer.
 */
final class LeasedCoalescer implements Coalescer {
  /** The lease documents; their {@link Claims#EXPIRE_AT} field is named by a TTL policy in infra/firestore.tf. */
  static final String COLLECTION = "agent_cache_leases";
  private static final Duration FIRST_POLL = Duration.ofMillis(20);
  private static final Duration MAX_POLL = Duration.ofMillis(200);
  private static final int MAX_GENERATIONS = 8;
  /** Lease rounds (each: busy, then the holder released or died) before a miss is computed here anyway. */
  private static final int MAX_ROUNDS = 4;

  private final FirestoreCacheStore l2;
  private final Claims claims;
  private final Duration lease;
  private final Clock clock;
  private final String holder;
  private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "agentfn-cache-leases");
    thread.setDaemon(true);
    return thread;
  });
  private final LongAdder led = new LongAdder();
  private final LongAdder coalesced = new LongAdder();
  private final LongAdder takeovers = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder waiting = new LongAdder();

  LeasedCoalescer(FirestoreCacheStore l2, Duration timeout, Duration lease, Clock clock, String holder) {
    this.l2 = l2;
    this.claims = new Claims(timeout);
    this.lease = lease;
    this.clock = clock;
    this.holder = holder;
  }

  @Override
  public AnswerCache.Lookup miss(String key, Instant deadline, Supplier<CachedAnswer> compute) {
    for (int round = 0; round < MAX_ROUNDS && !l2.paused(); round++) {
      Claims.Lease taken;
      Supplier<Optional<CachedAnswer>> secondLook;
      Optional<CachedAnswer> answer = Optional.empty();
      try {
        Instant now = clock.instant();
        // The holder's second look at L2, sent beside the lease: one round trip for both.
        secondLook = l2.peek(key);
        taken = claims.lease(n -> generation(key, n), holder, now, now.plus(lease), MAX_GENERATIONS);
        if (taken instanceof Claims.Lease.Busy busy) {
          waiting.increment();
          try {
            answer = await(key, busy, deadline);
          } finally {
            waiting.decrement();
          }
        }
      } catch (FirestoreUnavailableException e) {
        errors.increment();
        l2.failed("lease: " + e.getMessage());
        break;
      }
      if (taken instanceof Claims.Lease.Held held) {
        return lead(key, held, secondLook, compute);
      }
      if (answer.isPresent()) {
        coalesced.increment();
        return new AnswerCache.Lookup(answer.get(), CacheLevel.L2);
      }
    }
    return alone(key, compute);
  }

  @Override
  public Stats stats() {
    return new Stats(true, led.sum(), coalesced.sum(), takeovers.sum(), errors.sum(), waiting.sum());
  }

  /**
   * Holds the lease: looks at {@code secondLook}, the L2 read sent beside the lease (the previous
   * holder may have stored the answer between this instance's first L2 read and its lease), else computes, renewing the lease meanwhile, and answers;
   * the lease is let go once the answer is stored in L2 (at once when the computation fails), off
   * the caller's path.
   */
  private AnswerCache.Lookup lead(String key, Claims.Lease.Held held, Supplier<Optional<CachedAnswer>> secondLook,
      Supplier<CachedAnswer> compute) {
    if (held.generation() > 0) {
      takeovers.increment();
    }
    long every = Math.max(1, lease.toMillis() / 3);
    ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> renew(held), every, every, TimeUnit.MILLISECONDS);
    boolean handedOver = false;
    try {
      Optional<CachedAnswer> stored = secondLook.get();
      if (stored.isPresent()) {
        coalesced.increment();
        return new AnswerCache.Lookup(stored.get(), CacheLevel.L2);
      }
      led.increment();
      CachedAnswer fresh = compute.get();
      l2.put(key, fresh).whenComplete((written, failure) -> letGo(held, renewal));
      handedOver = true;
      return new AnswerCache.Lookup(fresh, null);
    } finally {
      if (!handedOver) {
        letGo(held, renewal);
      }
    }
  }

  /**
   * Stops renewing and releases the lease, on the renewal thread after any renewal in progress, so
   * that a late renewal cannot recreate the released document.
   */
  private void letGo(Claims.Lease.Held held, ScheduledFuture<?> renewal) {
    renewals.execute(() -> {
      renewal.cancel(false);
      release(held);
    });
  }

  /** Polls the busy generation until it is released (then the answer in L2, if any) or expired (empty). */
  private Optional<CachedAnswer> await(String key, Claims.Lease.Busy busy, Instant deadline) {
    DocumentReference document = generation(key, busy.generation());
    Duration pause = FIRST_POLL;
    while (true) {
      pause(pause, deadline);
      DocumentSnapshot current = claims.await(document.get(), "read");
      if (!current.exists()) {
        return l2.get(key);
      }
      Instant until = Firestores.instant(current.getTimestamp(Claims.EXPIRE_AT));
      if (until == null || !until.isAfter(clock.instant())) {
        return Optional.empty();
      }
      pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
    }
  }

  private AnswerCache.Lookup alone(String key, Supplier<CachedAnswer> compute) {
    CachedAnswer fresh = compute.get();
    l2.put(key, fresh);
    return new AnswerCache.Lookup(fresh, null);
  }

  private void renew(Claims.Lease.Held held) {
    try {
      claims.renew(held, clock.instant().plus(lease));
    } catch (FirestoreUnavailableException e) {
      errors.increment();
    }
  }

  private void release(Claims.Lease.Held held) {
    try {
      claims.release(held);
    } catch (FirestoreUnavailableException e) {
      errors.increment(); // the lease expires by itself
    }
  }

  private DocumentReference generation(String key, long n) {
    return l2.firestore().collection(COLLECTION).document(key + "~" + n);
  }

  /** Sleeps {@code pause}, or throws {@code deadline_exceeded} when the deadline comes first. */
  private void pause(Duration pause, Instant deadline) {
    long nanos = pause.toNanos();
    if (deadline != null) {
      long left = Duration.between(clock.instant(), deadline).toNanos();
      if (left <= 0) {
        throw ApiException.deadlineExceeded("another instance was still computing this answer at the deadline");
      }
      nanos = Math.min(nanos, left);
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.deadlineExceeded("waiting for another instance's answer was cancelled");
    }
  }
}
