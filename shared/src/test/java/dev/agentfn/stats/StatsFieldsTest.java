package dev.agentfn.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.model.Usage;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatsFieldsTest {

  @ParameterizedTest
  @ValueSource(strings = {"gemini-3.1-flash-lite", "multi-agent", "a__b", "_5f", "什么", "x.y`z", ""})
  void labelsRoundTripAndNeverContainTheSeparator(String label) {
    String encoded = StatsFields.encode(label);

    assertEquals(label, StatsFields.decode(encoded));
    assertTrue(encoded.matches("[A-Za-z0-9_]*") && !encoded.contains("__"), encoded);
  }

  @Test
  void snapshotSurvivesFlattenAndUnflatten() {
    UsageStats stats = new UsageStats();
    stats.recordRequest("chat", 200);
    stats.recordRequest("chat", 200);
    stats.recordRequest("multi-agent", 503);
    stats.recordModelCall("gemini-3.1-flash-lite", Usage.of(10, 20), 0.25);
    stats.recordCache("l2");

    UsageStats.Snapshot snapshot = stats.snapshot();

    assertEquals(snapshot, StatsFields.unflatten(StatsFields.flatten(snapshot)));
  }

  @Test
  void deltaKeepsOnlyWhatMovedAndSumsAddUp() {
    UsageStats stats = new UsageStats();
    stats.recordRequest("chat", 200);
    stats.recordModelCall("m", Usage.of(1, 2), 0.5);
    Map<String, Number> first = StatsFields.flatten(stats.snapshot());
    stats.recordRequest("chat", 200);
    stats.recordCache("l1");
    Map<String, Number> second = StatsFields.flatten(stats.snapshot());

    Map<String, Number> delta = StatsFields.delta(second, first);

    assertEquals(Map.of("requests__chat__2xx", 1L, "cache__l1", 1L), delta);
    Map<String, Number> totals = new HashMap<>();
    StatsFields.addInto(totals, new HashMap<>(StatsFields.delta(first, Map.of())));
    StatsFields.addInto(totals, new HashMap<>(delta));
    assertEquals(stats.snapshot(), StatsFields.unflatten(totals));
  }
}
