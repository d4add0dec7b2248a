package dev.agentfn.http;

/**
 * Admits or refuses a request before its handler runs (authentication, rate limits) and names the
 * caller with an id that is safe to log. Throws {@link dev.agentfn.api.ApiException} to refuse.
 */
@FunctionalInterface
public interface Guard {
  /** Returns the caller id of an admitted request. */
  String admit(Exchange exchange, Endpoint endpoint);

  /**
   * Charges an admitted caller {@code units} more (a batch counts as its number of items; the
   * request itself already paid one). Throws {@code rate_limited} when the caller has too few left.
   */
  default void charge(String callerId, int units) {}

  /** The guard of an open API: everyone is admitted, named by client address. */
  static Guard open() {
    return (exchange, endpoint) -> Callers.clientAddress(exchange);
  }
}
