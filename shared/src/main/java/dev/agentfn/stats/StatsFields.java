package dev.agentfn.stats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link UsageStats.Snapshot} as flat counters, one Firestore field each (no nested fields:
 * increments of nested fields are not portable). Field names are {@code kind__label__label…} with
 * every label encoded to letters, digits and {@code _xx} hex escapes, so they need no quoting and
 * {@code __} only ever separates parts.
 */
final class StatsFields {
  private static final String SEP = "__";
  private static final String REQUESTS = "requests";
  private static final String MODEL = "model";
  private static final String CACHE = "cache";

  private StatsFields() {}

  /** The snapshot's counters by field name. */
  static Map<String, Number> flatten(UsageStats.Snapshot snapshot) {
    Map<String, Number> fields = new HashMap<>();
    snapshot.requests().forEach((function, byClass) -> byClass.forEach((statusClass, count) ->
        fields.put(name(REQUESTS, function, statusClass), count)));
    snapshot.models().forEach((model, f) -> {
      fields.put(name(MODEL, model, "calls"), f.calls());
      fields.put(name(MODEL, model, "input_tokens"), f.inputTokens());
      fields.put(name(MODEL, model, "output_tokens"), f.outputTokens());
      fields.put(name(MODEL, model, "cost_usd"), f.costUsd());
    });
    snapshot.cache().forEach((outcome, count) -> fields.put(name(CACHE, outcome), count));
    return fields;
  }

  /** {@code now - before}, keeping only counters that moved. */
  static Map<String, Number> delta(Map<String, Number> now, Map<String, Number> before) {
    Map<String, Number> delta = new HashMap<>();
    now.forEach((field, value) -> {
      Number old = before.get(field);
      if (value instanceof Double || old instanceof Double) {
        double d = value.doubleValue() - (old == null ? 0 : old.doubleValue());
        if (d != 0) {
          delta.put(field, d);
        }
      } else {
        long d = value.longValue() - (old == null ? 0 : old.longValue());
        if (d != 0) {
          delta.put(field, d);
        }
      }
    });
    return delta;
  }

  /** Adds {@code fields} (as read back from Firestore; unknown fields are ignored) into {@code totals}. */
  static void addInto(Map<String, Number> totals, Map<String, Object> fields) {
    fields.forEach((field, value) -> {
      if (value instanceof Double d) {
        totals.merge(field, d, (a, b) -> a.doubleValue() + b.doubleValue());
      } else if (value instanceof Long l) {
        totals.merge(field, l, (a, b) -> a instanceof Double || b instanceof Double
            ? a.doubleValue() + b.doubleValue() : a.longValue() + b.longValue());
      }
    });
  }

  /** The snapshot that {@code fields} encode; fields of other shapes are ignored. */
  static UsageStats.Snapshot unflatten(Map<String, Number> fields) {
    Map<String, Map<String, Long>> requests = new TreeMap<>();
    Map<String, long[]> modelCounts = new TreeMap<>();
    Map<String, Double> modelCost = new HashMap<>();
    Map<String, Long> cache = new TreeMap<>();
    fields.forEach((field, value) -> {
      String[] parts = field.split(SEP, -1);
      if (parts.length == 3 && parts[0].equals(REQUESTS)) {
        requests.computeIfAbsent(decode(parts[1]), k -> new TreeMap<>()).put(decode(parts[2]), value.longValue());
      } else if (parts.length == 3 && parts[0].equals(MODEL)) {
        String model = decode(parts[1]);
        long[] counts = modelCounts.computeIfAbsent(model, k -> new long[3]);
        switch (decode(parts[2])) {
          case "calls" -> counts[0] = value.longValue();
          case "input_tokens" -> counts[1] = value.longValue();
          case "output_tokens" -> counts[2] = value.longValue();
          case "cost_usd" -> modelCost.put(model, value.doubleValue());
          default -> { }
        }
      } else if (parts.length == 2 && parts[0].equals(CACHE)) {
        cache.put(decode(parts[1]), value.longValue());
      }
    });
    Map<String, UsageStats.ModelFigures> models = new TreeMap<>();
    modelCounts.forEach((model, c) -> models.put(model,
        new UsageStats.ModelFigures(c[0], c[1], c[2], c[1] + c[2], modelCost.getOrDefault(model, 0.0))));
    return new UsageStats.Snapshot(requests, models, cache);
  }

  static String name(String kind, String... labels) {
    StringBuilder name = new StringBuilder(kind);
    for (String label : labels) {
      name.append(SEP).append(encode(label));
    }
    return name.toString();
  }

  /** Letters and digits as they are; every other UTF-8 byte as {@code _xx}. */
  static String encode(String label) {
    StringBuilder out = new StringBuilder();
    for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
      if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
        out.append((char) b);
      } else {
        out.append('_').append(String.format("%02x", b & 0xff));
      }
    }
    return out.toString();
  }

  static String decode(String encoded) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '_' && i + 2 < encoded.length()) {
        bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
