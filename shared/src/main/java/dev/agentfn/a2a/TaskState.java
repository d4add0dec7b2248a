package dev.agentfn.a2a;

import java.util.Locale;
import java.util.Optional;

/** The A2A task states; 1.0 names them {@code TASK_STATE_*}, 0.3 in kebab case. */
public enum TaskState {
  SUBMITTED,
  WORKING,
  COMPLETED,
  FAILED,
  CANCELED,
  REJECTED,
  INPUT_REQUIRED,
  AUTH_REQUIRED;

  /** The ProtoJSON name of A2A 1.0, e.g. {@code TASK_STATE_COMPLETED}. */
  public String wireName() {
    return "TASK_STATE_" + name();
  }

  /** The A2A 0.3 name, e.g. {@code input-required}. */
  public String legacyName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether no further change can happen (completed, failed, canceled, rejected). */
  public boolean terminal() {
    return this == COMPLETED || this == FAILED || this == CANCELED || this == REJECTED;
  }

  /** The state of a 1.0 wire name, if it is one. */
  public static Optional<TaskState> fromWireName(String name) {
    for (TaskState state : values()) {
      if (state.wireName().equals(name)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
