package dev.agentfn.agent;

import java.util.Objects;

/** How one subtask ended: completed with a result, failed with a reason, or skipped because a dependency did not complete. */
sealed interface SubtaskOutcome {

  /** The status as reported to callers. */
  String status();

  record Completed(String result, long latencyMs) implements SubtaskOutcome {
    public Completed {
      Objects.requireNonNull(result, "result");
    }

    @Override
    public String status() {
      return "completed";
    }
  }

  record Failed(String error, long latencyMs) implements SubtaskOutcome {
    public Failed {
      Objects.requireNonNull(error, "error");
    }

    @Override
    public String status() {
      return "failed";
    }
  }

  record Skipped(String reason) implements SubtaskOutcome {
    public Skipped {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String status() {
      return "skipped";
    }
  }

  /** The report row of {@code subtask} (run with {@code args}) ending this way. */
  default SubtaskReport report(Subtask subtask) {
    if (this instanceof Completed completed) {
      return subtask.report(status(), completed.result(), null, completed.latencyMs());
    }
    if (this instanceof Failed failed) {
      return subtask.report(status(), null, failed.error(), failed.latencyMs());
    }
    return subtask.report(status(), null, ((Skipped) this).reason(), 0);
  }
}
