package dev.agentfn.http;

/** How callers are named when they have no API key. */
public final class Callers {
  private Callers() {}

  /** The client address from {@code X-Forwarded-For} (first hop), or {@code local}. */
  public static String clientAddress(Exchange exchange) {
    return exchange.header("X-Forwarded-For")
        .map(value -> value.split(",", 2)[0].strip())
        .filter(value -> !value.isEmpty() && value.length() <= 64)
        .map(value -> "ip:" + value)
        .orElse("local");
  }
}
