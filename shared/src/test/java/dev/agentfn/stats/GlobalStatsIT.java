package dev.agentfn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.cloud.firestore.Firestore;
import dev.agentfn.model.Usage;
import dev.agentfn.testing.FirestoreEmulator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Two instances flush their counters into the emulator; either one reports the sum. */
class GlobalStatsIT {
  private static final String COLLECTION = "agent_stats";
  @AutoClose
  private static final FirestoreEmulator emulator = FirestoreEmulator.start();

  @Test
  void twoInstancesFlushShardedIncrementsAndReportTheSum() throws Exception {
    String project = "demo-global-stats";
    UsageStats statsA = new UsageStats();
    UsageStats statsB = new UsageStats();
    AtomicInteger shard = new AtomicInteger();
    GlobalStats instanceA = global(statsA, emulator.client(project), shard);
    GlobalStats instanceB = global(statsB, emulator.client(project), shard);

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
    assertEquals(3, emulator.client(project).collection(COLLECTION).get().get(10, TimeUnit.SECONDS).size(),
        "one write per flush that had something to write, each to a shard");
  }

  @Test
  void withFirestoreDownTheReportFallsBackToThisInstance() throws Exception {
    UsageStats stats = new UsageStats();
    stats.recordRequest("chat", 200);
    try (FirestoreEmulator doomed = FirestoreEmulator.start()) {
      GlobalStats global = global(stats, doomed.client("demo-global-down"), new AtomicInteger());
      doomed.kill();

      global.flush();
      StatsSource.Report report = global.report();

      assertEquals("instance", report.scope());
      assertEquals(stats.snapshot(), report.figures());
    }
  }

  private static GlobalStats global(UsageStats stats, Firestore client, AtomicInteger shard) {
    return new GlobalStats(stats, () -> client, COLLECTION, Duration.ofSeconds(2), shard::getAndIncrement);
  }
}
