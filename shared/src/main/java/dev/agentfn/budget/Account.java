package dev.agentfn.budget;

import java.time.Instant;

/**
 * One caller's budget in one period as this instance sees it: the allowance the ledger granted this
 * instance, what it spent of it and what is reserved by calls in flight. Guarded by its own monitor,
 * under which the ledger is called too.
 */
final class Account {
  final String callerId;
  final String period;
  final long limit;
  final Instant resetsAt;
  /** Allowance granted to this instance and not given back. */
  long granted;
  /** Settled cost of the calls made on that allowance. */
  long spent;
  /** Worst cases of the calls in flight. */
  long reserved;
  /** When the last reservation of this instance ended (idle accounts give their allowance back). */
  Instant lastUse;

  Account(String callerId, String period, long limit, Instant resetsAt, Instant now) {
    this.callerId = callerId;
    this.period = period;
    this.limit = limit;
    this.resetsAt = resetsAt;
    this.lastUse = now;
  }

  /** What this instance may still reserve without asking the ledger. */
  long free() {
    return granted - spent - reserved;
  }

  /** Key of this account in maps: caller and period. */
  String id() {
    return callerId + "~" + period;
  }
}
