package dev.agentfn.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Predicate;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The java.util.logging handler of the process: each record becomes one Cloud Logging JSON line
 * (severity, message, time, logger, the request's context fields while one is served, and the
 * stack trace of a thrown exception), formatted on the logging thread and queued for the writer.
 */
final class CloudLoggingHandler extends Handler {
  /** Only for its {@link Formatter#formatMessage}: resource bundles and {@code {0}} parameters. */
  private static final Formatter MESSAGES = new SimpleFormatter();

  private final Predicate<String> out;

  /** @param out takes each finished line (the writer's queue) */
  CloudLoggingHandler(Predicate<String> out) {
    this.out = out;
  }

  @Override
  public void publish(LogRecord record) {
    if (isLoggable(record)) {
      out.test(line(record, LogContext.current()));
    }
  }

  /** The record as a line of JSON, with {@code context}'s fields when not null. */
  static String line(LogRecord record, LogContext context) {
    String message = MESSAGES.formatMessage(record);
    JsonLine line = JsonLine.start(severity(record.getLevel()), message == null ? "" : message, record.getInstant(),
        record.getLoggerName() == null ? "" : record.getLoggerName()).context(context);
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      line.field("stack_trace", trace.toString());
    }
    return line.end();
  }

  /** Cloud Logging's severity for a java.util.logging level. */
  static String severity(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= Level.WARNING.intValue()) {
      return "WARNING";
    }
    return value >= Level.INFO.intValue() ? "INFO" : "DEBUG";
  }

  @Override
  public void flush() {
    // The writer flushes each batch it writes.
  }

  @Override
  public void close() {
    // The writer outlives this handler: it is closed by the process's shutdown hook.
  }
}
