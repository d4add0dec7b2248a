package dev.agentfn.http;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A path, the methods it accepts, its handler, and how its errors are rendered (including those
 * raised before the handler runs: 405, the guard's 401 and 429, 413, 415). POST endpoints take a
 * JSON body. A path may end in one parameter segment, e.g. {@code /sessions/{id}}: it matches any
 * one non-empty segment there, which the handler reads with {@link ApiRequest#pathParameter()}.
 */
public record Endpoint(String path, Set<String> methods, Handler handler, ErrorRenderer errors) {
  public Endpoint {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(errors, "errors");
    if (path.indexOf('{') >= 0 && !(path.matches("(/[a-z0-9.-]+)+/\\{[a-z]+}"))) {
      throw new IllegalArgumentException("only a last segment may be a parameter: " + path);
    }
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

  /** Whether the path ends in a parameter segment such as {@code {id}}. */
  public boolean parameterized() {
    return path.endsWith("}");
  }

  /**
   * Whether {@code requestPath} (normalised, maybe behind a prefix such as {@code /api}) is this
   * endpoint's: it equals or ends with the path, a parameter standing for one non-empty segment.
   */
  public boolean matches(String requestPath) {
    if (!parameterized()) {
      return requestPath.equals(path) || requestPath.endsWith(path) && !path.equals("/");
    }
    int slash = requestPath.lastIndexOf('/');
    return slash >= 0 && slash < requestPath.length() - 1
        && requestPath.substring(0, slash + 1).endsWith(path.substring(0, path.lastIndexOf('/') + 1));
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
