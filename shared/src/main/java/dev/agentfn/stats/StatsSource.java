package dev.agentfn.stats;

/** Where {@code GET /stats} takes its figures from: this instance, or all instances summed. */
public interface StatsSource {

  /** The figures now, with the scope they cover. */
  Report report();

  /** Usage figures and their scope: {@code instance} or {@code global}. */
  record Report(String scope, UsageStats.Snapshot figures) {}
}
