package dev.agentfn.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded session store: this instance's memory, bounded by the characters it holds (the
 * least recently used sessions go first) and forgetting a session {@code ttl} after its last turn.
 * Appends to one session are serialised, so numbers are handed out in order.
 */
final class InMemorySessionStore implements SessionStore {
  private final Cache<SessionKey, List<StoredTurn>> sessions;

  InMemorySessionStore(long maxChars, Duration ttl, Clock clock) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be positive");
    }
    this.sessions = Caffeine.newBuilder()
        .maximumWeight(maxChars)
        .weigher((SessionKey key, List<StoredTurn> turns) ->
            (int) Math.min(Integer.MAX_VALUE, turns.stream().mapToLong(StoredTurn::chars).sum()))
        .expireAfterWrite(ttl)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .executor(Runnable::run)
        .build();
  }

  @Override
  public List<StoredTurn> newest(SessionKey key, int limit) {
    List<StoredTurn> turns = sessions.getIfPresent(key);
    if (turns == null) {
      return List.of();
    }
    List<StoredTurn> newest = new ArrayList<>(turns.subList(Math.max(0, turns.size() - limit), turns.size()));
    Collections.reverse(newest);
    return newest;
  }

  @Override
  public long append(SessionKey key, long from, StoredTurn turn) {
    long[] number = new long[1];
    sessions.asMap().compute(key, (k, turns) -> {
      List<StoredTurn> next = turns == null ? new ArrayList<>() : new ArrayList<>(turns);
      long last = next.isEmpty() ? 0 : next.get(next.size() - 1).number();
      number[0] = Math.max(from, last + 1);
      next.add(turn.withNumber(number[0]));
      return List.copyOf(next);
    });
    return number[0];
  }

  @Override
  public void delete(SessionKey key) {
    sessions.invalidate(key);
  }
}
