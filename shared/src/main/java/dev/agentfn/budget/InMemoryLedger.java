package dev.agentfn.budget;

/** The ledger of one instance alone: an account's whole limit is this instance's allowance. */
final class InMemoryLedger implements SpendLedger {
  @Override
  public long claim(Account account, long needed, long wanted) {
    long left = account.limit - account.granted;
    return left >= needed ? left : 0;
  }

  @Override
  public void spent(Account account, long nanos) {}

  @Override
  public void flush(Account account) {}

  @Override
  public void giveBack(Account account) {}

  @Override
  public boolean shared() {
    return false;
  }

  @Override
  public long spentSoFar(String callerId, String period, Account local) {
    if (local == null) {
      return 0;
    }
    synchronized (local) {
      return local.spent;
    }
  }
}
