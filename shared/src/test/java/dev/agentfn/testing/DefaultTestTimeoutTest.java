package dev.agentfn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test tree relies on a default per-test timeout (junit-platform.properties): a hang must fail, not hold the build. */
class DefaultTestTimeoutTest {
  private static String timeout;
  private static String threadMode;

  @RegisterExtension
  static final BeforeAllCallback READ_CONFIGURATION = context -> {
    timeout = context.getConfigurationParameter("junit.jupiter.execution.timeout.default").orElse(null);
    threadMode = context.getConfigurationParameter("junit.jupiter.execution.timeout.thread.mode.default").orElse(null);
  };

  @Test
  void everyTestHasADefaultTimeoutThatEndsEvenAWaitIgnoringInterrupts() {
    assertEquals("2 m", timeout);
    assertEquals("SEPARATE_THREAD", threadMode);
  }
}
