package dev.agentfn.calculator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.agentfn.testing.FuzzInputs;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Fuzz test of the calculator (Jazzer): any text gives a number of at most
 * {@link Calculator#MAX_DIGITS} digits on either side of the point, or a {@link CalculationException},
 * never another exception or a runaway result. {@code ./mvnw verify} replays the committed inputs
 * under {@code src/test/resources/dev/agentfn/calculator/CalculatorFuzzTestInputs/} (plain UTF-8
 * text: the target takes {@code byte[]}, which Jazzer's JUnit runner passes from a file unchanged);
 * see the README ("Hostile input") to fuzz for new ones.
 */
class CalculatorFuzzTest {
  private final Calculator calculator = new Calculator();

  @FuzzTest(maxDuration = "30s")
  void anyExpressionGivesANumberOrACalculationError(byte[] input) {
    String expression = new String(input, StandardCharsets.UTF_8);
    BigDecimal value;
    try {
      value = calculator.evaluate(expression);
    } catch (CalculationException e) {
      assertFalse(e.getMessage() == null || e.getMessage().isBlank());
      return;
    }
    assertTrue(value.signum() == 0 || value.precision() - value.scale() <= Calculator.MAX_DIGITS,
        () -> expression + " has " + (value.precision() - value.scale()) + " integer digits");
    assertTrue(value.scale() <= Calculator.MAX_DIGITS, () -> expression + " has " + value.scale() + " decimals");
    String formatted = Calculator.format(value);
    assertFalse(formatted.isEmpty());
    assertEquals(0, new BigDecimal(formatted).compareTo(value), formatted);
  }

  /** What each committed input evaluates to ({@code = value}) or the error it must get ({@code ! message}). */
  @Test
  void eachCommittedInputReachesTheBranchItIsNamedFor() {
    Map<String, String> expected = new TreeMap<>(Map.ofEntries(
        Map.entry("decimal_tiny", "= 0.00000000003333333333333333333333333333333333"),
        Map.entry("deep_parens", "! the expression is nested more than " + Calculator.MAX_DEPTH + " levels deep"),
        Map.entry("division_by_zero", "! division by zero"),
        Map.entry("empty", "! the expression is empty"),
        Map.entry("garbage", "! unknown name 'import'"),
        Map.entry("huge_factorial_like", "! the result has more than " + Calculator.MAX_DIGITS + " digits"),
        Map.entry("letters", "! unknown name 'abc'"),
        Map.entry("long_number", "= " + "9".repeat(Calculator.MAX_LENGTH)),
        Map.entry("power_tower", "! the exponent is too large (at most " + 10 * Calculator.MAX_DIGITS + ")"),
        Map.entry("precedence", "= 6.5"),
        Map.entry("product", "= 100"),
        Map.entry("round_past_the_limit", "! the result has more than " + Calculator.MAX_DIGITS + " digits"),
        Map.entry("unary_chain", "! the expression is nested more than " + Calculator.MAX_DEPTH + " levels deep"),
        Map.entry("unbalanced", "! missing ')' at the end"),
        Map.entry("unicode_times", "= 100")));
    Map<String, byte[]> inputs = FuzzInputs.of(getClass(), "anyExpressionGivesANumberOrACalculationError");
    assertEquals(expected.keySet(), inputs.keySet(), "every committed input has its expected branch here");
    inputs.forEach((name, input) -> {
      String outcome;
      try {
        outcome = "= " + calculator.calculate(new String(input, StandardCharsets.UTF_8));
      } catch (CalculationException e) {
        outcome = "! " + e.getMessage();
      }
      assertTrue(outcome.startsWith(expected.get(name)), name + ": expected " + expected.get(name) + ", got " + outcome);
    });
  }
}
