package dev.agentfn.budget;

/**
 * Where budgets are kept: grants allowance to this instance out of an account's limit, hears what it
 * spent, and takes back what it did not spend. Every method but {@link #spentSoFar} is called under
 * the account's monitor.
 */
interface SpendLedger {

  /**
   * Grants this instance at least {@code needed} and up to {@code wanted} more of the account's limit,
   * or nothing (0) when less than {@code needed} is left.
   *
   * @throws dev.agentfn.firestore.FirestoreUnavailableException when the ledger cannot be reached
   */
  long claim(Account account, long needed, long wanted);

  /** This instance spent {@code nanos} of its allowance (after a call settled). */
  void spent(Account account, long nanos);

  /** Reports what this instance spent since the last report, if the ledger keeps it elsewhere. */
  void flush(Account account);

  /** This instance is idle on the account: its spend not yet reported is, and what it did not spend goes back. */
  void giveBack(Account account);

  /** Whether the ledger is shared by instances (then idle instances give their allowance back). */
  boolean shared();

  /**
   * What the caller spent in the period, as far as the ledger knows ({@code local}: this instance's
   * account for it, or null), or -1 when the ledger cannot tell now.
   */
  long spentSoFar(String callerId, String period, Account local);
}
