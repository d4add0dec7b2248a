package dev.agentfn.resilience;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Named breakers of one kind built alike on first use (e.g. one per model), and their state for
 * {@code /health}. Thread-safe.
 */
public final class CircuitBreakers {
  private final CircuitBreaker.Builder settings;
  private final ConcurrentMap<String, CircuitBreaker> byName = new ConcurrentHashMap<>();

  public CircuitBreakers(CircuitBreaker.Builder settings) {
    this.settings = settings;
  }

  /** The breaker named {@code name}, built on first use. */
  public CircuitBreaker get(String name) {
    return byName.computeIfAbsent(name, n -> settings.build());
  }

  /**
   * {@code closed} when every breaker is, else the others by name, e.g.
   * {@code open: gemini-3.5-flash (retry in 12 s)} or {@code half-open: …}.
   */
  public String status() {
    StringJoiner open = new StringJoiner(", ");
    for (Map.Entry<String, CircuitBreaker> entry : new TreeMap<>(byName).entrySet()) {
      CircuitBreaker breaker = entry.getValue();
      switch (breaker.state()) {
        case CLOSED -> { }
        case OPEN -> open.add("open: " + entry.getKey() + " (retry in "
            + Math.max(1, (breaker.retryIn().toMillis() + 999) / 1000) + " s)");
        case HALF_OPEN -> open.add("half-open: " + entry.getKey() + " (trial call in flight)");
      }
    }
    return open.length() == 0 ? "closed" : open.toString();
  }
}
