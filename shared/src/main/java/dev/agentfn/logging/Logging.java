package dev.agentfn.logging;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.jul.Log4jBridgeHandler;

/** Process-wide logging set-up. */
public final class Logging {
  private static final AtomicBoolean ROUTED = new AtomicBoolean();

  private Logging() {}

  /**
   * Routes java.util.logging into Log4j once per process: the core's {@code System.Logger} lines and
   * the invoker's own and Jetty's (which log through java.util.logging) then come out in the same
   * JSON layout, and the invoker's handlers are removed so nothing is logged twice.
   */
  public static void routeJavaLogging() {
    if (ROUTED.compareAndSet(false, true)) {
      Log4jBridgeHandler.install(true, null, true);
    }
  }
}
