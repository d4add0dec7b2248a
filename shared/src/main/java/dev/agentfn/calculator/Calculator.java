package dev.agentfn.calculator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates arithmetic expressions by recursive descent over {@link BigDecimal}: numbers,
 * {@code + - * / % ^} (also {@code × ÷ **}), parentheses, unary minus, {@code pi}, {@code e} and
 * {@code sqrt abs round min max pow}. Never a script engine: anything else is rejected. Addition,
 * subtraction and multiplication are exact ({@code 0.1+0.2 = 0.3}); division and roots keep 34
 * significant digits. Input length, nesting depth, exponents and result size are bounded so that
 * hostile input fails fast. Thread-safe (stateless).
 */
public final class Calculator {
  /** Longest expression accepted, in characters. */
  public static final int MAX_LENGTH = 1_000;
  /** Deepest nesting of parentheses, function calls and unary signs. */
  public static final int MAX_DEPTH = 64;
  /** Largest number of digits of any intermediate or final result (integer part or fraction). */
  public static final int MAX_DIGITS = 1_000;

  private static final MathContext PRECISION = MathContext.DECIMAL128;
  private static final BigDecimal PI = new BigDecimal("3.141592653589793238462643383279503");
  private static final BigDecimal E = new BigDecimal("2.718281828459045235360287471352662");

  /** Evaluates {@code expression}; throws {@link CalculationException} with a clear message. */
  public BigDecimal evaluate(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new CalculationException("the expression is empty");
    }
    if (expression.length() > MAX_LENGTH) {
      throw new CalculationException("the expression is longer than " + MAX_LENGTH + " characters");
    }
    Parser parser = new Parser(normalize(expression));
    BigDecimal value = parser.expression(0);
    parser.expectEnd();
    return value;
  }

  /** Evaluates {@code expression} and formats the result without needless trailing zeros. */
  public String calculate(String expression) {
    return format(evaluate(expression));
  }

  /** Plain decimal notation, no trailing zeros, no negative zero. */
  public static String format(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    return value.stripTrailingZeros().toPlainString();
  }

  private static String normalize(String expression) {
    StringBuilder out = new StringBuilder(expression.length());
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      out.append(switch (c) {
        case '×', '✕', '·' -> '*';
        case '÷' -> '/';
        case '（' -> '(';
        case '）' -> ')';
        case '，' -> ',';
        case '＋' -> '+';
        case '－', '−', '–' -> '-';
        case '＊' -> '*';
        case '／' -> '/';
        case '＾' -> '^';
        case '。' -> '.';
        default -> c >= '０' && c <= '９' ? (char) ('0' + (c - '０')) : c;
      });
    }
    return out.toString();
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    BigDecimal expression(int depth) {
      BigDecimal value = term(depth);
      while (true) {
        skipSpaces();
        if (eat('+')) {
          value = checked(value.add(term(depth)));
        } else if (eat('-')) {
          value = checked(value.subtract(term(depth)));
        } else {
          return value;
        }
      }
    }

    private BigDecimal term(int depth) {
      BigDecimal value = unary(depth);
      while (true) {
        skipSpaces();
        if (peek('*') && !peekAt(pos + 1, '*')) {
          pos++;
          value = checked(value.multiply(unary(depth)));
        } else if (eat('/')) {
          value = divide(value, unary(depth));
        } else if (eat('%')) {
          BigDecimal divisor = unary(depth);
          if (divisor.signum() == 0) {
            throw new CalculationException("modulo by zero");
          }
          value = checked(value.remainder(divisor));
        } else {
          return value;
        }
      }
    }

    private BigDecimal unary(int depth) {
      guardDepth(depth);
      skipSpaces();
      if (eat('-')) {
        return unary(depth + 1).negate();
      }
      if (eat('+')) {
        return unary(depth + 1);
      }
      return power(depth);
    }

    private BigDecimal power(int depth) {
      BigDecimal base = primary(depth);
      skipSpaces();
      if (eat('^') || (peek('*') && peekAt(pos + 1, '*') && advance(2))) {
        return pow(base, unary(depth + 1));
      }
      return base;
    }

    private BigDecimal primary(int depth) {
      skipSpaces();
      if (pos >= text.length()) {
        throw new CalculationException("the expression ends where a number was expected");
      }
      char c = text.charAt(pos);
      if (c == '(') {
        pos++;
        guardDepth(depth + 1);
        BigDecimal value = expression(depth + 1);
        expect(')');
        return value;
      }
      if (Character.isDigit(c) || c == '.') {
        return number();
      }
      if (Character.isLetter(c)) {
        return name(depth);
      }
      throw new CalculationException("unexpected '" + printable(c) + "' at position " + (pos + 1));
    }

    private BigDecimal number() {
      int start = pos;
      while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
        pos++;
      }
      String literal = text.substring(start, pos);
      if (literal.length() > MAX_DIGITS) {
        throw new CalculationException("a number has more than " + MAX_DIGITS + " digits");
      }
      try {
        return new BigDecimal(literal);
      } catch (NumberFormatException e) {
        throw new CalculationException("'" + literal + "' is not a number");
      }
    }

    private BigDecimal name(int depth) {
      int start = pos;
      while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      String name = text.substring(start, pos).toLowerCase(Locale.ROOT);
      switch (name) {
        case "pi", "π":
          return PI;
        case "e":
          return E;
        case "sqrt", "abs", "round", "min", "max", "pow":
          return checked(call(name, arguments(depth + 1)));
        default:
          String shown = name.length() > 20 ? name.substring(0, 20) + "…" : name;
          throw new CalculationException("unknown name '" + shown + "': only numbers, operators and "
              + "sqrt, abs, round, min, max, pow, pi, e are allowed");
      }
    }

    private List<BigDecimal> arguments(int depth) {
      guardDepth(depth);
      skipSpaces();
      expect('(');
      List<BigDecimal> args = new ArrayList<>();
      skipSpaces();
      if (eat(')')) {
        return args;
      }
      do {
        args.add(expression(depth));
        skipSpaces();
      } while (eat(','));
      expect(')');
      return args;
    }

    private static BigDecimal call(String name, List<BigDecimal> args) {
      switch (name) {
        case "sqrt" -> {
          arity(name, args, 1, 1);
          if (args.get(0).signum() < 0) {
            throw new CalculationException("sqrt of a negative number");
          }
          return args.get(0).sqrt(PRECISION);
        }
        case "abs" -> {
          arity(name, args, 1, 1);
          return args.get(0).abs();
        }
        case "round" -> {
          arity(name, args, 1, 2);
          int places = args.size() == 2 ? smallInt(args.get(1), "round's second argument", 100) : 0;
          return args.get(0).setScale(places, RoundingMode.HALF_UP);
        }
        case "min" -> {
          arity(name, args, 1, 100);
          return args.stream().reduce(BigDecimal::min).orElseThrow();
        }
        case "max" -> {
          arity(name, args, 1, 100);
          return args.stream().reduce(BigDecimal::max).orElseThrow();
        }
        default -> {
          arity(name, args, 2, 2);
          return pow(args.get(0), args.get(1));
        }
      }
    }

    private static void arity(String name, List<BigDecimal> args, int min, int max) {
      if (args.size() < min || args.size() > max) {
        String expected = min == max ? Integer.toString(min) : min + " to " + max;
        throw new CalculationException(name + " takes " + expected + " argument(s), got " + args.size());
      }
    }

    private static BigDecimal pow(BigDecimal base, BigDecimal exponent) {
      if (exponent.signum() == 0) {
        return BigDecimal.ONE;
      }
      if (base.signum() == 0) {
        if (exponent.signum() < 0) {
          throw new CalculationException("zero to a negative power");
        }
        return BigDecimal.ZERO;
      }
      if (exponent.stripTrailingZeros().scale() <= 0) {
        int n = smallInt(exponent, "the exponent", MAX_DIGITS * 10);
        double digits = Math.abs(n) * Math.log10(base.abs().doubleValue() + Double.MIN_VALUE);
        if (Math.abs(digits) > MAX_DIGITS + 1 || unscaledDigits(base) * (long) Math.abs(n) > 10L * MAX_DIGITS) {
          throw new CalculationException("the result of the power has more than " + MAX_DIGITS + " digits");
        }
        BigDecimal positive = checked(base.pow(Math.abs(n)));
        return n < 0 ? divide(BigDecimal.ONE, positive) : positive;
      }
      double result = Math.pow(base.doubleValue(), exponent.doubleValue());
      if (Double.isNaN(result)) {
        throw new CalculationException("a fractional power of a negative number is not a real number");
      }
      if (Double.isInfinite(result)) {
        throw new CalculationException("the result of the power is too large");
      }
      return checked(new BigDecimal(result, MathContext.DECIMAL64));
    }

    private static long unscaledDigits(BigDecimal value) {
      return value.unscaledValue().abs().bitLength() * 30103L / 100_000 + 1;
    }

    private static int smallInt(BigDecimal value, String what, int limit) {
      BigInteger whole;
      try {
        whole = value.toBigIntegerExact();
      } catch (ArithmeticException e) {
        throw new CalculationException(what + " must be a whole number");
      }
      if (whole.abs().compareTo(BigInteger.valueOf(limit)) > 0) {
        throw new CalculationException(what + " is too large (at most " + limit + ")");
      }
      return whole.intValue();
    }

    private static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
      if (divisor.signum() == 0) {
        throw new CalculationException("division by zero");
      }
      return checked(dividend.divide(divisor, PRECISION));
    }

    /** Rejects results whose integer part or fraction has more than {@link #MAX_DIGITS} digits. */
    private static BigDecimal checked(BigDecimal value) {
      if (value.signum() == 0) {
        return value;
      }
      long integerDigits = (long) value.precision() - value.scale();
      if (integerDigits > MAX_DIGITS) {
        throw new CalculationException("the result has more than " + MAX_DIGITS + " digits");
      }
      if (value.scale() > MAX_DIGITS) {
        BigDecimal rounded = value.setScale(MAX_DIGITS, RoundingMode.HALF_EVEN);
        if (rounded.signum() == 0) {
          throw new CalculationException("the result is too small to show in " + MAX_DIGITS + " decimal places");
        }
        return rounded;
      }
      return value;
    }

    private void guardDepth(int depth) {
      if (depth > MAX_DEPTH) {
        throw new CalculationException("the expression is nested more than " + MAX_DEPTH + " levels deep");
      }
    }

    void expectEnd() {
      skipSpaces();
      if (pos < text.length()) {
        throw new CalculationException("unexpected '" + printable(text.charAt(pos)) + "' at position " + (pos + 1));
      }
    }

    private void expect(char c) {
      skipSpaces();
      if (!eat(c)) {
        throw new CalculationException(pos >= text.length()
            ? "missing '" + c + "' at the end"
            : "expected '" + c + "' at position " + (pos + 1) + " but found '" + printable(text.charAt(pos)) + "'");
      }
    }

    private boolean eat(char c) {
      if (peek(c)) {
        pos++;
        return true;
      }
      return false;
    }

    private boolean advance(int n) {
      pos += n;
      return true;
    }

    private boolean peek(char c) {
      return peekAt(pos, c);
    }

    private boolean peekAt(int at, char c) {
      return at < text.length() && text.charAt(at) == c;
    }

    private void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private static String printable(char c) {
      return c >= 0x20 && c < 0x7f || Character.isLetterOrDigit(c) ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
  }
}
