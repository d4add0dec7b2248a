package dev.agentfn.budget;

import com.google.cloud.firestore.Firestore;
import dev.agentfn.api.ApiException;
import dev.agentfn.firestore.FirestoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Spend budgets per caller and period: before a model call its worst case is {@link #reserve}d from
 * the caller's budget ({@code 402 budget_exceeded} when it does not fit, saying when the period
 * resets), and afterwards settled to the real cost or released. Each instance reserves out of an
 * allowance that the {@link SpendLedger} grants it in slices of a twentieth of the limit (or more, for
 * a larger call); with a shared ledger, a sweep every second reports what was spent and gives the
 * unspent rest of accounts idle for {@link #GIVE_BACK_AFTER} back. Thread-safe; one per instance.
 */
public final class Budgets {
  /** A budget is handed to instances in slices of this fraction of the limit (at least one call's worth). */
  static final int SLICES = 20;
  /** How long an instance keeps unspent allowance after its last call on an account. */
  static final Duration GIVE_BACK_AFTER = Duration.ofSeconds(2);

  private final BudgetLimits limits;
  private final BudgetPeriod period;
  private final SpendLedger ledger;
  private final Clock clock;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();

  Budgets(BudgetLimits limits, BudgetPeriod period, SpendLedger ledger, Clock clock) {
    this.limits = limits;
    this.period = period;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** Budgets kept in this instance alone. */
  public static Budgets inMemory(BudgetLimits limits, BudgetPeriod period, Clock clock) {
    return new Budgets(limits, period, new InMemoryLedger(), clock);
  }

  /**
   * Budgets shared by every instance through slices in Firestore collection
   * {@value FirestoreLedger#COLLECTION} (see {@link FirestoreLedger} for the bounds this keeps).
   *
   * @param timeout how long one Firestore call may take
   * @param holder this instance's name in the slices it claims
   */
  public static Budgets firestore(BudgetLimits limits, BudgetPeriod period, Supplier<Firestore> firestore,
      Duration timeout, String holder, Clock clock) {
    Budgets budgets = new Budgets(limits, period, new FirestoreLedger(firestore, timeout, holder), clock);
    ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "agentfn-budget-give-back");
      thread.setDaemon(true);
      return thread;
    });
    sweeper.scheduleWithFixedDelay(budgets::sweep, 1, 1, TimeUnit.SECONDS);
    return budgets;
  }

  /** The period limits apply to. */
  public BudgetPeriod period() {
    return period;
  }

  /**
   * Reserves {@code worstNanos} (nano-dollars) of {@code callerId}'s budget for one call. Callers
   * without a limit get a reservation that does nothing.
   *
   * @throws BudgetExceededException when the budget has less than that left
   * @throws ApiException {@code upstream_unavailable} when a shared ledger cannot be reached
   */
  public Reservation reserve(String callerId, long worstNanos) {
    long limit = callerId == null ? -1 : limits.nanosFor(callerId);
    if (limit < 0) {
      return Reservation.NONE;
    }
    Instant now = clock.instant();
    Account account = account(callerId, limit, now);
    synchronized (account) {
      long needed = worstNanos - account.free();
      if (needed > 0) {
        try {
          account.granted += ledger.claim(account, needed, Math.max(needed, limit / SLICES));
        } catch (FirestoreUnavailableException e) {
          throw ApiException.upstreamUnavailable("the budget ledger is unavailable; retry shortly", 1, e);
        }
      }
      if (account.free() < worstNanos) {
        throw exceeded(account, worstNanos, now);
      }
      account.reserved += worstNanos;
    }
    return new Reservation(this, account, worstNanos);
  }

  /** Ends a reservation: {@code worst} was held, the call cost {@code actual}. */
  void end(Account account, long worst, long actual) {
    synchronized (account) {
      account.reserved -= worst;
      account.spent += actual;
      account.lastUse = clock.instant();
      ledger.spent(account, actual);
    }
  }

  /**
   * Reports spend to a shared ledger, and gives the allowance of accounts idle for
   * {@link #GIVE_BACK_AFTER} back to it.
   */
  void sweep() {
    Instant idleSince = clock.instant().minus(GIVE_BACK_AFTER);
    for (Account account : accounts.values()) {
      synchronized (account) {
        if (account.granted > 0 && account.reserved == 0 && !account.lastUse.isAfter(idleSince)) {
          // One write per slice reports the rest of its spend and closes it: a slice never shows closed
          // with less spend than it had (two writes could land in either order).
          ledger.giveBack(account);
          account.granted = 0;
          account.spent = 0;
        } else {
          ledger.flush(account);
        }
      }
    }
  }

  /** Limit, spend and what is left of each listed caller that has a limit, for {@code /stats}. */
  public Map<String, Object> report() {
    Instant now = clock.instant();
    String id = period.id(now);
    Map<String, Object> keys = new LinkedHashMap<>();
    for (String callerId : limits.callerIds().get()) {
      long limit = limits.nanosFor(callerId);
      if (limit < 0) {
        continue;
      }
      Account local = accounts.get(callerId);
      long spent = ledger.spentSoFar(callerId, id, local != null && local.period.equals(id) ? local : null);
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("limit_usd", Usd.usd(limit));
      figures.put("spent_usd", spent < 0 ? null : Usd.usd(spent));
      figures.put("remaining_usd", spent < 0 ? null : Usd.usd(Math.max(0, limit - spent)));
      keys.put(callerId, figures);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("scope", ledger.shared() ? "global" : "instance");
    report.put("period", period.wireName());
    report.put("resets_at", period.end(now).toString());
    report.put("keys", keys);
    return report;
  }

  private Account account(String callerId, long limit, Instant now) {
    String id = period.id(now);
    return accounts.compute(callerId, (k, current) -> current != null && current.period.equals(id) ? current
        : new Account(callerId, id, limit, period.end(now), now));
  }

  private BudgetExceededException exceeded(Account account, long worst, Instant now) {
    long seconds = Duration.between(now, account.resetsAt).toSeconds() + 1;
    String why = worst > account.limit
        ? "this call may cost up to " + Usd.format(worst) + ", more than the whole budget of "
            + Usd.format(account.limit) + " a " + period.wireName() + " (a lower max_output_tokens reserves less)"
        : "the budget of " + Usd.format(account.limit) + " a " + period.wireName()
            + " has less than this call's worst case (" + Usd.format(worst) + ") left";
    return new BudgetExceededException(account.callerId, "spend budget exceeded for this API key: " + why
        + "; it resets at " + account.resetsAt, seconds);
  }
}
