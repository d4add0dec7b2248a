package dev.agentfn.firestore;

import com.google.api.core.ApiFuture;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * Coordination between instances through documents claimed with {@code create()}: of all the
 * callers that create one document, exactly one succeeds and the others learn that it exists.
 * Firestore guarantees that, and so does the npm emulator used in tests (it does not isolate
 * transactions), so everything built on claims behaves alike in both: numbered logs (a session's
 * turns), leases with takeover (cross-instance single-flight), allowance slices (budgets).
 *
 * <p>Every call waits at most the configured timeout; any failure other than "already exists" is a
 * {@link FirestoreUnavailableException}, so callers choose to fail open or to report it.
 * Thread-safe.
 */
public final class Claims {
  /** The Timestamp field after which a lease is dead; the TTL policy of lease collections names it. */
  public static final String EXPIRE_AT = "expireAt";
  /** The field naming who holds a lease. */
  public static final String HOLDER = "holder";

  private final Duration timeout;

  /** @param timeout how long one Firestore call may take */
  public Claims(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The outcome of {@link #claim}: this call created the document, or it existed already. */
  public sealed interface Claim {
    /** This call created the document. */
    record Won(DocumentReference document) implements Claim {}

    /** The document existed; {@code existing} is what a read found right after (it may be gone since). */
    record Taken(DocumentSnapshot existing) implements Claim {}
  }

  /** Creates {@code document} with {@code fields} unless it exists. */
  public Claim claim(DocumentReference document, Map<String, Object> fields) {
    if (tryCreate(document, fields)) {
      return new Claim.Won(document);
    }
    return new Claim.Taken(await(document.get(), "read"));
  }

  /**
   * Claims the first free number {@code n ≥ from} of a numbered series: creates
   * {@code document.apply(n)}, and when another caller holds that number, moves on to the next. Of
   * concurrent callers each gets a distinct number and no number is skipped (as long as nobody
   * deletes a claimed document).
   *
   * @param maxAttempts how many numbers to try before giving up with {@link FirestoreUnavailableException}
   * @return the number claimed
   */
  public long claimNext(LongFunction<DocumentReference> document, long from, LongFunction<Map<String, Object>> fields,
      int maxAttempts) {
    for (long n = from; n < from + maxAttempts; n++) {
      if (tryCreate(document.apply(n), fields.apply(n))) {
        return n;
      }
    }
    throw new FirestoreUnavailableException("no free number in " + maxAttempts + " attempts from " + from, null);
  }

  /** A lease: this caller holds generation {@code generation}, or another caller holds a live lease. */
  public sealed interface Lease {
    /** This caller holds the lease until {@code expireAt}; {@link #release} ends it early. */
    record Held(DocumentReference document, long generation, Instant expireAt) implements Lease {}

    /** Another caller holds the lease until {@code expireAt}. */
    record Busy(String holder, long generation, Instant expireAt) implements Lease {}
  }

  /**
   * Takes the lease of a key for {@code holder} until {@code expireAt}: creates generation 0, or,
   * where a generation exists but has expired (its holder died), the next one. A live generation
   * held by another caller gives {@link Lease.Busy}. Of concurrent callers at most one holds a given
   * generation, and a takeover needs the previous generation to have expired.
   *
   * @param generation the document of each generation of this key's lease
   * @param now the current time, to judge expiry
   * @param maxGenerations how many generations to walk before giving up with {@link FirestoreUnavailableException}
   */
  public Lease lease(LongFunction<DocumentReference> generation, String holder, Instant now, Instant expireAt,
      int maxGenerations) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(HOLDER, holder);
    fields.put(EXPIRE_AT, Firestores.timestamp(expireAt));
    long n = 0;
    for (int attempt = 0; attempt < maxGenerations; attempt++) {
      DocumentReference document = generation.apply(n);
      Claim claim = claim(document, fields);
      if (claim instanceof Claim.Won) {
        return new Lease.Held(document, n, expireAt);
      }
      DocumentSnapshot existing = ((Claim.Taken) claim).existing();
      if (!existing.exists()) {
        continue; // released between our create and our read: try the same generation again
      }
      Instant until = Firestores.instant(existing.getTimestamp(EXPIRE_AT));
      if (until != null && until.isAfter(now)) {
        return new Lease.Busy(existing.getString(HOLDER), n, until);
      }
      n++;
    }
    throw new FirestoreUnavailableException("lease not settled in " + maxGenerations + " attempts", null);
  }

  /**
   * Extends a lease this caller holds until {@code expireAt} (its holder is alive and still working).
   * Renew well before expiry: a caller that judged the old expiry passed may already have taken over
   * the next generation, and renewing cannot undo that.
   */
  public Lease.Held renew(Lease.Held lease, Instant expireAt) {
    await(lease.document().update(EXPIRE_AT, Firestores.timestamp(expireAt)), "renew");
    return new Lease.Held(lease.document(), lease.generation(), expireAt);
  }

  /** Ends a lease this caller holds, so that the next caller need not wait for it to expire. */
  public void release(Lease.Held lease) {
    await(lease.document().delete(), "delete");
  }

  /** Creates {@code document}: true when this call created it, false when it already existed. */
  public boolean tryCreate(DocumentReference document, Map<String, Object> fields) {
    try {
      await(document.create(fields), "create");
      return true;
    } catch (FirestoreUnavailableException e) {
      if (e.getCause() instanceof ApiException api && api.getStatusCode().getCode() == StatusCode.Code.ALREADY_EXISTS) {
        return false;
      }
      throw e;
    }
  }

  /** Waits for {@code future} at most the timeout; failures become {@link FirestoreUnavailableException}. */
  public <T> T await(ApiFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new FirestoreUnavailableException(what + " timed out after " + timeout.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw new FirestoreUnavailableException(what + " failed: " + Firestores.describe(e), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new FirestoreUnavailableException(what + " interrupted", e);
    } catch (RuntimeException e) {
      throw new FirestoreUnavailableException(what + " failed: " + Firestores.describe(e), e);
    }
  }
}
