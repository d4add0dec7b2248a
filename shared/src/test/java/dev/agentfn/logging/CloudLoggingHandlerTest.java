package dev.agentfn.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class CloudLoggingHandlerTest {
  @Test
  void aRecordBecomesOneCloudLoggingLine() {
    LogRecord record = new LogRecord(Level.WARNING, "cache {0} is {1}");
    record.setParameters(new Object[] {"L2", "down"});
    record.setLoggerName("dev.agentfn.cache.AnswerCache");
    record.setInstant(Instant.parse("2026-01-02T03:04:00Z"));
    record.setThrown(new IllegalStateException("boom"));
    String text = CloudLoggingHandler.line(record, new LogContext("r1", "chat", null, null));

    assertEquals(1, text.split("\n").length);
    JsonObject line = JsonParser.parseString(text).getAsJsonObject();
    assertEquals("WARNING", line.get("severity").getAsString());
    assertEquals("cache L2 is down", line.get("message").getAsString());
    assertEquals("2026-01-02T03:04:00.000000Z", line.get("time").getAsString());
    assertEquals("dev.agentfn.cache.AnswerCache", line.get("logger").getAsString());
    assertEquals("r1", line.get("request_id").getAsString());
    assertEquals("chat", line.get("function").getAsString());
    assertFalse(line.has("logging.googleapis.com/trace"));
    assertTrue(line.get("stack_trace").getAsString().startsWith("java.lang.IllegalStateException: boom\n\tat "));
  }

  @Test
  void levelsMapToCloudLoggingSeverities() {
    assertEquals("ERROR", CloudLoggingHandler.severity(Level.SEVERE));
    assertEquals("WARNING", CloudLoggingHandler.severity(Level.WARNING));
    assertEquals("INFO", CloudLoggingHandler.severity(Level.INFO));
    assertEquals("DEBUG", CloudLoggingHandler.severity(Level.CONFIG));
    assertEquals("DEBUG", CloudLoggingHandler.severity(Level.FINEST));
  }

  @Test
  void stringsAreEscapedAndLongOnesCut() {
    String nasty = "quote \" backslash \\ newline \n tab \t bell \u0007 é 😀";
    JsonObject line = JsonParser.parseString(CloudLoggingHandler.line(new LogRecord(Level.INFO, nasty), null))
        .getAsJsonObject();
    assertEquals(nasty, line.get("message").getAsString());
    assertEquals("", line.get("logger").getAsString());
    assertEquals("", JsonParser.parseString(CloudLoggingHandler.line(new LogRecord(Level.INFO, null), null))
        .getAsJsonObject().get("message").getAsString(), "every line has a message");

    String huge = "x".repeat(JsonLine.MAX_STRING_CHARS - 4) + "😀" + "y".repeat(100);
    String cut = JsonParser.parseString(CloudLoggingHandler.line(new LogRecord(Level.INFO, huge), null))
        .getAsJsonObject().get("message").getAsString();
    assertEquals("x".repeat(JsonLine.MAX_STRING_CHARS - 4) + "...", cut, "cut before the surrogate pair");
  }

  @Test
  void theHandlerHandsEachLoggableRecordToTheWriter() {
    List<String> lines = new ArrayList<>();
    CloudLoggingHandler handler = new CloudLoggingHandler(lines::add);
    handler.setLevel(Level.INFO);
    handler.publish(new LogRecord(Level.FINE, "hidden"));
    handler.publish(new LogRecord(Level.SEVERE, "shown"));
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).contains("\"severity\":\"ERROR\",\"message\":\"shown\""), lines.get(0));
  }

  @Test
  void timesHaveMicrosecondsInUtc() {
    StringBuilder out = new StringBuilder();
    JsonLine.appendTime(out, Instant.parse("2026-11-25T13:10:05.016248999Z"));
    JsonLine.appendTime(out, Instant.parse("2026-11-25T13:10:05.000001Z"));
    JsonLine.appendTime(out, Instant.parse("2026-11-25T23:59:59.999999Z"));
    assertEquals("\"2026-11-25T13:10:05.016248Z\"\"2026-11-25T13:10:05.000001Z\"\"2026-11-25T23:59:59.999999Z\"",
        out.toString());
  }
}
