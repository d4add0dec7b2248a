package dev.agentfn.budget;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteResult;
import com.google.common.util.concurrent.MoreExecutors;
import dev.agentfn.firestore.Claims;
import dev.agentfn.firestore.Firestores;
import dev.agentfn.firestore.FirestoreUnavailableException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * The ledger shared by all instances, in Firestore, built only on {@code create()} races (which the
 * npm emulator honours, unlike transactions): an account's limit is handed out as numbered slice
 * documents {@code ACCOUNT~PERIOD~N}. Whoever creates slice N grants itself at most the limit less
 * what slices 0..N-1 commit, having read them all first; a slice commits its {@code amount} while
 * open and its {@code spent} once {@code closed} by its holder, who adds what it spent to {@code spent}
 * about once a second (one increment per slice, not one write per call) and closes its slices when
 * idle (the unspent part goes back). A creator that loses slice N to
 * another instance reads it and moves on to N+1, so no two grants overlap and the grants never exceed
 * the limit.
 *
 * <p>Bounds: <b>overshoot</b> is only a call whose real cost exceeds its reservation (the input is an
 * estimate), at most that difference per call. <b>Undershoot</b> (a refusal while money is left) is
 * allowance held by other instances: what they reserved for calls in flight, and the unspent rest of
 * their slices until they are idle for a moment ({@link Budgets#GIVE_BACK_AFTER}) — or until the period
 * ends, for an instance that died holding a slice. Before refusing, an instance re-reads the open
 * slices of others to see what they gave back.
 */
final class FirestoreLedger implements SpendLedger {
  /** The slice documents; their {@link Claims#EXPIRE_AT} field is named by a TTL policy in infra/firestore.tf. */
  static final String COLLECTION = "budget_slices";
  static final String ACCOUNT = "account";
  static final String PERIOD = "period";
  static final String AMOUNT = "amount";
  static final String SPENT = "spent";
  static final String CLOSED = "closed";
  private static final int READ_BATCH = 10;
  private static final int MAX_CLAIMS = 64;
  private static final System.Logger LOG = System.getLogger(FirestoreLedger.class.getName());

  private final Supplier<Firestore> firestore;
  private final Claims claims;
  private final String holder;
  private final Map<String, Slices> slices = new ConcurrentHashMap<>();
  private final LongAdder errors = new LongAdder();

  /**
   * @param timeout how long one Firestore call may take
   * @param holder this instance's name in the slices it claims
   */
  FirestoreLedger(Supplier<Firestore> firestore, Duration timeout, String holder) {
    this.firestore = firestore;
    this.claims = new Claims(timeout);
    this.holder = holder;
  }

  /** What this instance knows of an account's slices. Guarded by the account's monitor. */
  private static final class Slices {
    /** The next slice number to claim: every slice below it has been read or created here. */
    long next;
    boolean caughtUp;
    /** What the slices below {@link #next} commit, except this instance's open ones, as last read. */
    long committedByOthers;
    /** Open slices of other instances as last read (number → committed): they may give back. */
    final Map<Long, Long> othersOpen = new HashMap<>();
    /** This instance's open slices: number → {amount, spent, spent as reported to Firestore}. */
    final TreeMap<Long, long[]> mine = new TreeMap<>();

    long committed() {
      long total = committedByOthers;
      for (long[] slice : mine.values()) {
        total += Math.max(slice[0], slice[1]);
      }
      return total;
    }
  }

  @Override
  public long claim(Account account, long needed, long wanted) {
    Slices known = slices.computeIfAbsent(account.id(), id -> new Slices());
    if (!known.caughtUp) {
      catchUp(account, known);
    }
    boolean refreshed = false;
    for (int attempt = 0; attempt < MAX_CLAIMS; attempt++) {
      long available = account.limit - known.committed();
      if (available < needed) {
        if (refreshed || !refresh(account, known)) {
          return 0;
        }
        refreshed = true;
        continue;
      }
      long grant = Math.min(Math.max(needed, wanted), available);
      long n = known.next;
      Claims.Claim claim = claims.claim(slice(account, n), fields(account, n, grant));
      known.next++;
      if (claim instanceof Claims.Claim.Won) {
        known.mine.put(n, new long[] {grant, 0, 0});
        return grant;
      }
      add(known, n, ((Claims.Claim.Taken) claim).existing());
    }
    throw new FirestoreUnavailableException("no budget slice settled in " + MAX_CLAIMS + " attempts", null);
  }

  @Override
  public void spent(Account account, long nanos) {
    Slices known = slices.get(account.id());
    if (known == null || known.mine.isEmpty() || nanos <= 0) {
      return;
    }
    long left = nanos;
    for (Map.Entry<Long, long[]> entry : known.mine.entrySet()) {
      long[] slice = entry.getValue();
      long take = entry.getKey().equals(known.mine.lastKey()) ? left : Math.min(left, Math.max(0, slice[0] - slice[1]));
      if (take > 0) {
        slice[1] += take;
        left -= take;
      }
      if (left == 0) {
        break;
      }
    }
  }

  @Override
  public void flush(Account account) {
    Slices known = slices.get(account.id());
    if (known == null) {
      return;
    }
    for (Map.Entry<Long, long[]> entry : known.mine.entrySet()) {
      long[] slice = entry.getValue();
      if (slice[1] > slice[2]) {
        write(slice(account, entry.getKey()).update(SPENT, FieldValue.increment(slice[1] - slice[2])));
        slice[2] = slice[1];
      }
    }
  }

  @Override
  public void giveBack(Account account) {
    Slices known = slices.get(account.id());
    if (known == null) {
      return;
    }
    for (Map.Entry<Long, long[]> entry : known.mine.entrySet()) {
      long[] slice = entry.getValue();
      write(slice(account, entry.getKey()).update(SPENT, FieldValue.increment(slice[1] - slice[2]), CLOSED, true));
      known.committedByOthers += slice[1];
    }
    known.mine.clear();
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public long spentSoFar(String callerId, String period, Account local) {
    try {
      List<QueryDocumentSnapshot> documents = claims.await(collection().whereEqualTo(ACCOUNT, callerId)
          .whereEqualTo(PERIOD, period).get(), "query").getDocuments();
      return documents.stream().mapToLong(d -> number(d, SPENT)).sum();
    } catch (FirestoreUnavailableException e) {
      return -1;
    }
  }

  /** Failed background writes of spend and give-backs (their slices then show less spend, or stay open). */
  long errors() {
    return errors.sum();
  }

  /** Reads the slices from {@code next} on in batches until the first one nobody has claimed yet. */
  private void catchUp(Account account, Slices known) {
    while (true) {
      long from = known.next;
      DocumentReference[] batch = LongStream.range(from, from + READ_BATCH).mapToObj(n -> slice(account, n))
          .toArray(DocumentReference[]::new);
      Map<String, DocumentSnapshot> read = read(batch);
      for (DocumentReference document : batch) {
        DocumentSnapshot snapshot = read.get(document.getId());
        if (snapshot == null || !snapshot.exists()) {
          known.caughtUp = true;
          return;
        }
        add(known, known.next++, snapshot);
      }
    }
  }

  /** Re-reads other instances' open slices; true when some gave money back. */
  private boolean refresh(Account account, Slices known) {
    if (known.othersOpen.isEmpty()) {
      return false;
    }
    List<Long> numbers = List.copyOf(known.othersOpen.keySet());
    Map<String, DocumentSnapshot> read = read(numbers.stream().map(n -> slice(account, n))
        .toArray(DocumentReference[]::new));
    long before = known.committedByOthers;
    for (long n : numbers) {
      DocumentSnapshot snapshot = read.get(slice(account, n).getId());
      if (snapshot != null && snapshot.exists()) {
        known.committedByOthers -= known.othersOpen.remove(n);
        add(known, n, snapshot);
      }
    }
    return known.committedByOthers < before;
  }

  /** The documents by id, read in one call. */
  private Map<String, DocumentSnapshot> read(DocumentReference[] documents) {
    Map<String, DocumentSnapshot> byId = new HashMap<>();
    for (DocumentSnapshot snapshot : claims.await(firestore.get().getAll(documents), "read")) {
      byId.put(snapshot.getId(), snapshot);
    }
    return byId;
  }

  /** Counts slice {@code n} of another instance (or of a dead one of this instance's past). */
  private static void add(Slices known, long n, DocumentSnapshot snapshot) {
    boolean closed = Boolean.TRUE.equals(snapshot.getBoolean(CLOSED));
    long committed = closed ? number(snapshot, SPENT) : Math.max(number(snapshot, AMOUNT), number(snapshot, SPENT));
    known.committedByOthers += committed;
    if (!closed) {
      known.othersOpen.put(n, committed);
    }
  }

  private Map<String, Object> fields(Account account, long n, long grant) {
    Map<String, Object> fields = new HashMap<>();
    fields.put(ACCOUNT, account.callerId);
    fields.put(PERIOD, account.period);
    fields.put(AMOUNT, grant);
    fields.put(SPENT, 0L);
    fields.put(CLOSED, false);
    fields.put(Claims.HOLDER, holder);
    fields.put(Claims.EXPIRE_AT, Firestores.timestamp(account.resetsAt.plus(Duration.ofDays(1))));
    return fields;
  }

  private void write(ApiFuture<WriteResult> write) {
    ApiFutures.addCallback(write, new ApiFutureCallback<>() {
      @Override
      public void onSuccess(WriteResult result) {}

      @Override
      public void onFailure(Throwable t) {
        errors.increment();
        LOG.log(Level.WARNING, "a budget slice update failed (" + t + "); the slice commits more than was spent");
      }
    }, MoreExecutors.directExecutor());
  }

  private DocumentReference slice(Account account, long n) {
    return collection().document(account.callerId + "~" + account.period + "~" + n);
  }

  private CollectionReference collection() {
    return firestore.get().collection(COLLECTION);
  }

  private static long number(DocumentSnapshot snapshot, String field) {
    Long value = snapshot.getLong(field);
    return value == null ? 0 : value;
  }
}
