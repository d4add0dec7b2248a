package dev.agentfn.api;

import java.util.Locale;

/** The caller's hint for model choice: {@code simple}, {@code complex} or {@code general}. */
public enum TaskType {
  SIMPLE,
  COMPLEX,
  GENERAL;

  /** Parses the wire value, or throws {@code invalid_argument}. */
  public static TaskType parse(String value) {
    return switch (value) {
      case "simple" -> SIMPLE;
      case "complex" -> COMPLEX;
      case "general" -> GENERAL;
      default -> throw ApiException.invalidArgument(
          "task_type must be one of simple, complex, general");
    };
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
