package dev.agentfn.bench;

import java.util.Locale;

/**
 * One line of the results table.
 *
 * @param name what was measured
 * @param figure the measured value, e.g. {@code 957 ms}
 * @param reference what it is compared with, e.g. {@code ideal 900 ms}
 * @param ratio figure ÷ reference
 * @param target the target for the ratio, e.g. {@code <= 1.1}, or null for a baseline row
 * @param met whether the target is met, or null for a baseline row
 * @param note anything else worth knowing (thread counts, ...), or empty
 */
public record Row(String name, String figure, String reference, double ratio, String target, Boolean met,
    String note) {

  /** A row whose ratio has an upper bound. */
  public static Row atMost(String name, String figure, String reference, double ratio, double bound, String note) {
    return new Row(name, figure, reference, ratio, "<= " + bound, ratio <= bound, note);
  }

  /** A row whose ratio has a lower bound. */
  public static Row atLeast(String name, String figure, String reference, double ratio, double bound, String note) {
    return new Row(name, figure, reference, ratio, ">= " + bound, ratio >= bound, note);
  }

  /** A baseline row: a ratio shown for comparison, with no target. */
  public static Row baseline(String name, String figure, String reference, double ratio, String note) {
    return new Row(name, figure, reference, ratio, null, null, note);
  }

  /** Milliseconds as shown in the table. */
  public static String ms(double millis) {
    return String.format(Locale.ROOT, "%.0f ms", millis);
  }
}
