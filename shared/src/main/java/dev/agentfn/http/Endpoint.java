package dev.agentfn.http;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A path, the methods it accepts, its handler, and how its errors are rendered (including those
 * raised before the handler runs: 405, the guard's 401 and 429, 413, 415). POST endpoints take a
 * JSON body.
 */
public record Endpoint(String path, Set<String> methods, Handler handler, ErrorRenderer errors) {
  public Endpoint {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(errors, "errors");
    TreeSet<String> upper = new TreeSet<>();
    methods.forEach(m -> upper.add(m.toUpperCase(Locale.ROOT)));
    methods = Set.copyOf(upper);
  }

  /** An endpoint whose errors have the contract's shape. */
  public Endpoint(String path, Set<String> methods, Handler handler) {
    this(path, methods, handler, ErrorRenderer.standard());
  }

  public static Endpoint get(String path, Handler handler) {
    return new Endpoint(path, Set.of("GET"), handler);
  }

  public static Endpoint post(String path, Handler handler) {
    return new Endpoint(path, Set.of("POST"), handler);
  }

  /** This endpoint with its errors rendered by {@code renderer}. */
  public Endpoint withErrors(ErrorRenderer renderer) {
    return new Endpoint(path, methods, handler, renderer);
  }

  /** The {@code Allow} header value: the methods, sorted, comma-separated. */
  public String allow() {
    return String.join(", ", new TreeSet<>(methods));
  }
}
