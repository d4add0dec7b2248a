package dev.agentfn.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a new turn needs of its session, read from the newest turns: the newest summary, the live
 * turns after it (oldest first), the number to claim, and the turns nobody summarised that fell out
 * of the window read (none, normally).
 *
 * @param summary the summary covering the most turns, or null
 * @param tail live turns after the summary, oldest first
 * @param next the number after the highest recorded one (expired turns count: numbers are never reused)
 * @param unseenFrom the first turn that is neither summarised nor in {@code tail}'s window, or 0
 * @param unseenTo the last such turn, or 0
 */
record Recent(Summary summary, List<StoredTurn> tail, long next, long unseenFrom, long unseenTo) {

  /**
   * @param newest the session's newest turns, newest first, as the store returns them
   * @param window how many turns were asked for ({@code newest} is full when it has that many)
   */
  static Recent of(List<StoredTurn> newest, int window, Instant now) {
    long next = newest.stream().mapToLong(StoredTurn::number).max().orElse(0) + 1;
    Summary summary = null;
    for (StoredTurn turn : newest) {
      if (turn.live(now) && turn.summary() != null && (summary == null || turn.summary().through() > summary.through())) {
        summary = turn.summary();
      }
    }
    long through = summary == null ? 0 : summary.through();
    List<StoredTurn> tail = new ArrayList<>();
    for (StoredTurn turn : newest) {
      if (turn.live(now) && turn.number() > through) {
        tail.add(turn);
      }
    }
    tail.sort(Comparator.comparingLong(StoredTurn::number));
    long oldestRead = newest.stream().mapToLong(StoredTurn::number).min().orElse(1);
    boolean unseen = newest.size() >= window && oldestRead > through + 1;
    return new Recent(summary, List.copyOf(tail), next, unseen ? through + 1 : 0, unseen ? oldestRead - 1 : 0);
  }
}
