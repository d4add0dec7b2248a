package dev.agentfn.config;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One accepted API key and its attributes ({@code API_KEYS}, {@code API_KEYS_FILE}). Its
 * {@link #toString()} never shows the key.
 *
 * @param value the key itself (a secret)
 * @param budgetUsd the key's spend budget in USD ({@code budget_usd=} in {@code API_KEYS_FILE}), if it has one
 */
public record ApiKey(String value, Optional<BigDecimal> budgetUsd) {
  /** Shortest key accepted: anything shorter is guessable. */
  public static final int MIN_CHARS = 16;

  public ApiKey {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(budgetUsd, "budgetUsd");
  }

  /** A key without attributes. */
  public static ApiKey of(String value) {
    return new ApiKey(value, Optional.empty());
  }

  @Override
  public String toString() {
    return "ApiKey[****(" + value.length() + " chars)" + budgetUsd.map(b -> ", budget_usd=" + b.toPlainString()).orElse("")
        + "]";
  }
}
