package dev.agentfn.budget;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The budget limit of each caller: a default ({@code BUDGET_USD}) and per-key overrides (by caller
 * id, e.g. from attributes in {@code API_KEYS_FILE}), in USD; callers with neither are not limited.
 *
 * @param defaultUsd the limit of keys without an override, or null for none
 * @param perCaller limits by caller id ({@code key:…}), overriding the default
 */
public record BudgetLimits(BigDecimal defaultUsd, Map<String, BigDecimal> perCaller) {
  public BudgetLimits {
    perCaller = Map.copyOf(perCaller);
  }

  /** Whether any caller has a limit. */
  public boolean any() {
    return defaultUsd != null || !perCaller.isEmpty();
  }

  /** The limit of {@code callerId} in nano-dollars, or -1 when it has none. */
  long nanosFor(String callerId) {
    BigDecimal limit = perCaller.getOrDefault(callerId, defaultUsd);
    return limit == null ? -1 : Usd.nanos(limit);
  }
}
