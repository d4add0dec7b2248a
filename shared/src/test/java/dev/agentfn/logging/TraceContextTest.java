package dev.agentfn.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentfn.http.SimpleExchange;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceContextTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void readsGooglesHeader() {
    assertEquals(Optional.of(new TraceContext(TRACE, "12345")),
        TraceContext.from(exchange(Map.of("X-Cloud-Trace-Context", TRACE.toUpperCase() + "/12345;o=1"))));
    assertEquals(Optional.of(new TraceContext(TRACE, null)),
        TraceContext.from(exchange(Map.of("X-Cloud-Trace-Context", TRACE))));
  }

  @Test
  void readsW3cTraceparent() {
    assertEquals(Optional.of(new TraceContext(TRACE, "00f067aa0ba902b7")),
        TraceContext.from(exchange(Map.of("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01"))));
  }

  @Test
  void ignoresMalformedHeadersAndNamesTheTraceInTheProject() {
    assertEquals(Optional.empty(), TraceContext.from(exchange(Map.of("X-Cloud-Trace-Context", "x/1\n{\"a\":1}"))));
    assertEquals(Optional.empty(), TraceContext.from(exchange(Map.of("traceparent", "00-xyz-01"))));
    assertEquals("projects/p1/traces/" + TRACE, new TraceContext(TRACE, null).resourceName("p1"));
  }

  private static SimpleExchange exchange(Map<String, String> headers) {
    return new SimpleExchange("GET", "/health", headers, Map.of(), new byte[0]);
  }
}
