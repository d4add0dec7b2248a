package dev.agentfn.http;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** A path, the methods it accepts, and its handler. POST endpoints take a JSON body. */
public record Endpoint(String path, Set<String> methods, Handler handler) {
  public Endpoint {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    TreeSet<String> upper = new TreeSet<>();
    methods.forEach(m -> upper.add(m.toUpperCase(Locale.ROOT)));
    methods = Set.copyOf(upper);
  }

  public static Endpoint get(String path, Handler handler) {
    return new Endpoint(path, Set.of("GET"), handler);
  }

  public static Endpoint post(String path, Handler handler) {
    return new Endpoint(path, Set.of("POST"), handler);
  }

  /** The {@code Allow} header value: the methods, sorted, comma-separated. */
  public String allow() {
    return String.join(", ", new TreeSet<>(methods));
  }
}
