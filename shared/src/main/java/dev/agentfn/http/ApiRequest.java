package dev.agentfn.http;

import dev.agentfn.api.CallContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A request as an {@link Handler} sees it: routed, its body read within the size limit, and a
 * {@link CallContext} (request id, caller, deadline) attached.
 */
public final class ApiRequest {
  private final Exchange exchange;
  private final String route;
  private final String normalizedPath;
  private final byte[] body;
  private final CallContext context;
  private final IntConsumer charger;

  ApiRequest(Exchange exchange, String route, byte[] body, CallContext context) {
    this(exchange, route, HttpService.normalize(exchange.path()), body, context, units -> {});
  }

  ApiRequest(Exchange exchange, String route, String normalizedPath, byte[] body, CallContext context,
      IntConsumer charger) {
    this.exchange = exchange;
    this.route = route;
    this.normalizedPath = normalizedPath;
    this.body = body;
    this.context = context;
    this.charger = charger;
  }

  /**
   * Charges the caller's rate limit {@code units} more than the one unit every request pays, e.g.
   * {@code request.charge(items - 1)} for a batch, before doing the work. Throws
   * {@code rate_limited} (429 with {@code Retry-After}) when the caller has too few left.
   */
  public void charge(int units) {
    if (units > 0) {
      charger.accept(units);
    }
  }

  /** A request for handler tests: no headers, no query. */
  public static ApiRequest of(String method, String route, byte[] body, CallContext context) {
    return new ApiRequest(new SimpleExchange(method, route, Map.of(), Map.of(), body), route, body, context);
  }

  public String method() {
    return exchange.method();
  }

  /** The endpoint path this request was routed to, e.g. {@code /chat}. */
  public String route() {
    return route;
  }

  /** The segment a parameterized route such as {@code /sessions/{id}} matched (its last segment). */
  public String pathParameter() {
    return normalizedPath.substring(normalizedPath.lastIndexOf('/') + 1);
  }

  /** The raw path as received. */
  public String path() {
    return exchange.path();
  }

  public Optional<String> header(String name) {
    return exchange.header(name);
  }

  /** The first value of a query parameter. */
  public Optional<String> query(String name) {
    List<String> values = exchange.queryParameters().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
  }

  /** The body bytes (empty for bodiless requests). */
  public byte[] body() {
    return body;
  }

  public CallContext context() {
    return context;
  }

  public String requestId() {
    return context.requestId();
  }

  /** True when the {@code Accept} header lists {@code mediaType}. */
  public boolean accepts(String mediaType) {
    return header("Accept").map(accept -> accept.toLowerCase(java.util.Locale.ROOT).contains(mediaType)).orElse(false);
  }
}
