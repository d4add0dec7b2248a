package dev.agentfn.logging;

import dev.agentfn.http.Exchange;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trace a request belongs to, from Google's {@code X-Cloud-Trace-Context: TRACE/SPAN;o=1} or
 * W3C {@code traceparent: 00-TRACE-SPAN-FLAGS}, for Cloud Logging's trace fields.
 *
 * @param traceId 32 lowercase hex digits
 * @param spanId the span id as the header gave it (decimal for Google's header, hex for W3C), or null
 */
public record TraceContext(String traceId, String spanId) {
  private static final Pattern CLOUD = Pattern.compile("([0-9a-fA-F]{32})(?:/([0-9]{1,20}))?(?:;o=[01])?");
  private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

  /** The request's trace, if it carries a well-formed one. */
  public static Optional<TraceContext> from(Exchange exchange) {
    Optional<String> cloud = exchange.header("X-Cloud-Trace-Context").map(String::strip);
    if (cloud.isPresent()) {
      Matcher m = CLOUD.matcher(cloud.get());
      if (m.matches()) {
        return Optional.of(new TraceContext(m.group(1).toLowerCase(Locale.ROOT), m.group(2)));
      }
    }
    return exchange.header("traceparent").map(String::strip).map(W3C::matcher).filter(Matcher::matches)
        .map(m -> new TraceContext(m.group(1), m.group(2)));
  }

  /** Cloud Logging's {@code logging.googleapis.com/trace} value. */
  public String resourceName(String projectId) {
    return "projects/" + projectId + "/traces/" + traceId;
  }
}
