package dev.agentfn.api;

import java.util.List;
import java.util.Map;

/**
 * JSON written field by field into a {@link StringBuilder}, byte for byte as the API's Gson writes
 * it (the same string escaping, {@code Long.toString} and {@code Double.toString} numbers, nulls
 * written), without reflection or a synchronized {@code Writer}: for the hot responses. Not
 * thread-safe; one per document.
 */
public final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;
  private boolean comma;

  public JsonText(int capacity) {
    out = new StringBuilder(capacity);
  }

  public JsonText beginObject() {
    separate();
    out.append('{');
    comma = false;
    return this;
  }

  public JsonText endObject() {
    out.append('}');
    comma = true;
    return this;
  }

  /** The name of the next value: a constant key of plain characters, written as it is (not escaped). */
  public JsonText name(String name) {
    separate();
    out.append('"').append(name).append("\":");
    comma = false;
    return this;
  }

  public JsonText field(String name, String value) {
    name(name);
    if (value == null) {
      out.append("null");
    } else {
      quote(out, value);
    }
    comma = true;
    return this;
  }

  public JsonText field(String name, long value) {
    name(name).out.append(value);
    comma = true;
    return this;
  }

  public JsonText field(String name, double value) {
    name(name).out.append(Double.toString(value));
    comma = true;
    return this;
  }

  public JsonText field(String name, boolean value) {
    name(name).out.append(value);
    comma = true;
    return this;
  }

  /**
   * Writes a plain value (after {@link #name}, or as the document): null, a string, a boolean, an
   * {@code Integer}, {@code Long} or {@code Double}, a {@link JsonWritable}, or a map with string keys
   * or a list of such values; {@link #isPlain} says whether {@code value} is one.
   */
  public JsonText value(Object value) {
    if (value == null) {
      return nullValue();
    }
    separate();
    if (value instanceof String text) {
      quote(out, text);
    } else if (value instanceof Double number) {
      out.append(Double.toString(number));
    } else if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof JsonWritable writable) {
      writable.writeJson(this);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      comma = false;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        name((String) entry.getKey());
        value(entry.getValue());
      }
      out.append('}');
    } else {
      out.append('[');
      comma = false;
      for (Object item : (List<?>) value) {
        value(item);
      }
      out.append(']');
    }
    comma = true;
    return this;
  }

  /**
   * Whether {@link #value} writes {@code value} as Gson would: plain values only, and map keys of
   * plain characters (names are not escaped).
   */
  public static boolean isPlain(Object value) {
    if (value == null || value instanceof String || value instanceof Double || value instanceof Long
        || value instanceof Integer || value instanceof Boolean || value instanceof JsonWritable) {
      return true;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key) || !plainName(key) || !isPlain(entry.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (!isPlain(item)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean plainName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c == '\u2028' || c == '\u2029') {
        return false;
      }
    }
    return true;
  }

  /** A {@code null} value (after {@link #name}). */
  public JsonText nullValue() {
    separate();
    out.append("null");
    comma = true;
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void separate() {
    if (comma) {
      out.append(',');
    }
  }

  /**
   * Appends {@code value} as a JSON string escaped as Gson escapes it without HTML escaping:
   * quote, backslash, control characters ({@code \t \b \n \r \f} short, others as six-character escapes),
   * and U+2028/U+2029. Runs of plain characters are copied in one go.
   */
  public static void quote(StringBuilder out, String value) {
    out.append('"');
    int plain = 0;
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') {
        continue;
      }
      out.append(value, plain, i);
      plain = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\f' -> out.append("\\f");
        default -> out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
            .append(HEX[c & 0xF]);
      }
    }
    out.append(value, plain, length).append('"');
  }
}
