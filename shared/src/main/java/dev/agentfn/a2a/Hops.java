package dev.agentfn.a2a;

import java.util.Optional;

/**
 * How many agents deep a task runs, carried from one agentfn instance to the next in the
 * {@value #HEADER} request header, so that a chain of agents that loops back to us stops: a task
 * reached through {@value #MAX} agents calls no further agent.
 */
public final class Hops {
  /** The request header: the number of agents the message passed through, the sender included. */
  public static final String HEADER = "Agentfn-Hops";
  /** The longest chain of agents a task may pass through. */
  public static final int MAX = 3;

  private Hops() {}

  /** The hop count of a request: 0 without the header; a malformed or out-of-range value is refused. */
  public static int of(Optional<String> header) {
    String value = header.map(String::strip).orElse("");
    if (value.isEmpty()) {
      return 0;
    }
    if (!value.matches("[0-9]{1,2}") || Integer.parseInt(value) > MAX) {
      throw A2aError.invalidParams(HEADER + " must be a whole number from 0 to " + MAX + " (the hop limit)");
    }
    return Integer.parseInt(value);
  }
}
