package dev.agentfn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.agentfn.model.Usage;
import dev.agentfn.testing.FirestoreEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Two instances flush their counters into the emulator; either one reports the sum. */
class GlobalStatsIT {
  private static final String COLLECTION = "agent_stats";
  @AutoClose
  private static final FirestoreEmulator emulator = FirestoreEmulator.start();

  /**
   * Each instance picks its own shards, as in production (there at random): A flushes to shards 3
   * and 7, B to shard 3 too, so the sum needs increments that add up across instances on one
   * document as well as the sum over documents.
   */
  @Test
  void twoInstancesFlushShardedIncrementsAndReportTheSum() throws Exception {
    String project = "demo-global-stats";
    UsageStats statsA = new UsageStats();
    UsageStats statsB = new UsageStats();
    GlobalStats instanceA = global(statsA, emulator.client(project), shards(3, 7));
    GlobalStats instanceB = global(statsB, emulator.client(project), shards(3));

    statsA.recordRequest("chat", 200);
    statsA.recordModelCall("gemini-3.1-flash-lite", Usage.of(10, 20), 0.5);
    statsA.recordCache("miss");
    instanceA.flush();
    statsA.recordRequest("chat", 200);
    statsA.recordCache("l1");
    instanceA.flush();
    instanceA.flush();
    statsB.recordRequest("chat", 200);
    statsB.recordRequest("batch", 429);
    statsB.recordModelCall("gemini-3.1-flash-lite", Usage.of(1, 2), 0.25);
    statsB.recordCache("l2");
    instanceB.flush();

    StatsSource.Report report = instanceB.report();

    assertEquals("global", report.scope());
    assertEquals(Map.of("chat", Map.of("2xx", 3L), "batch", Map.of("4xx", 1L)), report.figures().requests());
    assertEquals(Map.of("gemini-3.1-flash-lite", new UsageStats.ModelFigures(2, 11, 22, 33, 0.75)),
        report.figures().models());
    assertEquals(Map.of("miss", 1L, "l1", 1L, "l2", 1L), report.figures().cache());
    assertEquals(report, instanceA.report());
    assertEquals(List.of("shard-3", "shard-7"), emulator.client(project).collection(COLLECTION).get()
        .get(10, TimeUnit.SECONDS).getDocuments().stream().map(DocumentSnapshot::getId).sorted().toList(),
        "a flush with nothing new writes nothing; the others wrote to their instance's shards");
  }

  @Test
  void withFirestoreDownTheReportFallsBackToThisInstance() throws Exception {
    UsageStats stats = new UsageStats();
    stats.recordRequest("chat", 200);
    try (FirestoreEmulator doomed = FirestoreEmulator.start()) {
      GlobalStats global = global(stats, doomed.client("demo-global-down"), shards(0));
      doomed.kill();

      global.flush();
      StatsSource.Report report = global.report();

      assertEquals("instance", report.scope());
      assertEquals(stats.snapshot(), report.figures());
    }
  }

  private static GlobalStats global(UsageStats stats, Firestore client, IntSupplier shards) {
    return new GlobalStats(stats, () -> client, COLLECTION, Duration.ofSeconds(2), shards);
  }

  /** An instance's shard picker: these shards in turn. */
  private static IntSupplier shards(int... shards) {
    AtomicInteger next = new AtomicInteger();
    return () -> shards[next.getAndIncrement() % shards.length];
  }
}
