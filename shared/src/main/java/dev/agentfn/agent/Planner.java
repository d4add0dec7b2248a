package dev.agentfn.agent;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.model.History;
import dev.agentfn.model.ModelReply;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Chooses the plan of a task: the model's plan when a model planner is configured and its plan is
 * valid (after at most one repair round), else the deterministic rules planner. Thread-safe.
 */
final class Planner {
  private static final System.Logger LOG = System.getLogger(Planner.class.getName());

  private final LlmPlanner llm;
  private final RulesPlanner rules;

  /** @param llm the model planner, or null to always use the rules (the offline provider) */
  Planner(LlmPlanner llm, RulesPlanner rules) {
    this.llm = llm;
    this.rules = rules;
  }

  /** The plan and which planner made it. */
  record Planned(Plan plan, String planner, String plannerModel) {}

  Planned plan(String task, History history, int maxSubtasks, String payer, Instant deadline,
      Consumer<ModelReply> meter) {
    if (llm != null) {
      try {
        LlmPlanner.Attempt attempt = llm.plan(task, history, maxSubtasks, payer, deadline, meter);
        if (attempt.errors().isEmpty()) {
          return new Planned(attempt.plan(), "llm", llm.modelName());
        }
        LOG.log(Level.INFO, "the model's plan stayed invalid after repair; using the rules planner: " + attempt.errors());
      } catch (ApiException e) {
        if (e.code() == ErrorCode.DEADLINE_EXCEEDED) {
          throw e;
        }
        LOG.log(Level.WARNING, "the model planner failed (" + e.code().wireName() + "); using the rules planner");
      }
    }
    return new Planned(rules.plan(task, maxSubtasks), "rules", null);
  }
}
