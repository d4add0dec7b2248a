package dev.agentfn.config;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The syntax of {@code API_KEYS_FILE}: one key per line, then optional whitespace-separated
 * {@code name=value} attributes; {@code #} starts a comment (a whole line, or after whitespace);
 * blank lines are ignored. The one attribute is {@code budget_usd=<decimal ≥ 0>}. Errors name the
 * variable and the line, never a key.
 *
 * <pre>
 * # team A
 * 3f9c1e2b7a5d4c6e8f0a  budget_usd=25.00
 * 0b1c2d3e4f5a6b7c8d9e
 * </pre>
 */
public final class ApiKeyFile {
  /** The variable that names the file. */
  public static final String VARIABLE = "API_KEYS_FILE";
  private static final String BUDGET = "budget_usd";

  private ApiKeyFile() {}

  /** The keys of the file at {@code path}; a file that cannot be read or holds no key is a {@link ConfigException}. */
  public static List<ApiKey> read(String path) {
    return keys(content(path).orElseThrow(() -> new ConfigException(VARIABLE, "cannot be read: " + path)), path);
  }

  /** The keys in {@code text}, the content of the file at {@code path}; one with no key is a {@link ConfigException}. */
  public static List<ApiKey> keys(String text, String path) {
    List<ApiKey> keys = parse(text);
    if (keys.isEmpty()) {
      throw new ConfigException(VARIABLE, "names a file with no keys: " + path);
    }
    return keys;
  }

  /** The file's text, or empty when it cannot be read. */
  public static Optional<String> content(String path) {
    try {
      return Optional.of(Files.readString(Path.of(path), StandardCharsets.UTF_8));
    } catch (IOException | InvalidPathException e) {
      return Optional.empty();
    }
  }

  /** The keys in {@code text}, in file order. */
  static List<ApiKey> parse(String text) {
    List<ApiKey> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int n = 0; n < lines.length; n++) {
      List<String> tokens = tokens(lines[n]);
      if (tokens.isEmpty()) {
        continue;
      }
      String where = "line " + (n + 1) + ": ";
      String key = tokens.get(0);
      checkKey(VARIABLE, key, where);
      if (key.contains(",")) {
        throw new ConfigException(VARIABLE, where + "one key per line (commas separate keys only in API_KEYS)");
      }
      if (!seen.add(key)) {
        throw new ConfigException(VARIABLE, where + "repeats the key of an earlier line");
      }
      keys.add(new ApiKey(key, budget(tokens.subList(1, tokens.size()), where)));
    }
    return keys;
  }

  /** Refuses a key shorter than {@link ApiKey#MIN_CHARS}; the message names the variable, not the key. */
  static void checkKey(String variable, String key, String where) {
    if (key.length() < ApiKey.MIN_CHARS) {
      throw new ConfigException(variable, where + "a key is shorter than " + ApiKey.MIN_CHARS
          + " characters (" + key.length() + "); use long random keys");
    }
  }

  private static Optional<BigDecimal> budget(List<String> attributes, String where) {
    Optional<BigDecimal> budget = Optional.empty();
    for (String attribute : attributes) {
      int eq = attribute.indexOf('=');
      String name = eq < 0 ? "" : attribute.substring(0, eq);
      if (!BUDGET.equals(name)) {
        throw new ConfigException(VARIABLE, where + (eq <= 0 ? "expected name=value after the key"
            : "unknown attribute '" + shown(name) + "' (known: " + BUDGET + ")"));
      }
      if (budget.isPresent()) {
        throw new ConfigException(VARIABLE, where + BUDGET + " is given twice");
      }
      try {
        BigDecimal value = new BigDecimal(attribute.substring(eq + 1));
        if (value.signum() < 0) {
          throw new NumberFormatException();
        }
        budget = Optional.of(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(VARIABLE, where + BUDGET + " must be a decimal number of at least 0, like 25.00");
      }
    }
    return budget;
  }

  /** The line's tokens before any comment. */
  private static List<String> tokens(String line) {
    List<String> tokens = new ArrayList<>();
    for (String token : line.strip().split("\\s+")) {
      if (token.startsWith("#")) {
        break;
      }
      if (!token.isEmpty()) {
        tokens.add(token);
      }
    }
    return tokens;
  }

  private static String shown(String name) {
    String printable = name.replaceAll("[^A-Za-z0-9_.-]", "?");
    return printable.length() > 32 ? printable.substring(0, 32) + "…" : printable;
  }
}
