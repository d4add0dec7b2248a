package dev.agentfn.calculator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigDecimal;

/**
 * Fuzz test of the calculator (Jazzer): any text gives a number or a {@link CalculationException},
 * never another exception, a hang or a runaway result. {@code ./mvnw verify} replays the committed
 * inputs under {@code src/test/resources/dev/agentfn/calculator/CalculatorFuzzTestInputs/}; see the
 * README ("Hostile input") to fuzz for new ones.
 */
class CalculatorFuzzTest {
  private final Calculator calculator = new Calculator();

  @FuzzTest(maxDuration = "30s")
  void anyExpressionGivesANumberOrACalculationError(String expression) {
    BigDecimal value;
    try {
      value = calculator.evaluate(expression);
    } catch (CalculationException e) {
      assertFalse(e.getMessage() == null || e.getMessage().isBlank());
      return;
    }
    String formatted = Calculator.format(value);
    assertFalse(formatted.isEmpty());
    assertEquals(0, new BigDecimal(formatted).compareTo(value), formatted);
  }
}
