package dev.agentfn.logging;

import dev.agentfn.access.Fingerprint;
import dev.agentfn.api.CallNotes;
import dev.agentfn.http.Exchange;
import dev.agentfn.http.RequestLog;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The access log: while a request is served its log context (request id, function, Cloud Trace) is
 * the serving thread's {@link LogContext}, so every line logged meanwhile carries it; then one line
 * with the route, status, latency, caller, model, cache level and tokens, rendered on the thread that
 * ends the request and queued for the log writer (the request never waits for the output). A streamed
 * response's line is written when the stream ends, with its final status ({@code 499} when the client
 * went away, the error's status when the stream ended with an error event) and {@code streamed: true}.
 * Prompts appear only as length and fingerprint unless prompts are to be logged; an end user named by
 * the caller only as a fingerprint. Thread-safe.
 */
public final class AccessLog implements RequestLog {
  /** The logger name of access lines. */
  public static final String LOGGER = "dev.agentfn.access";

  private final Predicate<String> out;
  private final Clock clock;
  private final String projectId;
  private final boolean logPrompts;

  /**
   * @param projectId the Google Cloud project that traces belong to, or null (then no trace field)
   * @param logPrompts true to log prompts in full (off by default: they may hold personal data)
   */
  public AccessLog(String projectId, boolean logPrompts) {
    this(Logging.writer()::offer, Clock.systemUTC(), projectId, logPrompts);
  }

  /** @param out takes each finished line */
  AccessLog(Predicate<String> out, Clock clock, String projectId, boolean logPrompts) {
    this.out = out;
    this.clock = clock;
    this.projectId = projectId;
    this.logPrompts = logPrompts;
  }

  @Override
  public Scope open(Exchange exchange, String requestId, String function) {
    Optional<TraceContext> trace = projectId == null ? Optional.empty() : TraceContext.from(exchange);
    LogContext context = new LogContext(requestId, function,
        trace.map(t -> t.resourceName(projectId)).orElse(null), trace.map(TraceContext::spanId).orElse(null));
    context.enter();
    String method = exchange.method().toUpperCase(Locale.ROOT);
    return new Scope() {
      @Override
      public void close(int status, long latencyMs, CallNotes notes) {
        try {
          out.test(line(context, method, status, latencyMs, notes));
        } finally {
          context.exit();
        }
      }

      @Override
      public void suspend() {
        context.exit();
      }

      @Override
      public void resume() {
        context.enter();
      }
    };
  }

  private String line(LogContext context, String method, int status, long latencyMs, CallNotes notes) {
    String route = notes.route();
    JsonLine line = JsonLine.start(status >= 500 ? "ERROR" : "INFO",
        method + " " + (route == null ? "(no route)" : route) + " -> " + status + " in " + latencyMs + " ms",
        clock.instant(), LOGGER)
        .context(context)
        .field("method", method)
        .field("route", route)
        .field("status", status)
        .field("latency_ms", latencyMs)
        .field("caller", notes.caller());
    if (notes.streamed()) {
      line.field("streamed", true).field("error_code", notes.errorCode());
    }
    if (notes.answers() > 0) {
      line.field("model", notes.model())
          .field("cache_level", notes.cacheLevel())
          .field("input_tokens", notes.inputTokens())
          .field("output_tokens", notes.outputTokens())
          .field("total_tokens", notes.inputTokens() + notes.outputTokens());
    }
    String endUser = notes.endUser();
    if (endUser != null) {
      line.field("end_user_sha256", Fingerprint.of(endUser));
    }
    String prompt = notes.prompt();
    if (prompt != null) {
      line.field("prompt_chars", prompt.codePointCount(0, prompt.length()))
          .field("prompt_sha256", Fingerprint.of(prompt));
      if (logPrompts) {
        line.field("prompt", prompt);
      }
    }
    return line.end();
  }
}
