package dev.agentfn.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/** The period a budget limit applies to, in UTC ({@code BUDGET_PERIOD}). */
public enum BudgetPeriod {
  DAY,
  MONTH;

  /** The period named {@code name} ({@code day} or {@code month}). */
  public static BudgetPeriod of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** {@code day} or {@code month}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The id of the period that contains {@code now}: {@code 2026-12-06} or {@code 2026-12}. */
  public String id(Instant now) {
    LocalDate date = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return this == DAY ? date.toString() : date.toString().substring(0, 7);
  }

  /** When the period that contains {@code now} ends (and budgets reset). */
  public Instant end(Instant now) {
    LocalDate date = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate next = this == DAY ? date.plusDays(1) : date.withDayOfMonth(1).plusMonths(1);
    return next.atStartOfDay(ZoneOffset.UTC).toInstant();
  }
}
