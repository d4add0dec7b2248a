package dev.agentfn.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteResult;
import com.google.common.util.concurrent.MoreExecutors;
import dev.agentfn.firestore.Firestores;
import dev.agentfn.model.Usage;
import dev.agentfn.resilience.CircuitBreaker;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The L2 answer store in Firestore: one document per key in a collection, with an {@link #EXPIRE_AT}
 * Timestamp that a TTL policy names. Firestore deletes expired documents up to a day late, so every
 * read checks expiry itself. Reads wait at most a tight timeout; writes (one per computed answer)
 * run in the background. It fails open: errors are counted, logged once per burst and reported by
 * {@link #status()}, a {@link CircuitBreaker} stops calls while Firestore fails (3 failed calls in a
 * row), and it recovers by itself.
 */
public final class FirestoreCacheStore implements CacheStore {
  /** The Timestamp field after which an answer is dead; the Terraform TTL policy names it. */
  public static final String EXPIRE_AT = "expireAt";
  static final String ANSWER = "answer";
  static final String MODEL = "model";
  static final String INPUT_TOKENS = "inputTokens";
  static final String OUTPUT_TOKENS = "outputTokens";
  static final String TOTAL_TOKENS = "totalTokens";
  static final String QUERY_HASH = "queryHash";
  static final String CREATED_AT = "createdAt";
  /** Documents estimated above this are not written (Firestore's limit is 1 MiB). */
  static final int MAX_DOCUMENT_BYTES = 900_000;
  /** Document read by {@link #status()} to probe Firestore when no request has told yet. */
  static final String PROBE_ID = "health-probe";

  private static final long FIELD_NAME_BYTES = utf8(ANSWER + MODEL + INPUT_TOKENS + OUTPUT_TOKENS + TOTAL_TOKENS
      + QUERY_HASH + CREATED_AT + EXPIRE_AT) + 8;
  private static final System.Logger LOG = System.getLogger(FirestoreCacheStore.class.getName());
  private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
  private static final int BREAKER_FAILURES_IN_A_ROW = 3;
  static final int STATUS_PROBE_AFTER_SECONDS = 30;
  private static final Duration STATUS_PROBE_AFTER = Duration.ofSeconds(STATUS_PROBE_AFTER_SECONDS);
  private static final Duration BREAKER_OPEN_FOR = Duration.ofSeconds(5);

  private final Supplier<Firestore> firestore;
  private final String collection;
  private final Clock clock;
  private final Duration readTimeout;
  private final CircuitBreaker breaker;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private volatile boolean connected;

  /**
   * @param firestore the instance's client, built on first use (a failure to build it counts as an error)
   * @param collection {@code CACHE_COLLECTION}
   * @param clock wall time for expiry
   * @param readTimeout how long a request may wait for a read ({@code CACHE_L2_TIMEOUT_MS}); the very
   *     first read of an instance may take up to a few seconds while the connection is set up
   */
  public FirestoreCacheStore(Supplier<Firestore> firestore, String collection, Clock clock, Duration readTimeout) {
    this(firestore, collection, clock, readTimeout, breaker(Ticker.systemTicker()));
  }

  /** The breaker of the L2 store: opens for 5 s when its last 3 calls all failed (a read costs at most a timeout). */
  static CircuitBreaker breaker(Ticker ticker) {
    return CircuitBreaker.builder().failureRate(1.0).countWindow(BREAKER_FAILURES_IN_A_ROW)
        .minimumCalls(BREAKER_FAILURES_IN_A_ROW).openFor(BREAKER_OPEN_FOR).ticker(ticker).build();
  }

  FirestoreCacheStore(Supplier<Firestore> firestore, String collection, Clock clock, Duration readTimeout,
      CircuitBreaker breaker) {
    this.firestore = firestore;
    this.collection = collection;
    this.clock = clock;
    this.readTimeout = readTimeout;
    this.breaker = breaker;
  }

  @Override
  public Optional<CachedAnswer> get(String key) {
    Optional<DocumentSnapshot> snapshot = breaker.tryAcquire() ? read(key) : Optional.empty();
    if (snapshot.isEmpty()) {
      return Optional.empty();
    }
    Optional<CachedAnswer> answer = live(snapshot.get());
    (answer.isPresent() ? hits : misses).increment();
    return answer;
  }

  /**
   * Starts a read of {@code key} now, not counted as a lookup (a lease holder's second look, sent
   * beside its lease): the supplier waits for it like {@link #get} and gives the live answer, if any.
   */
  Supplier<Optional<CachedAnswer>> peek(String key) {
    if (!breaker.tryAcquire()) {
      return Optional::empty;
    }
    Supplier<Optional<DocumentSnapshot>> read = startRead(key);
    return () -> read.get().flatMap(this::live);
  }

  private Optional<CachedAnswer> live(DocumentSnapshot snapshot) {
    return decode(snapshot).filter(answer -> !answer.expiredAt(clock.instant()));
  }

  @Override
  public CompletableFuture<Boolean> put(String key, CachedAnswer answer) {
    CompletableFuture<Boolean> stored = new CompletableFuture<>();
    if (estimatedBytes(collection, key, answer) > MAX_DOCUMENT_BYTES || !breaker.tryAcquire()) {
      stored.complete(false);
      return stored;
    }
    ApiFuture<WriteResult> write;
    try {
      write = document(key).set(encode(answer));
    } catch (RuntimeException e) {
      failed(Firestores.describe(e));
      stored.complete(false);
      return stored;
    }
    CompletableFuture.delayedExecutor(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).execute(() -> write.cancel(true));
    ApiFutures.addCallback(write, new ApiFutureCallback<>() {
      @Override
      public void onSuccess(WriteResult result) {
        succeeded();
        stored.complete(true);
      }

      @Override
      public void onFailure(Throwable t) {
        failed(t instanceof CancellationException ? "write timed out after " + WRITE_TIMEOUT.toMillis() + " ms"
            : Firestores.describe(t));
        stored.complete(false);
      }
    }, MoreExecutors.directExecutor());
    return stored;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  /**
   * {@code ok}, or why Firestore is failing. Probes it (one read) when no call told anything in the
   * last {@value #STATUS_PROBE_AFTER_SECONDS} s (an instance that serves only {@code /health}) or the
   * breaker's retry is due.
   */
  @Override
  public String status() {
    boolean open = breaker.state() != CircuitBreaker.State.CLOSED;
    if ((breaker.quietFor(STATUS_PROBE_AFTER) && !open) || breaker.trialDue()) {
      if (breaker.tryAcquire()) {
        read(PROBE_ID);
      }
    }
    String failing = breaker.failing();
    return failing == null ? "ok" : "unavailable: " + failing
        + (breaker.state() != CircuitBreaker.State.CLOSED ? " (paused, retrying)" : "");
  }

  @Override
  public StoreStats stats() {
    return new StoreStats(hits.sum(), misses.sum(), errors.sum());
  }

  /** The snapshot (which may not exist), or empty when the read failed (then counted and reported). */
  private Optional<DocumentSnapshot> read(String key) {
    return startRead(key).get();
  }

  /** Sends the read of {@code key}; the supplier waits for its answer (see {@link #read}). */
  private Supplier<Optional<DocumentSnapshot>> startRead(String key) {
    Duration timeout = connected ? readTimeout : WARM_UP_TIMEOUT;
    long deadline = System.nanoTime() + timeout.toNanos();
    ApiFuture<DocumentSnapshot> future;
    try {
      future = document(key).get();
    } catch (RuntimeException e) {
      failed(Firestores.describe(e));
      return Optional::empty;
    }
    return () -> awaitRead(future, deadline, timeout);
  }

  private Optional<DocumentSnapshot> awaitRead(ApiFuture<DocumentSnapshot> future, long deadline, Duration timeout) {
    try {
      DocumentSnapshot snapshot = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      succeeded();
      return Optional.of(snapshot);
    } catch (TimeoutException e) {
      future.cancel(true);
      failed("read timed out after " + timeout.toMillis() + " ms");
    } catch (ExecutionException | RuntimeException e) {
      failed(Firestores.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      breaker.ignore(); // ours, not Firestore's
    }
    return Optional.empty();
  }

  private DocumentReference document(String key) {
    return firestore.get().collection(collection).document(key);
  }

  /** Whether Firestore is known to be failing now (the breaker is open): calls to it are skipped. */
  boolean paused() {
    return breaker.state() == CircuitBreaker.State.OPEN;
  }

  /** The client, built on first use. */
  Firestore firestore() {
    return firestore.get();
  }

  void succeeded() {
    connected = true;
    if (breaker.success() == CircuitBreaker.Transition.RECOVERED) {
      LOG.log(Level.INFO, "Firestore L2 cache recovered");
    }
  }

  /** Counts and reports a failed Firestore call (of this store or of the leases beside it). */
  void failed(String reason) {
    errors.increment();
    if (breaker.failure(reason) == CircuitBreaker.Transition.STARTED_FAILING) {
      LOG.log(Level.WARNING, "Firestore L2 cache failing (" + reason + "); serving from L1 and the model "
          + "until it recovers. Further errors are counted in /cache/stats, not logged.");
    }
  }

  static Map<String, Object> encode(CachedAnswer answer) {
    Map<String, Object> data = new HashMap<>();
    data.put(ANSWER, answer.answer());
    data.put(MODEL, answer.model());
    data.put(INPUT_TOKENS, answer.usage().inputTokens());
    data.put(OUTPUT_TOKENS, answer.usage().outputTokens());
    data.put(TOTAL_TOKENS, answer.usage().totalTokens());
    data.put(QUERY_HASH, answer.queryHash());
    data.put(CREATED_AT, Firestores.timestamp(answer.createdAt()));
    data.put(EXPIRE_AT, Firestores.timestamp(answer.expireAt()));
    return data;
  }

  /** The stored answer; empty (a miss) when the document lacks a field or has the wrong types. */
  static Optional<CachedAnswer> decode(DocumentSnapshot doc) {
    if (!doc.exists()) {
      return Optional.empty();
    }
    try {
      Timestamp createdAt = doc.getTimestamp(CREATED_AT);
      Timestamp expireAt = doc.getTimestamp(EXPIRE_AT);
      Long input = doc.getLong(INPUT_TOKENS);
      Long output = doc.getLong(OUTPUT_TOKENS);
      Long total = doc.getLong(TOTAL_TOKENS);
      String answer = doc.getString(ANSWER);
      String model = doc.getString(MODEL);
      String queryHash = doc.getString(QUERY_HASH);
      if (createdAt == null || expireAt == null || input == null || output == null || total == null
          || answer == null || model == null || queryHash == null) {
        return Optional.empty();
      }
      return Optional.of(new CachedAnswer(answer, model, new Usage(input, output, total),
          Firestores.instant(createdAt), Firestores.instant(expireAt), queryHash));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }

  /** Firestore's size of the document: name, field names and values (strings count their UTF-8 bytes + 1). */
  static long estimatedBytes(String collection, String key, CachedAnswer answer) {
    long strings = utf8(answer.answer()) + utf8(answer.model()) + utf8(answer.queryHash()) + 3;
    long numbersAndTimestamps = 3 * 8 + 2 * 8;
    long name = utf8(collection) + 1 + utf8(key) + 1 + 16;
    return FIELD_NAME_BYTES + strings + numbersAndTimestamps + name + 32;
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
