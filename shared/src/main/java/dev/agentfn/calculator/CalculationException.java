package dev.agentfn.calculator;

/** An expression that cannot be evaluated; the message is safe to show to callers. */
public final class CalculationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CalculationException(String message) {
    super(message, null, false, false);
  }
}
