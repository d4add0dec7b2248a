package dev.agentfn.agent;

import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.Usage;
import dev.agentfn.stats.UsageStats;
import java.util.function.Consumer;

/** Usage and cost of one task, summed over its planner, tool and synthesis model calls. Thread-safe. */
final class Spend implements Consumer<ModelReply> {
  private final ModelCatalog catalog;
  private final UsageStats stats;
  private Usage usage = Usage.ZERO;
  private double costUsd;

  Spend(ModelCatalog catalog, UsageStats stats) {
    this.catalog = catalog;
    this.stats = stats;
  }

  /** Counts one model reply (also in the instance's stats). */
  @Override
  public void accept(ModelReply reply) {
    double cost = catalog.cost(reply.model(), reply.usage());
    stats.recordModelCall(reply.model(), reply.usage(), cost);
    synchronized (this) {
      usage = usage.plus(reply.usage());
      costUsd += cost;
    }
  }

  synchronized Usage usage() {
    return usage;
  }

  synchronized double costUsd() {
    return costUsd;
  }
}
