package dev.agentfn.logging;

import java.time.Clock;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Process-wide logging set-up: structured JSON lines for Cloud Logging on stdout, written by one
 * {@link LogWriter} thread, with java.util.logging routed into them.
 */
public final class Logging {
  /** Lines that may wait for the writer; more are dropped and counted (a flood must not stall requests). */
  static final int QUEUE_LINES = 16_384;

  /** Held so that its level stays set (java.util.logging keeps loggers only weakly). */
  private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");

  private static LogWriter writer;

  private Logging() {}

  /**
   * Routes java.util.logging into the JSON lines once per process: the core's {@code System.Logger}
   * lines, the invoker's own and Jetty's (SLF4J, bound to java.util.logging by the invoker), the
   * Gemini SDK's, gRPC's and Firestore's then come out in the same format, and the handlers
   * installed before (the JDK's console handler, the invoker's) are removed so nothing is logged
   * twice. Root level INFO, Jetty WARNING.
   */
  public static synchronized void routeJavaLogging() {
    if (writer != null) {
      return;
    }
    // Through System.out (whose lock keeps whole lines apart from anyone else's output); the writer
    // hands it a batch of lines per write, so it flushes once per batch.
    LogWriter started = new LogWriter(System.out, QUEUE_LINES, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, "agentfn-log-drain"));
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    root.addHandler(new CloudLoggingHandler(started::offer));
    root.setLevel(Level.INFO);
    JETTY.setLevel(Level.WARNING);
    writer = started;
  }

  /** The process's writer, routing java.util.logging first if that has not happened yet. */
  static synchronized LogWriter writer() {
    routeJavaLogging();
    return writer;
  }
}
