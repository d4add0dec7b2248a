package dev.agentfn.budget;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import java.util.Map;

/**
 * {@code 402 budget_exceeded}: the caller's budget has too little left for a call's worst case. It
 * names the caller whose budget refused, so that another caller who shared the call (a concurrent
 * identical request) can try again on its own budget.
 */
public final class BudgetExceededException extends ApiException {
  private static final long serialVersionUID = 1L;

  private final String payer;

  BudgetExceededException(String payer, String message, long retryAfterSeconds) {
    super(ErrorCode.BUDGET_EXCEEDED, message, Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))),
        null);
    this.payer = payer;
  }

  /** The caller id whose budget refused the call. */
  public String payer() {
    return payer;
  }
}
