package dev.agentfn.tool;

import java.util.List;
import java.util.Objects;

/** The outcome of one tool call: a success with its output, or a failure with a caller-safe reason. */
public sealed interface ToolOutcome {

  /** @param sources links the output is based on (search grounding), possibly empty */
  record Success(String output, List<String> sources) implements ToolOutcome {
    public Success {
      Objects.requireNonNull(output, "output");
      sources = List.copyOf(sources);
    }

    public Success(String output) {
      this(output, List.of());
    }
  }

  /** @param error what went wrong, safe to show to callers */
  record Failure(String error) implements ToolOutcome {
    public Failure {
      Objects.requireNonNull(error, "error");
    }
  }

  static ToolOutcome success(String output) {
    return new Success(output);
  }

  static ToolOutcome failure(String error) {
    return new Failure(error);
  }
}
