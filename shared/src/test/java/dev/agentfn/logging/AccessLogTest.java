package dev.agentfn.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.access.Fingerprint;
import dev.agentfn.api.CallNotes;
import dev.agentfn.http.RequestLog;
import dev.agentfn.http.SimpleExchange;
import dev.agentfn.model.Usage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AccessLogTest {
  private static final String TRACE = "105445aa7843bc8bf206b12000100000";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T13:10:05.016248Z"), ZoneOffset.UTC);

  private final List<String> lines = new ArrayList<>();

  @Test
  void theAccessLineCarriesEveryFieldOfTheRequest() {
    AccessLog log = new AccessLog(lines::add, CLOCK, "demo", false);
    RequestLog.Scope scope = log.open(exchange("POST", Map.of("X-Cloud-Trace-Context", TRACE + "/7;o=1")), "rid-1",
        "chat");
    CallNotes notes = new CallNotes();
    notes.route("/chat");
    notes.caller("key:0123456789ab");
    notes.prompt("private question");
    notes.endUser("someone@example.com");
    notes.answer("gemini-x", "l1", new Usage(3, 4, 7));
    scope.close(200, 41, notes);

    assertEquals(1, lines.size());
    assertEquals('\n', lines.get(0).charAt(lines.get(0).length() - 1));
    assertEquals(JsonParser.parseString("""
        {"severity":"INFO","message":"POST /chat -> 200 in 41 ms","time":"2026-11-25T13:10:05.016248Z",
         "logger":"dev.agentfn.access","request_id":"rid-1","function":"chat",
         "logging.googleapis.com/trace":"projects/demo/traces/105445aa7843bc8bf206b12000100000",
         "logging.googleapis.com/spanId":"7","method":"POST","route":"/chat","status":200,"latency_ms":41,
         "caller":"key:0123456789ab","model":"gemini-x","cache_level":"l1","input_tokens":3,"output_tokens":4,
         "total_tokens":7,"end_user_sha256":"%s","prompt_chars":16,"prompt_sha256":"%s"}""".formatted(
            Fingerprint.of("someone@example.com"), Fingerprint.of("private question"))),
        JsonParser.parseString(lines.get(0)));
  }

  @Test
  void promptsOnlyWhenAskedAndErrorsAreErrors() {
    CallNotes notes = new CallNotes();
    notes.prompt("say \"hi\"\n");
    new AccessLog(lines::add, CLOCK, null, true).open(exchange("post", Map.of("X-Cloud-Trace-Context", TRACE)), "r2",
        "chat").close(503, 5, notes);
    new AccessLog(lines::add, CLOCK, null, false).open(exchange("GET", Map.of()), "r3", "health")
        .close(404, 0, new CallNotes());

    JsonObject withPrompt = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertEquals("ERROR", withPrompt.get("severity").getAsString());
    assertEquals("POST (no route) -> 503 in 5 ms", withPrompt.get("message").getAsString());
    assertEquals("say \"hi\"\n", withPrompt.get("prompt").getAsString());
    assertFalse(withPrompt.has("logging.googleapis.com/trace"), "no project, no trace");
    assertFalse(withPrompt.has("model"), "no answer, no model fields");
    JsonObject plain = JsonParser.parseString(lines.get(1)).getAsJsonObject();
    assertEquals("INFO", plain.get("severity").getAsString());
    assertFalse(plain.has("prompt_chars"));
    assertFalse(plain.has("caller"));
  }

  @Test
  void linesLoggedWhileARequestIsServedCarryItsContextAndOnlyThen() {
    AccessLog log = new AccessLog(lines::add, CLOCK, "demo", false);
    RequestLog.Scope scope = log.open(exchange("GET", Map.of("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")),
        "rid-9", "health");
    LogContext during = LogContext.current();
    JsonObject line = JsonParser.parseString(CloudLoggingHandler.line(record(), during)).getAsJsonObject();
    scope.close(200, 1, new CallNotes());

    assertEquals("rid-9", line.get("request_id").getAsString());
    assertEquals("health", line.get("function").getAsString());
    assertEquals("projects/demo/traces/" + TRACE, line.get("logging.googleapis.com/trace").getAsString());
    assertEquals("00f067aa0ba902b7", line.get("logging.googleapis.com/spanId").getAsString());
    assertNull(LogContext.current(), "the context ends with the request");
  }

  @Test
  void aStreamedRequestLeavesTheThreadWhileSuspendedAndEndsWithItsErrorCode() {
    AccessLog log = new AccessLog(lines::add, CLOCK, null, false);
    RequestLog.Scope scope = log.open(exchange("POST", Map.of()), "rid-s", "chat");
    LogContext context = LogContext.current();
    scope.suspend();
    assertNull(LogContext.current(), "suspended: the thread may serve another request");
    scope.resume();
    assertSame(context, LogContext.current());
    CallNotes notes = new CallNotes();
    notes.route("/chat");
    notes.markStreamed();
    notes.streamFailed(dev.agentfn.api.ApiException.upstreamUnavailable("down", 1, null));
    scope.close(notes.finalStatus(200), 12, notes);

    JsonObject line = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertEquals(true, line.get("streamed").getAsBoolean());
    assertEquals(notes.errorCode(), line.get("error_code").getAsString());
    assertEquals(notes.finalStatus(200), line.get("status").getAsInt());
    assertNull(LogContext.current());
  }

  @Test
  void closingAnEarlierScopeLeavesALaterRequestsContext() {
    AccessLog log = new AccessLog(lines::add, CLOCK, null, false);
    RequestLog.Scope first = log.open(exchange("GET", Map.of()), "a", "chat");
    log.open(exchange("GET", Map.of()), "b", "chat");
    LogContext second = LogContext.current();
    first.close(200, 1, new CallNotes());
    assertSame(second, LogContext.current());
    second.exit();
  }

  private static LogRecord record() {
    LogRecord record = new LogRecord(Level.INFO, "working");
    record.setLoggerName("dev.agentfn.Test");
    return record;
  }

  private static SimpleExchange exchange(String method, Map<String, String> headers) {
    return new SimpleExchange(method, "/", headers, Map.of(), new byte[0]);
  }
}
