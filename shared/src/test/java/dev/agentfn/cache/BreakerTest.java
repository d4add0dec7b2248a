package dev.agentfn.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BreakerTest {
  private final AtomicLong nanos = new AtomicLong();
  private final Breaker breaker = new Breaker(3, Duration.ofSeconds(5), nanos::get);

  @Test
  void opensAfterThresholdConsecutiveFailuresAndReportsOnlyTheFirst() {
    assertEquals(Breaker.Transition.STARTED_FAILING, breaker.failure("UNAVAILABLE"));
    assertEquals(Breaker.Transition.NONE, breaker.failure("UNAVAILABLE"));
    assertTrue(breaker.allow(), "still closed below the threshold");
    assertEquals(Breaker.Transition.NONE, breaker.failure("UNAVAILABLE"));

    assertFalse(breaker.allow());
    assertEquals("UNAVAILABLE", breaker.failing());
  }

  @Test
  void letsOneProbeThroughAfterTheOpenPeriodAndClosesOnSuccess() {
    openIt();
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());

    assertTrue(breaker.probeDue());
    assertTrue(breaker.allow());
    assertFalse(breaker.allow(), "one probe at a time");
    assertEquals(Breaker.Transition.RECOVERED, breaker.success());
    assertTrue(breaker.allow());
    assertNull(breaker.failing());
  }

  @Test
  void failedProbeReopensForAnotherPeriod() {
    openIt();
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertTrue(breaker.allow());

    assertEquals(Breaker.Transition.NONE, breaker.failure("DEADLINE"));

    assertFalse(breaker.allow());
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertTrue(breaker.allow());
  }

  @Test
  void successBetweenFailuresResetsTheCount() {
    breaker.failure("x");
    breaker.failure("x");
    assertEquals(Breaker.Transition.RECOVERED, breaker.success());
    assertEquals(Breaker.Transition.NONE, breaker.success());
    breaker.failure("x");
    breaker.failure("x");

    assertTrue(breaker.allow());
  }

  private void openIt() {
    for (int i = 0; i < 3; i++) {
      breaker.failure("UNAVAILABLE");
    }
    assertFalse(breaker.allow());
  }

  @Test
  void isQuietUntilAnOutcomeAndAgainAfterThePeriod() {
    assertTrue(breaker.quietFor(Duration.ofSeconds(30)));
    breaker.success();
    assertFalse(breaker.quietFor(Duration.ofSeconds(30)));

    nanos.addAndGet(Duration.ofSeconds(30).toNanos());

    assertTrue(breaker.quietFor(Duration.ofSeconds(30)));
  }
}
