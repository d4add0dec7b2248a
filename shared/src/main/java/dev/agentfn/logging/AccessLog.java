package dev.agentfn.logging;

import dev.agentfn.access.Fingerprint;
import dev.agentfn.api.CallNotes;
import dev.agentfn.http.Exchange;
import dev.agentfn.http.RequestLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.message.MapMessage;

/**
 * The access log: while a request is served its log context (request id, function, Cloud Trace) is
 * in Log4j's {@link ThreadContext}, so every line logged meanwhile carries it; then one line with the
 * route, status, latency, caller, model, cache level and tokens. A streamed response's line is written
 * when the stream ends, with its final status ({@code 499} when the client went away, the error's
 * status when the stream ended with an error event) and {@code streamed: true}. Prompts appear only
 * as length and fingerprint unless prompts are to be logged; an end user named by the caller only
 * as a fingerprint. Thread-safe.
 */
public final class AccessLog implements RequestLog {
  /** The logger of access lines. */
  public static final String LOGGER = "dev.agentfn.access";

  static final String TRACE = "logging.googleapis.com/trace";
  static final String SPAN = "logging.googleapis.com/spanId";
  private static final List<String> CONTEXT_KEYS = List.of("request_id", "function", TRACE, SPAN);

  private final Logger logger;
  private final String projectId;
  private final boolean logPrompts;

  /**
   * @param projectId the Google Cloud project that traces belong to, or null (then no trace field)
   * @param logPrompts true to log prompts in full (off by default: they may hold personal data)
   */
  public AccessLog(String projectId, boolean logPrompts) {
    this(LogManager.getLogger(LOGGER), projectId, logPrompts);
  }

  AccessLog(Logger logger, String projectId, boolean logPrompts) {
    this.logger = logger;
    this.projectId = projectId;
    this.logPrompts = logPrompts;
  }

  @Override
  public Scope open(Exchange exchange, String requestId, String function) {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("request_id", requestId);
    context.put("function", function);
    if (projectId != null) {
      TraceContext.from(exchange).ifPresent(trace -> {
        context.put(TRACE, trace.resourceName(projectId));
        if (trace.spanId() != null) {
          context.put(SPAN, trace.spanId());
        }
      });
    }
    ThreadContext.putAll(context);
    String method = exchange.method().toUpperCase(Locale.ROOT);
    return new Scope() {
      @Override
      public void close(int status, long latencyMs, CallNotes notes) {
        try {
          Level level = status >= 500 ? Level.ERROR : Level.INFO;
          if (logger.isEnabled(level)) {
            logger.log(level, line(method, status, latencyMs, notes));
          }
        } finally {
          ThreadContext.removeAll(CONTEXT_KEYS);
        }
      }

      @Override
      public void suspend() {
        ThreadContext.removeAll(CONTEXT_KEYS);
      }

      @Override
      public void resume() {
        ThreadContext.putAll(context);
      }
    };
  }

  private AccessMessage line(String method, int status, long latencyMs, CallNotes notes) {
    String route = notes.route();
    AccessMessage message = new AccessMessage(method + " " + (route == null ? "(no route)" : route) + " -> "
        + status + " in " + latencyMs + " ms");
    put(message, "method", method);
    put(message, "route", route);
    put(message, "status", status);
    put(message, "latency_ms", latencyMs);
    put(message, "caller", notes.caller());
    if (notes.streamed()) {
      put(message, "streamed", true);
      put(message, "error_code", notes.errorCode());
    }
    if (notes.answers() > 0) {
      put(message, "model", notes.model());
      put(message, "cache_level", notes.cacheLevel());
      put(message, "input_tokens", notes.inputTokens());
      put(message, "output_tokens", notes.outputTokens());
      put(message, "total_tokens", notes.inputTokens() + notes.outputTokens());
    }
    String endUser = notes.endUser();
    if (endUser != null) {
      put(message, "end_user_sha256", Fingerprint.of(endUser));
    }
    String prompt = notes.prompt();
    if (prompt != null) {
      put(message, "prompt_chars", prompt.codePointCount(0, prompt.length()));
      put(message, "prompt_sha256", Fingerprint.of(prompt));
      if (logPrompts) {
        put(message, "prompt", prompt);
      }
    }
    return message;
  }

  private static void put(AccessMessage message, String key, Object value) {
    if (value != null) {
      message.with(key, value);
    }
  }

  /** The access line: structured fields, and a short human summary as its message. */
  static final class AccessMessage extends MapMessage<AccessMessage, Object> {
    private static final long serialVersionUID = 1L;

    private final String summary;

    AccessMessage(String summary) {
      this.summary = summary;
    }

    @Override
    public String getFormattedMessage() {
      return summary;
    }

    @Override
    public void formatTo(StringBuilder buffer) {
      buffer.append(summary);
    }
  }
}
