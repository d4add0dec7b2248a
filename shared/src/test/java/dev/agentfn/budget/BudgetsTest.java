package dev.agentfn.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ErrorCode;
import dev.agentfn.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reservations against budgets kept in one instance: reserve, settle, release, refuse, reset. */
class BudgetsTest {
  private static final long CENT = 10_000_000L;
  private static final String KEY = "key:aaaaaaaaaaaa";
  private static final String RICH = "key:bbbbbbbbbbbb";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T23:59:00Z"));
  private final Budgets budgets = Budgets.inMemory(BudgetLimits.of(new BigDecimal("0.10"),
      Map.of(RICH, new BigDecimal("5")), List.of(KEY, RICH)), BudgetPeriod.DAY, clock);

  @Test
  void reservationsThatFitAreAdmittedAndTheOneThatDoesNotIs402WithTheResetTime() {
    for (int i = 0; i < 10; i++) {
      budgets.reserve(KEY, CENT);
    }

    BudgetExceededException refused = assertThrows(BudgetExceededException.class, () -> budgets.reserve(KEY, 1));

    assertEquals(ErrorCode.BUDGET_EXCEEDED, refused.code());
    assertEquals(402, refused.code().status());
    assertEquals(KEY, refused.payer());
    assertTrue(refused.getMessage().contains("$0.10 a day"), refused.getMessage());
    assertTrue(refused.getMessage().contains("resets at 2026-12-07T00:00:00Z"), refused.getMessage());
    assertEquals("61", refused.headers().get("Retry-After"));
  }

  @Test
  void settlingToALowerCostFreesTheDifferenceAndAReleaseFreesAll() {
    Reservation first = budgets.reserve(KEY, 6 * CENT);
    Reservation second = budgets.reserve(KEY, 4 * CENT);
    assertThrows(BudgetExceededException.class, () -> budgets.reserve(KEY, CENT));

    first.settle(CENT);
    second.release();

    budgets.reserve(KEY, 9 * CENT);
    assertThrows(BudgetExceededException.class, () -> budgets.reserve(KEY, 1));
  }

  @Test
  void aReservationEndsOnce() {
    Reservation reservation = budgets.reserve(KEY, 5 * CENT);
    reservation.settle(5 * CENT);
    reservation.release();
    reservation.settle(5 * CENT);

    budgets.reserve(KEY, 5 * CENT);
    assertThrows(BudgetExceededException.class, () -> budgets.reserve(KEY, 1));
  }

  @Test
  void keysHaveTheirOwnBudgetsAndOverridesAndUnlistedCallersAreNotLimitedWhenThereIsNoDefault() {
    budgets.reserve(KEY, 10 * CENT);

    budgets.reserve(RICH, 400 * CENT);
    Budgets overridesOnly = Budgets.inMemory(BudgetLimits.of(null, Map.of(KEY, BigDecimal.ONE), List.of()),
        BudgetPeriod.DAY, clock);
    assertSame(Reservation.NONE, overridesOnly.reserve(RICH, 1_000 * CENT));
    assertSame(Reservation.NONE, budgets.reserve(null, 1_000 * CENT));
  }

  @Test
  void aNewPeriodStartsWithTheWholeBudget() {
    budgets.reserve(KEY, 10 * CENT).settle(10 * CENT);
    assertThrows(BudgetExceededException.class, () -> budgets.reserve(KEY, CENT));

    clock.advance(Duration.ofMinutes(1));

    budgets.reserve(KEY, 10 * CENT);
  }

  @Test
  void aCallDearerThanTheWholeBudgetSaysSo() {
    BudgetExceededException refused = assertThrows(BudgetExceededException.class,
        () -> budgets.reserve(KEY, 59 * CENT));

    assertTrue(refused.getMessage().contains("more than the whole budget"), refused.getMessage());
    assertTrue(refused.getMessage().contains("max_output_tokens"), refused.getMessage());
  }

  @Test
  void monthlyBudgetsResetOnTheFirstOfTheNextMonth() {
    assertEquals("2026-12", BudgetPeriod.MONTH.id(clock.instant()));
    assertEquals(Instant.parse("2027-01-01T00:00:00Z"), BudgetPeriod.MONTH.end(clock.instant()));
    assertEquals("2026-12-06", BudgetPeriod.DAY.id(clock.instant()));
  }

  @Test
  void theReportListsLimitSpendAndRemainingPerKeyId() {
    budgets.reserve(KEY, 5 * CENT).settle(3 * CENT);

    Map<String, Object> report = budgets.report();

    assertEquals("instance", report.get("scope"));
    assertEquals("day", report.get("period"));
    assertEquals("2026-12-07T00:00:00Z", report.get("resets_at"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> keys = (Map<String, Map<String, Object>>) report.get("keys");
    assertEquals(Map.of("limit_usd", 0.1, "spent_usd", 0.03, "remaining_usd", 0.07), keys.get(KEY));
    assertEquals(5.0, keys.get(RICH).get("limit_usd"));
  }

  @Test
  void amountsAreFormattedAsDollars() {
    assertEquals("$0.10", Usd.format(CENT * 10));
    assertEquals("$0.000125", Usd.format(125_000));
    assertEquals("$25.00", Usd.format(25 * Usd.NANOS_PER_USD));
  }
}
