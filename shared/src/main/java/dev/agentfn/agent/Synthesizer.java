package dev.agentfn.agent;

import dev.agentfn.api.ApiException;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.tool.UntrustedData;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Writes the final answer from the task and the subtask results: with the fast model, the results
 * passed as delimited untrusted data; without a model (offline) or when the model fails, a
 * deterministic summary that states each result (e.g. {@code 25×4 = 100}); also once the deadline
 * has passed (no model call is started that could only be cut short). Thread-safe.
 */
final class Synthesizer {
  private static final System.Logger LOG = System.getLogger(Synthesizer.class.getName());
  private static final String SYSTEM = "You write the final answer to the user's task from the results of the "
      + "subtasks that were run for it. Answer in the language of the task. Quote numbers and facts from the "
      + "results exactly; say plainly which parts failed. " + UntrustedData.INSTRUCTION;

  private final ModelClient model;
  private final String modelName;
  private final Clock clock;

  /** @param model the model that writes answers, or null for the deterministic summary only */
  Synthesizer(ModelClient model, String modelName, Clock clock) {
    this.model = model;
    this.modelName = modelName;
    this.clock = clock;
  }

  String answer(String task, List<SubtaskReport> reports, String payer, Instant deadline,
      Consumer<ModelReply> meter) {
    if (model == null || reports.stream().noneMatch(r -> "completed".equals(r.status()))
        || !clock.instant().isBefore(deadline)) {
      return summary(reports);
    }
    StringBuilder prompt = new StringBuilder("Task:\n").append(task).append("\n\nSubtask results:\n");
    for (SubtaskReport report : reports) {
      prompt.append("\n").append(report.id()).append(" (").append(report.tool()).append(", ")
          .append(report.description()).append(") ").append(report.status()).append(":\n")
          .append(UntrustedData.wrap(report.id(), report.result() != null ? report.result()
              : report.error() == null ? "" : report.error()))
          .append('\n');
    }
    try {
      ModelReply reply = model.generate(new ModelRequest(modelName, prompt.toString(), SYSTEM, null, null, null,
          false, deadline).paidBy(payer));
      meter.accept(reply);
      return reply.text();
    } catch (ApiException e) {
      LOG.log(Level.WARNING, "synthesis failed (" + e.code().wireName() + "); answering with the summary");
      return summary(reports);
    }
  }

  /** One line per subtask stating its result, failure or skip. */
  static String summary(List<SubtaskReport> reports) {
    StringJoiner lines = new StringJoiner("\n");
    for (SubtaskReport report : reports) {
      String what = report.description().isBlank() ? report.tool() : report.description();
      switch (report.status()) {
        case "completed" -> lines.add("calculate".equals(report.tool()) && report.args().has("expression")
            ? report.args().get("expression").getAsString() + " = " + report.result()
            : what + ": " + report.result());
        case "failed" -> lines.add(what + ": failed — " + report.error());
        default -> lines.add(what + ": skipped — " + report.error());
      }
    }
    return lines.toString();
  }
}
