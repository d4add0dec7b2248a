package dev.agentfn.http;

/** How callers are named when they have no API key. */
public final class Callers {
  private Callers() {}

  /**
   * The client address from {@code X-Forwarded-For}, or {@code local}. The last hop is taken: it is
   * the one Google's front end appended for the connection it saw, while earlier entries are
   * whatever the client chose to send, so a caller cannot dodge its rate limit by inventing them.
   */
  public static String clientAddress(Exchange exchange) {
    return exchange.header("X-Forwarded-For")
        .map(value -> value.substring(value.lastIndexOf(',') + 1).strip())
        .filter(value -> !value.isEmpty() && value.length() <= 64)
        .map(value -> "ip:" + value)
        .orElse("local");
  }
}
