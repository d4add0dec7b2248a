package dev.agentfn.http;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.CallNotes;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.stats.UsageStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The HTTP behaviour every function shares, independent of any server: routing (404, 405 with
 * {@code Allow}), request ids, the guard, the body limit (413), JSON content type (415), the
 * deadline, mapping errors to the error body of the endpoint's {@link ErrorRenderer} (the contract's
 * by default), and a catch-all that hides internals.
 * Thread-safe.
 */
public final class HttpService {
  private static final System.Logger LOG = System.getLogger(HttpService.class.getName());
  private static final Pattern SANE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern JSON_TYPE = Pattern.compile(
      "application/([a-z0-9.+-]+\\+)?json\\s*(;\\s*charset\\s*=\\s*\"?utf-8\"?\\s*)?", Pattern.CASE_INSENSITIVE);
  /** Paths are plain: unreserved characters and slashes only (no escapes, controls or backslashes). */
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._~/-]{0,2047}");
  private static final Pattern DOT_SEGMENT = Pattern.compile("(^|/)\\.{1,2}(/|$)|//");
  /** The status logged for a stream whose client went away before it ended (nginx's convention). */
  static final int CLIENT_CLOSED = 499;

  private final String function;
  private final List<Endpoint> endpoints;
  private final String mainPath;
  private final Guard guard;
  private final int maxBodyBytes;
  private final Duration deadline;
  private final UsageStats stats;
  private final Clock clock;
  private final Cors cors;
  private final RequestLog requestLog;

  /**
   * @param function the function's name, for stats and logs
   * @param endpoints what it serves
   * @param mainPath the path that {@code /} stands for, or null when {@code /} is not served
   * @param guard authentication and rate limits
   * @param maxBodyBytes the request body limit
   * @param deadline how long a request may take
   */
  public HttpService(String function, List<Endpoint> endpoints, String mainPath, Guard guard,
      int maxBodyBytes, Duration deadline, UsageStats stats, Clock clock) {
    this(function, endpoints, mainPath, guard, maxBodyBytes, deadline, stats, clock, Cors.none(), RequestLog.none());
  }

  /** Like the constructor above, with CORS and an access log. */
  public HttpService(String function, List<Endpoint> endpoints, String mainPath, Guard guard,
      int maxBodyBytes, Duration deadline, UsageStats stats, Clock clock, Cors cors, RequestLog requestLog) {
    this.cors = cors;
    this.requestLog = requestLog;
    this.function = function;
    List<Endpoint> sorted = new ArrayList<>(endpoints);
    sorted.sort(Comparator.comparingInt((Endpoint e) -> e.path().length()).reversed());
    this.endpoints = List.copyOf(sorted);
    this.mainPath = mainPath;
    this.guard = guard;
    this.maxBodyBytes = maxBodyBytes;
    this.deadline = deadline;
    this.stats = stats;
    this.clock = clock;
  }

  public String function() {
    return function;
  }

  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** Serves one exchange; never throws. The response carries {@code X-Request-Id}. */
  public ApiResponse handle(Exchange exchange) {
    long start = System.nanoTime();
    String requestId = requestId(exchange);
    RequestLog.Scope logScope = requestLog.open(exchange, requestId, function);
    CallNotes notes = new CallNotes();
    ErrorRenderer errors = ErrorRenderer.standard();
    ApiResponse response;
    try {
      Endpoint endpoint = route(exchange);
      errors = endpoint.errors();
      response = dispatch(endpoint, exchange, requestId, notes);
    } catch (ApiException e) {
      response = errors.render(e, requestId);
    } catch (Exception | StackOverflowError e) {
      LOG.log(Level.ERROR, "request " + requestId + " failed: " + e, e);
      response = errors.render(new ApiException(ErrorCode.INTERNAL,
          "internal error; quote request id " + requestId + " when reporting it"), requestId);
    }
    response = cors.apply(exchange, response.withHeader("X-Request-Id", requestId));
    if (response.status() >= 400 && carriesBody(exchange)) {
      // The body may be unread (refused before reading): the connection must not be reused.
      response = response.withHeader("Connection", "close");
    }
    if (response.streamed()) {
      return loggedAtEnd(response, logScope, notes, start);
    }
    stats.recordRequest(function, response.status());
    logScope.close(response.status(), (System.nanoTime() - start) / 1_000_000, notes);
    return response;
  }

  /**
   * The streamed {@code response}, whose stats and access line are written when its body ends, on
   * the thread that writes it: with the real latency, what the stream noted (model, tokens, cache
   * level) and its final status (the error's when it ended with an error event, {@code 499} when
   * the client went away, {@code 500} when writing failed).
   */
  private ApiResponse loggedAtEnd(ApiResponse response, RequestLog.Scope logScope, CallNotes notes, long start) {
    notes.markStreamed();
    logScope.suspend();
    return response.withStream(body -> out -> {
      logScope.resume();
      int status = response.status();
      try {
        body.writeTo(out);
      } catch (IOException | UncheckedIOException e) {
        status = CLIENT_CLOSED;
        throw e;
      } catch (RuntimeException | Error e) {
        status = ErrorCode.INTERNAL.status();
        throw e;
      } finally {
        int end = status == response.status() ? notes.finalStatus(status) : status;
        stats.recordRequest(function, end);
        logScope.close(end, (System.nanoTime() - start) / 1_000_000, notes);
      }
    });
  }

  /** The response for a path this service does not serve. */
  public static ApiResponse notFound(Exchange exchange) {
    String requestId = requestId(exchange);
    return ApiResponse.error(new ApiException(ErrorCode.NOT_FOUND, "no such path: " + safePath(exchange.path())),
        requestId).withHeader("X-Request-Id", requestId);
  }

  /** The endpoint serving the exchange's path; {@code not_found} when there is none. */
  private Endpoint route(Exchange exchange) {
    String path = normalize(exchange.path());
    boolean plain = SAFE_PATH.matcher(path).matches() && !DOT_SEGMENT.matcher(path).find();
    return (plain ? match(path) : Optional.<Endpoint>empty()).orElseThrow(() ->
        new ApiException(ErrorCode.NOT_FOUND, "no such path: " + safePath(exchange.path())));
  }

  private ApiResponse dispatch(Endpoint endpoint, Exchange exchange, String requestId, CallNotes notes)
      throws Exception {
    String method = exchange.method().toUpperCase(Locale.ROOT);
    if ("OPTIONS".equals(method)) {
      return ApiResponse.empty(204).withHeader("Allow", endpoint.allow() + ", OPTIONS");
    }
    if (!endpoint.methods().contains(method)) {
      throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
          method + " is not allowed on " + endpoint.path() + "; use " + endpoint.allow(),
          Map.of("Allow", endpoint.allow()), null);
    }
    notes.route(endpoint.path());
    String caller = guard.admit(exchange, endpoint);
    notes.caller(caller);
    byte[] body = "POST".equals(method) ? readJsonBody(exchange) : new byte[0];
    CallContext context = new CallContext(requestId, caller, clock.instant().plus(deadline), notes);
    return endpoint.handler().handle(new ApiRequest(exchange, endpoint.path(), body, context,
        units -> guard.charge(caller, units)));
  }

  private Optional<Endpoint> match(String path) {
    if (mainPath != null && path.equals("/")) {
      path = mainPath;
    }
    for (Endpoint endpoint : endpoints) {
      if (path.equals(endpoint.path()) || path.endsWith(endpoint.path()) && !endpoint.path().equals("/")) {
        return Optional.of(endpoint);
      }
    }
    return Optional.empty();
  }

  private static boolean carriesBody(Exchange exchange) {
    return exchange.header("Transfer-Encoding").isPresent()
        || exchange.header("Content-Length").map(length -> !length.strip().equals("0")).orElse(false);
  }

  private byte[] readJsonBody(Exchange exchange) throws IOException {
    Optional<String> length = exchange.header("Content-Length");
    long declared = -1;
    if (length.isPresent()) {
      try {
        declared = Long.parseLong(length.get().strip());
      } catch (NumberFormatException e) {
        throw ApiException.invalidArgument("Content-Length is not a number");
      }
      if (declared > maxBodyBytes) {
        throw tooLarge();
      }
    }
    String contentType = exchange.header("Content-Type").orElse("");
    if (!JSON_TYPE.matcher(contentType.strip()).matches()) {
      throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json (UTF-8)"
              + (contentType.isBlank() ? "" : ", got " + safeValue(contentType)));
    }
    try (InputStream in = exchange.body()) {
      // A declared length bounds the read (the server delivers no more than it): a buffer of the
      // body's size instead of the limit's first chunk (8 KiB zeroed and copied per request).
      byte[] body = in.readNBytes(declared >= 0 ? (int) declared : maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        throw tooLarge();
      }
      return body;
    }
  }

  private ApiException tooLarge() {
    return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
        "request body is larger than " + maxBodyBytes + " bytes");
  }

  /** Drops a trailing slash; an empty path is {@code /}. */
  static String normalize(String raw) {
    String path = raw == null || raw.isEmpty() ? "/" : raw;
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }

  private static String requestId(Exchange exchange) {
    return exchange.header("X-Request-Id")
        .map(String::strip)
        .filter(id -> SANE_REQUEST_ID.matcher(id).matches())
        .orElseGet(HttpService::newRequestId);
  }

  /**
   * A random version-4 UUID from {@link ThreadLocalRandom}: request ids correlate log lines and
   * need no secrecy, and {@code UUID.randomUUID()} makes every request take the lock of one shared
   * {@code SecureRandom}.
   */
  static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private static String safePath(String path) {
    return safeValue(path == null ? "" : path);
  }

  /** A caller-supplied value fit to echo: printable ASCII only, at most 100 characters. */
  private static String safeValue(String value) {
    String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
    return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
  }
}
