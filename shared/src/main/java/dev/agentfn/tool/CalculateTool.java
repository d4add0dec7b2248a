package dev.agentfn.tool;

import com.google.gson.JsonObject;
import dev.agentfn.calculator.CalculationException;
import dev.agentfn.calculator.Calculator;

/** {@code calculate}: evaluates an arithmetic expression exactly (never as code). */
public final class CalculateTool implements Tool {
  private static final ArgsSchema SCHEMA = ArgsSchema.of(ArgsSchema.required("expression",
      "an arithmetic expression, e.g. (12.5 + 7.5) * 3 or sqrt(2) ^ 2", Calculator.MAX_LENGTH));

  private final Calculator calculator = new Calculator();

  @Override
  public String name() {
    return "calculate";
  }

  @Override
  public String description() {
    return "Evaluates an arithmetic expression exactly: numbers, + - * / % ^, parentheses, "
        + "sqrt, abs, round, min, max, pow, pi, e. Use it for every calculation.";
  }

  @Override
  public ArgsSchema schema() {
    return SCHEMA;
  }

  @Override
  public ToolOutcome run(JsonObject args, ToolContext context) {
    try {
      return ToolOutcome.success(calculator.calculate(args.get("expression").getAsString()));
    } catch (CalculationException e) {
      return ToolOutcome.failure("cannot calculate: " + e.getMessage());
    }
  }
}
