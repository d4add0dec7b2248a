package dev.agentfn.budget;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The worst case of one model call, held from a caller's budget until the call ends: then either
 * {@link #settle}d to its real cost or {@link #release}d (the call failed). Only the first of the two
 * counts. Thread-safe.
 */
public final class Reservation {
  /** The reservation of a call that no budget limits. */
  static final Reservation NONE = new Reservation(null, null, 0);

  private final Budgets budgets;
  private final Account account;
  private final long worst;
  private final AtomicBoolean ended = new AtomicBoolean();

  Reservation(Budgets budgets, Account account, long worst) {
    this.budgets = budgets;
    this.account = account;
    this.worst = worst;
  }

  /** The call cost {@code actualNanos} (nano-dollars); the reservation becomes that spend. */
  public void settle(long actualNanos) {
    if (account != null && ended.compareAndSet(false, true)) {
      budgets.end(account, worst, actualNanos);
    }
  }

  /** The call failed: nothing is spent and the reservation is freed. */
  public void release() {
    settle(0);
  }
}
