package dev.agentfn.budget;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The budget limit of each caller: its own (e.g. {@code budget_usd=} of its key in
 * {@code API_KEYS_FILE}, which may change while the instance runs) or else a default
 * ({@code BUDGET_USD}), in USD; callers with neither are not limited.
 *
 * @param defaultUsd the limit of callers without their own, or null for none
 * @param perCaller a caller's own limit, by caller id ({@code key:…})
 * @param callerIds the callers {@code /stats} reports on (the keys accepted now)
 */
public record BudgetLimits(BigDecimal defaultUsd, Function<String, Optional<BigDecimal>> perCaller,
    Supplier<List<String>> callerIds) {

  /** Fixed limits: {@code perCaller} by caller id, the others {@code defaultUsd}, reported for {@code callerIds}. */
  public static BudgetLimits of(BigDecimal defaultUsd, Map<String, BigDecimal> perCaller, List<String> callerIds) {
    Map<String, BigDecimal> limits = Map.copyOf(perCaller);
    List<String> callers = List.copyOf(callerIds);
    return new BudgetLimits(defaultUsd, id -> Optional.ofNullable(limits.get(id)), () -> callers);
  }

  /** The limit of {@code callerId} in nano-dollars, or -1 when it has none. */
  long nanosFor(String callerId) {
    return perCaller.apply(callerId).or(() -> Optional.ofNullable(defaultUsd)).map(Usd::nanos).orElse(-1L);
  }
}
