package dev.agentfn.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Typed, validated reads of environment variables; every failure names the variable. */
final class Env {
  private final Map<String, String> vars;

  Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  /** Whether the variable is present at all (even empty). */
  boolean isSet(String name) {
    return vars.containsKey(name);
  }

  /** The trimmed value, or null when unset or blank. */
  String get(String name) {
    String value = vars.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    return value.trim();
  }

  String get(String name, String fallback) {
    String value = get(name);
    return value == null ? fallback : value;
  }

  int intIn(String name, int fallback, int min, int max) {
    return (int) longIn(name, fallback, min, max);
  }

  long longIn(String name, long fallback, long min, long max) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(name, "must be a whole number, got '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + parsed);
    }
    return parsed;
  }

  String oneOf(String name, String fallback, Set<String> allowed) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw new ConfigException(name, "must be one of " + new java.util.TreeSet<>(allowed) + ", got '" + value + "'");
    }
    return lower;
  }

  boolean bool(String name, boolean fallback) {
    String value = get(name);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new ConfigException(name, "must be true or false, got '" + value + "'");
    };
  }
}
