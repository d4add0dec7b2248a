package dev.agentfn.stats;

import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.SetOptions;
import dev.agentfn.firestore.Firestores;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Usage figures across all instances: each instance flushes what its {@link UsageStats} counted
 * since the last flush, every few seconds, as {@code FieldValue.increment}s of flat counters on one
 * of {@value #SHARDS} shard documents (never one write per request, never a hot document), and
 * {@link #report()} sums the shards. Without Firestore it reports this instance. Thread-safe.
 */
public final class GlobalStats implements StatsSource {
  /** Number of shard documents the counters are spread over. */
  static final int SHARDS = 16;
  private static final System.Logger LOG = System.getLogger(GlobalStats.class.getName());

  private final UsageStats local;
  private final Supplier<Firestore> firestore;
  private final String collection;
  private final Duration timeout;
  private final IntSupplier shardPicker;
  private Map<String, Number> flushed = Map.of();
  private boolean failing;

  /**
   * @param collection where the shard documents live ({@code STATS_COLLECTION})
   * @param timeout longest wait for one flush or one read of the shards
   */
  public GlobalStats(UsageStats local, Supplier<Firestore> firestore, String collection, Duration timeout) {
    this(local, firestore, collection, timeout, () -> ThreadLocalRandom.current().nextInt(SHARDS));
  }

  GlobalStats(UsageStats local, Supplier<Firestore> firestore, String collection, Duration timeout,
      IntSupplier shardPicker) {
    this.local = local;
    this.firestore = firestore;
    this.collection = collection;
    this.timeout = timeout;
    this.shardPicker = shardPicker;
  }

  /**
   * Writes the counters that moved since the last successful flush to one shard, in one write.
   * A failed flush is retried with the next one (nothing is lost, a write that failed only on the
   * way back may count twice).
   */
  public synchronized void flush() {
    Map<String, Number> now = StatsFields.flatten(local.snapshot());
    Map<String, Number> delta = StatsFields.delta(now, flushed);
    if (delta.isEmpty()) {
      return;
    }
    Map<String, Object> increments = new HashMap<>();
    delta.forEach((field, value) -> increments.put(field, value instanceof Double d
        ? FieldValue.increment(d) : FieldValue.increment(value.longValue())));
    try {
      firestore.get().collection(collection).document("shard-" + shardPicker.getAsInt())
          .set(increments, SetOptions.merge()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      flushed = now;
      if (failing) {
        failing = false;
        LOG.log(Level.INFO, "global stats: flushing to Firestore again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.log(Level.WARNING, "global stats: flush to Firestore failed (" + Firestores.describe(e)
            + "); will retry with the next flush");
      }
    }
  }

  /** The sum of every instance's flushed counters; this instance's own figures if Firestore fails. */
  @Override
  public Report report() {
    try {
      Map<String, Number> totals = new HashMap<>();
      for (QueryDocumentSnapshot shard : firestore.get().collection(collection).get()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        StatsFields.addInto(totals, shard.getData());
      }
      return new Report("global", StatsFields.unflatten(totals));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return local.report();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return local.report();
    }
  }

  /**
   * Flushes every {@code interval} on a daemon thread, and once more when the JVM shuts down
   * (Cloud Run sends SIGTERM before it stops an instance).
   */
  public void start(Duration interval) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "global-stats-flush");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::flush, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(this::flush, "global-stats-final-flush"));
  }
}
