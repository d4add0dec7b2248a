package dev.agentfn.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Amounts of money as whole nano-dollars (10⁻⁹ USD), so that sums are exact. */
final class Usd {
  static final long NANOS_PER_USD = 1_000_000_000L;

  private Usd() {}

  /** {@code usd} in nano-dollars, rounded down. */
  static long nanos(BigDecimal usd) {
    return usd.movePointRight(9).setScale(0, RoundingMode.DOWN).longValueExact();
  }

  /** {@code tokens} at {@code usdPerMillionTokens}, in nano-dollars (rounded to the nearest). */
  static long nanos(long tokens, double usdPerMillionTokens) {
    return Math.round(tokens * usdPerMillionTokens * 1_000);
  }

  /** Nano-dollars as USD for JSON. */
  static double usd(long nanos) {
    return nanos / (double) NANOS_PER_USD;
  }

  /** Nano-dollars as text for messages, e.g. {@code $0.10}, {@code $0.000125}. */
  static String format(long nanos) {
    BigDecimal usd = BigDecimal.valueOf(nanos, 9).stripTrailingZeros();
    return "$" + (usd.scale() < 2 ? usd.setScale(2, RoundingMode.UNNECESSARY) : usd).toPlainString();
  }
}
