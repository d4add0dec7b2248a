package dev.agentfn.agent;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.model.History;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.OfflineModelClient;
import dev.agentfn.stats.UsageStats;
import dev.agentfn.tool.TaskScope;
import dev.agentfn.tool.ToolRegistry;
import java.time.Clock;
import java.util.List;

/**
 * The multi-agent {@link TaskRunner}: the planner (model, then rules) makes a validated plan, the
 * executor runs it, the synthesiser writes the final answer; usage and cost are summed over every
 * model call. On the offline provider the rules planner plans and the summary answers. A task that
 * continues a conversation (A2A {@code contextId}) comes with its history, which the model planner
 * sees before the task. Thread-safe.
 */
public final class MultiAgentService implements TaskRunner {
  private final Planner planner;
  private final PlanExecutor executor;
  private final Synthesizer synthesizer;
  private final ModelCatalog catalog;
  private final UsageStats stats;
  private final String executorModel;

  public MultiAgentService(ModelClient model, ModelCatalog catalog, ToolRegistry tools, PlanExecutor executor,
      UsageStats stats, Clock clock) {
    boolean offline = OfflineModelClient.MODEL.equals(model.provider());
    LlmPlanner llm = offline ? null : new LlmPlanner(model, catalog.strong(), tools, new PlanValidator(tools));
    this.planner = new Planner(llm, new RulesPlanner(clock, tools));
    this.executor = executor;
    this.synthesizer = new Synthesizer(offline ? null : model, catalog.fast(), clock);
    this.catalog = catalog;
    this.stats = stats;
    this.executorModel = offline ? OfflineModelClient.MODEL : catalog.fast();
  }

  @Override
  public MultiAgentResult run(String taskId, String task, History history, int maxSubtasks, CallContext context,
      Progress progress) {
    if (task == null || task.isBlank()) {
      throw ApiException.invalidArgument("task must not be empty");
    }
    if (task.codePointCount(0, task.length()) > MultiAgentEndpoint.MAX_TASK_CHARS) {
      throw ApiException.invalidArgument("task must be at most " + MultiAgentEndpoint.MAX_TASK_CHARS + " characters");
    }
    if (maxSubtasks < 1 || maxSubtasks > MultiAgentEndpoint.MAX_SUBTASKS) {
      throw ApiException.invalidArgument("max_subtasks must be between 1 and " + MultiAgentEndpoint.MAX_SUBTASKS);
    }
    long start = System.nanoTime();
    Spend spend = new Spend(catalog, stats);
    String text = task.strip();
    Planner.Planned planned = planner.plan(text, history, maxSubtasks, context.callerId(), context.deadline(), spend);
    progress.planned(planned.planner(), planned.plan().subtasks().stream()
        .map(s -> s.report("pending", null, null, 0)).toList());
    List<SubtaskReport> reports = executor.run(planned.plan(), new TaskScope(context.callerId(), context.hops()),
        context.deadline(), spend, progress);
    String finalAnswer = synthesizer.answer(text, reports, context.callerId(), context.deadline(), spend);
    long latencyMs = (System.nanoTime() - start) / 1_000_000;
    return new MultiAgentResult(taskId, status(reports), reports, reports.size(), finalAnswer, planned.planner(),
        planned.plannerModel(), executorModel, latencyMs, spend.usage(), spend.costUsd(), context.requestId());
  }

  /** {@code completed} when every subtask completed, {@code failed} when none did, else {@code partial}. */
  static String status(List<SubtaskReport> reports) {
    long completed = reports.stream().filter(r -> "completed".equals(r.status())).count();
    if (completed == reports.size()) {
      return "completed";
    }
    return completed == 0 ? "failed" : "partial";
  }
}
