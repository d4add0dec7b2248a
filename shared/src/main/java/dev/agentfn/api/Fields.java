package dev.agentfn.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;

/**
 * Typed reads of a request's JSON fields. A wrong type or an out-of-range value is an
 * {@code invalid_argument} whose message names the field; {@code null} counts as absent.
 */
public final class Fields {
  private final JsonObject object;
  private final String prefix;

  private Fields(JsonObject object, String prefix) {
    this.object = object;
    this.prefix = prefix;
  }

  public static Fields of(JsonObject object) {
    return new Fields(object, "");
  }

  /** Fields of a nested object; errors name the field as {@code prefix + name}. */
  public static Fields of(JsonObject object, String prefix) {
    return new Fields(object, prefix);
  }

  private JsonElement value(String name) {
    JsonElement element = object.get(name);
    return element == null || element.isJsonNull() ? null : element;
  }

  public boolean has(String name) {
    return value(name) != null;
  }

  /** A required string, trimmed, with {@code 1..maxChars} characters. */
  public String requiredString(String name, int maxChars) {
    String value = optionalString(name, maxChars);
    if (value == null) {
      throw ApiException.invalidArgument(prefix + name + " is required");
    }
    if (value.isEmpty()) {
      throw ApiException.invalidArgument(prefix + name + " must not be empty");
    }
    return value;
  }

  /** An optional string, trimmed; null when absent. */
  public String optionalString(String name, int maxChars) {
    JsonElement element = value(name);
    if (element == null) {
      return null;
    }
    if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
      throw ApiException.invalidArgument(prefix + name + " must be a string");
    }
    String value = element.getAsString().strip();
    if (value.codePointCount(0, value.length()) > maxChars) {
      throw ApiException.invalidArgument(prefix + name + " must be at most " + maxChars + " characters");
    }
    return value;
  }

  public boolean optionalBoolean(String name, boolean fallback) {
    JsonElement element = value(name);
    if (element == null) {
      return fallback;
    }
    if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isBoolean()) {
      throw ApiException.invalidArgument(prefix + name + " must be true or false");
    }
    return element.getAsBoolean();
  }

  /** An optional number in {@code [min, max]}; null when absent. */
  public Double optionalNumber(String name, double min, double max) {
    BigDecimal value = number(name);
    if (value == null) {
      return null;
    }
    double d = value.doubleValue();
    if (!(d >= min && d <= max)) {
      throw ApiException.invalidArgument(prefix + name + " must be between " + plain(min) + " and " + plain(max));
    }
    return d;
  }

  /** An optional whole number in {@code [min, max]}; null when absent. */
  public Integer optionalInt(String name, int min, int max) {
    BigDecimal value = number(name);
    if (value == null) {
      return null;
    }
    BigDecimal whole;
    try {
      whole = value.stripTrailingZeros();
      if (whole.scale() > 0) {
        throw new ArithmeticException();
      }
    } catch (ArithmeticException e) {
      throw ApiException.invalidArgument(prefix + name + " must be a whole number");
    }
    if (whole.compareTo(BigDecimal.valueOf(min)) < 0 || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw ApiException.invalidArgument(prefix + name + " must be between " + min + " and " + max);
    }
    return whole.intValueExact();
  }

  private BigDecimal number(String name) {
    JsonElement element = value(name);
    if (element == null) {
      return null;
    }
    if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
      throw ApiException.invalidArgument(prefix + name + " must be a number");
    }
    JsonPrimitive primitive = element.getAsJsonPrimitive();
    try {
      return new BigDecimal(primitive.getAsString());
    } catch (NumberFormatException e) {
      throw ApiException.invalidArgument(prefix + name + " must be a number");
    }
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
