package dev.agentfn.calculator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CalculatorTest {
  private final Calculator calculator = new Calculator();

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "25×4 | 100",
      "(12.5 + 7.5) * 3 | 60",
      "2^10 | 1024",
      "0.1+0.2 | 0.3",
      "1.50 * 2 | 3",
      "10 / 4 | 2.5",
      "84 ÷ 2 | 42",
      "7 % 3 | 1",
      "-7 % 3 | -1",
      "-2^2 | -4",
      "(-2)^2 | 4",
      "2^3^2 | 512",
      "2**10 | 1024",
      "2^-2 | 0.25",
      "--3 | 3",
      "-(3 - 5) | 2",
      "1 - 1 | 0",
      "-0 | 0",
      "sqrt(16) | 4",
      "abs(-3.5) | 3.5",
      "round(2.5) | 3",
      "round(3.14159, 2) | 3.14",
      "min(3, 1, 2) | 1",
      "max(3, 1, 2) | 3",
      "pow(2, 0.5) | 1.414213562373095",
      "1/3 | 0.3333333333333333333333333333333333",
      "（1＋2）×３ | 9",
      "  12   | 12",
      "1000000 * 1000000 | 1000000000000",
      "0.000001 * 0.000001 | 0.000000000001",
  })
  void evaluatesExactlyWithoutTrailingZeros(String expression, String expected) {
    assertEquals(expected, calculator.calculate(expression));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1/0 | division by zero",
      "1 % 0 | modulo by zero",
      "sqrt(-1) | sqrt of a negative number",
      "(-8)^(1/3) | a fractional power of a negative number is not a real number",
      "0^-1 | zero to a negative power",
      "(1 + 2 | missing ')' at the end",
      "1 + | the expression ends where a number was expected",
      "1 2 | unexpected '2' at position 3",
      "1.2.3 | '1.2.3' is not a number",
      "min() | min takes 1 to 100 argument(s), got 0",
      "round(1.5, 0.5) | round's second argument must be a whole number",
  })
  void rejectsBadExpressionsWithAClearMessage(String expression, String message) {
    CalculationException error = assertThrows(CalculationException.class, () -> calculator.calculate(expression));
    assertEquals(message, error.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "System.exit(0)",
      "Runtime.getRuntime().exec(\"rm -rf /\")",
      "java.lang.Math.random()",
      "__import__('os').system('ls')",
      "eval('1+1')",
      "process.exit(1)",
      "1; drop table users",
      "x = 5",
      "${7*7}",
      "#{7*7}",
      "a => a",
      "new java.io.File('/')",
  })
  void codeLikeStringsAreRejectedNotRun(String code) {
    CalculationException error = assertThrows(CalculationException.class, () -> calculator.calculate(code));
    assertTrue(error.getMessage().startsWith("unknown name") || error.getMessage().startsWith("unexpected"),
        error.getMessage());
  }

  @Test
  void aFiveThousandTermSumFailsFastOnLength() {
    String sum = "1" + "+1".repeat(4_999);
    CalculationException error = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(CalculationException.class, () -> calculator.calculate(sum)));
    assertEquals("the expression is longer than " + Calculator.MAX_LENGTH + " characters", error.getMessage());
  }

  @Test
  void aLongSumWithinTheLengthLimitIsEvaluated() {
    String sum = "1" + "+1".repeat(499);
    assertEquals("500", calculator.calculate(sum));
  }

  @Test
  void tenThousandNestedParenthesesFailFast() {
    String nested = "(".repeat(10_000) + "1" + ")".repeat(10_000);
    CalculationException error = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(CalculationException.class, () -> calculator.calculate(nested)));
    assertEquals("the expression is longer than " + Calculator.MAX_LENGTH + " characters", error.getMessage());
  }

  @Test
  void nestingDeeperThanTheLimitFailsWithinTheLengthLimit() {
    String nested = "(".repeat(Calculator.MAX_DEPTH + 1) + "1" + ")".repeat(Calculator.MAX_DEPTH + 1);
    CalculationException error = assertThrows(CalculationException.class, () -> calculator.calculate(nested));
    assertEquals("the expression is nested more than " + Calculator.MAX_DEPTH + " levels deep", error.getMessage());
    String sqrts = "sqrt(".repeat(Calculator.MAX_DEPTH + 1) + "1" + ")".repeat(Calculator.MAX_DEPTH + 1);
    assertThrows(CalculationException.class, () -> calculator.calculate(sqrts));
    assertThrows(CalculationException.class, () -> calculator.calculate("-".repeat(500) + "1"));
    assertEquals("1", calculator.calculate("(".repeat(Calculator.MAX_DEPTH - 1) + "1" + ")".repeat(Calculator.MAX_DEPTH - 1)));
  }

  @Test
  void towerOfPowersFailsFast() {
    CalculationException error = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(CalculationException.class, () -> calculator.calculate("9^9^9")));
    assertEquals("the exponent is too large (at most 10000)", error.getMessage());
  }

  @Test
  void hugeResultsFailFast() {
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertEquals("the result of the power has more than 1000 digits",
          assertThrows(CalculationException.class, () -> calculator.calculate("10^5000")).getMessage());
      assertEquals("the result of the power has more than 1000 digits",
          assertThrows(CalculationException.class, () -> calculator.calculate("1.0000001^9999")).getMessage());
      assertEquals("the result has more than 1000 digits", assertThrows(CalculationException.class,
          () -> calculator.calculate("10^900 * 10^900")).getMessage());
      assertEquals("the result of the power is too large",
          assertThrows(CalculationException.class, () -> calculator.calculate("10^(10^3.5)")).getMessage());
    });
  }

  @Test
  void powersUpToTheLimitAreExact() {
    assertEquals("1" + "0".repeat(999), calculator.calculate("10^999"));
    assertThrows(CalculationException.class, () -> calculator.calculate("10^1000"));
    assertEquals(BigDecimal.valueOf(9).pow(300).toPlainString(), calculator.calculate("9^300"));
  }

  /** Random sums, differences and products of decimals, checked against BigDecimal computed directly. */
  @Test
  void agreesWithABigDecimalOracleOnRandomExpressions() {
    Random random = new Random(20261125L);
    for (int i = 0; i < 2_000; i++) {
      Oracle oracle = expression(random, 0);
      BigDecimal actual = calculator.evaluate(oracle.text());
      assertEquals(0, oracle.value().compareTo(actual), () -> oracle.text() + " = " + oracle.value() + ", got " + actual);
      assertEquals(Calculator.format(oracle.value()), calculator.calculate(oracle.text()), oracle::text);
    }
  }

  private record Oracle(String text, BigDecimal value) {}

  private static Oracle expression(Random random, int depth) {
    if (depth > 3 || random.nextInt(3) == 0) {
      BigDecimal number = BigDecimal.valueOf(random.nextInt(100_000), random.nextInt(4));
      return new Oracle(number.toPlainString(), number);
    }
    Oracle left = expression(random, depth + 1);
    Oracle right = expression(random, depth + 1);
    return switch (random.nextInt(4)) {
      case 0 -> new Oracle("(" + left.text() + " + " + right.text() + ")", left.value().add(right.value()));
      case 1 -> new Oracle("(" + left.text() + " - " + right.text() + ")", left.value().subtract(right.value()));
      case 2 -> new Oracle(left.text() + " * " + right.text(), left.value().multiply(right.value()));
      default -> new Oracle("-(" + left.text() + ") × " + right.text(), left.value().negate().multiply(right.value()));
    };
  }
}
