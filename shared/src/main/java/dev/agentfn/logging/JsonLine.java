package dev.agentfn.logging;

import dev.agentfn.api.JsonText;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * One Cloud Logging entry as a line of JSON, written field by field into a {@link StringBuilder}:
 * no intermediate map, no reflection. Strings are escaped as JSON requires and cut at
 * {@link #MAX_STRING_CHARS} (then end in {@code ...}). Not thread-safe; one per line.
 */
final class JsonLine {
  /** Longest string value written; longer ones are cut (Cloud Logging takes up to 256 KiB per entry). */
  static final int MAX_STRING_CHARS = 16 * 1024;
  private static final String CUT = "...";

  /** The last second formatted, shared by all threads (immutable, replaced when the second changes). */
  private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

  private final StringBuilder json;
  private boolean first = true;

  private JsonLine(int capacity) {
    json = new StringBuilder(capacity).append('{');
  }

  /** A line with Cloud Logging's leading fields: severity, message, time and logger. */
  static JsonLine start(String severity, String message, Instant time, String logger) {
    JsonLine line = new JsonLine(512 + (message == null ? 0 : Math.min(message.length(), MAX_STRING_CHARS)));
    line.field("severity", severity).field("message", message);
    line.name("time");
    appendTime(line.json, time);
    return line.field("logger", logger);
  }

  /** Adds a string field; null values are left out. */
  JsonLine field(String name, String value) {
    if (value != null) {
      name(name);
      string(json, value);
    }
    return this;
  }

  /** Adds a boolean field. */
  JsonLine field(String name, boolean value) {
    name(name);
    json.append(value);
    return this;
  }

  /** Adds a number field. */
  JsonLine field(String name, long value) {
    name(name);
    json.append(value);
    return this;
  }

  /** Adds the request's context fields (request id, function, trace, span), if any. */
  JsonLine context(LogContext context) {
    if (context != null) {
      field("request_id", context.requestId()).field("function", context.function())
          .field(LogContext.TRACE, context.trace()).field(LogContext.SPAN, context.spanId());
    }
    return this;
  }

  /** The finished line, with its newline. */
  String end() {
    return json.append("}\n").toString();
  }

  private void name(String name) {
    if (!first) {
      json.append(',');
    }
    first = false;
    json.append('"').append(name).append("\":");
  }

  /** Appends {@code value} as a JSON string, cut at {@link #MAX_STRING_CHARS}. */
  static void string(StringBuilder out, String value) {
    if (value.length() > MAX_STRING_CHARS) {
      int end = MAX_STRING_CHARS - CUT.length();
      if (Character.isHighSurrogate(value.charAt(end - 1))) {
        end--;
      }
      value = value.substring(0, end) + CUT;
    }
    JsonText.quote(out, value);
  }

  /** {@code "yyyy-MM-ddTHH:mm:ss.SSSSSSZ"} in UTC, the date and time formatted once per second. */
  static void appendTime(StringBuilder out, Instant time) {
    long epochSecond = time.getEpochSecond();
    Second second = lastSecond;
    if (second.epochSecond != epochSecond) {
      String text = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC).toString();
      // LocalDateTime leaves out seconds that are zero ("…T10:15"): add them back.
      second = new Second(epochSecond, text.length() == 16 ? text + ":00" : text);
      lastSecond = second;
    }
    out.append('"').append(second.text);
    int micros = time.getNano() / 1000;
    out.append('.');
    for (int digit = 100_000; digit > 0; digit /= 10) {
      out.append((char) ('0' + micros / digit % 10));
    }
    out.append("Z\"");
  }

  private record Second(long epochSecond, String text) {}
}
