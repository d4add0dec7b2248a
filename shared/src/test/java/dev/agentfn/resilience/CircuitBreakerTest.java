package dev.agentfn.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.resilience.CircuitBreaker.State;
import dev.agentfn.resilience.CircuitBreaker.Transition;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final AtomicLong nanos = new AtomicLong();
  /** The model client's shape: 50% of at least 10 calls in the last 60 s, open 30 s. */
  private final CircuitBreaker rate = CircuitBreaker.builder().failureRate(0.5).minimumCalls(10)
      .timeWindow(Duration.ofSeconds(60)).openFor(Duration.ofSeconds(30)).ticker(nanos::get).build();
  /** The L2 store's shape: the last 3 calls all failed, open 5 s. */
  private final CircuitBreaker inARow = CircuitBreaker.builder().failureRate(1.0).countWindow(3).minimumCalls(3)
      .openFor(Duration.ofSeconds(5)).ticker(nanos::get).build();

  @Test
  void fewerCallsThanTheMinimumNeverOpenItEvenAllFailed() {
    for (int i = 0; i < 9; i++) {
      rate.failure("HTTP 503");
    }
    assertEquals(State.CLOSED, rate.state());

    rate.failure("HTTP 503");

    assertEquals(State.OPEN, rate.state());
    assertEquals(Duration.ofSeconds(30), rate.acquire());
  }

  @Test
  void opensAtTheFailureRateNotAtAFewFailuresAmongManySuccesses() {
    for (int i = 0; i < 20; i++) {
      rate.success();
    }
    for (int i = 0; i < 19; i++) {
      rate.failure("HTTP 500");
    }
    assertEquals(State.CLOSED, rate.state(), "19 of 39 is below 50%");

    rate.failure("HTTP 500");

    assertEquals(State.OPEN, rate.state(), "20 of 40");
  }

  @Test
  void oneCallersFailuresAloneNeverOpenItWhenItNeedsTwoFailingCallers() {
    CircuitBreaker shared = CircuitBreaker.builder().failureRate(0.5).minimumCalls(10).minimumFailingCallers(2)
        .timeWindow(Duration.ofSeconds(60)).openFor(Duration.ofSeconds(30)).ticker(nanos::get).build();
    for (int i = 0; i < 50; i++) {
      shared.failure("HTTP 500", "key:flooder");
    }
    assertEquals(State.CLOSED, shared.state(), "one caller's 50 failures");

    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    for (int i = 0; i < 9; i++) {
      shared.failure("HTTP 500", "key:flooder");
    }
    shared.failure("HTTP 500", "key:other");
    assertEquals(State.OPEN, shared.state(), "ten failures in the window from two callers");
  }

  @Test
  void aFailingCallerOlderThanTheWindowDoesNotCountTowardsTheDistinctCallers() {
    CircuitBreaker shared = CircuitBreaker.builder().failureRate(0.5).minimumCalls(10).minimumFailingCallers(2)
        .timeWindow(Duration.ofSeconds(60)).openFor(Duration.ofSeconds(30)).ticker(nanos::get).build();
    shared.failure("HTTP 500", "key:early");
    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    for (int i = 0; i < 20; i++) {
      shared.failure("HTTP 500", "key:flooder");
    }

    assertEquals(State.CLOSED, shared.state());
  }

  @Test
  void outcomesOlderThanTheTimeWindowDropOut() {
    for (int i = 0; i < 9; i++) {
      rate.failure("HTTP 503");
    }
    nanos.addAndGet(Duration.ofSeconds(61).toNanos());

    rate.failure("HTTP 503");

    assertEquals(State.CLOSED, rate.state(), "one failure in the window");
  }

  @Test
  void ignoredCallsCountForNothing() {
    for (int i = 0; i < 50; i++) {
      assertTrue(rate.tryAcquire());
      rate.ignore();
    }
    for (int i = 0; i < 9; i++) {
      rate.failure("x");
    }
    assertEquals(State.CLOSED, rate.state());
  }

  @Test
  void letsOneTrialThroughAfterOpenForAndClosesOnItsSuccessWithAnEmptyWindow() {
    openInARow();
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());

    assertTrue(inARow.trialDue());
    assertTrue(inARow.tryAcquire());
    assertEquals(State.HALF_OPEN, inARow.state());
    assertFalse(inARow.tryAcquire(), "one trial at a time");
    assertEquals(Transition.RECOVERED, inARow.success());
    assertEquals(State.CLOSED, inARow.state());
    assertNull(inARow.failing());
    inARow.failure("x");
    inARow.failure("x");
    assertEquals(State.CLOSED, inARow.state(), "the failures before it opened were forgotten");
  }

  @Test
  void aFailedTrialReopensForAnotherPeriodAndAnIgnoredOneFreesTheSlot() {
    openInARow();
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertTrue(inARow.tryAcquire());
    inARow.ignore();
    assertTrue(inARow.tryAcquire(), "an ignored trial lets the next one through");

    assertEquals(Transition.NONE, inARow.failure("DEADLINE"));

    assertEquals(State.OPEN, inARow.state());
    assertEquals(Duration.ofSeconds(5), inARow.acquire());
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertTrue(inARow.tryAcquire());
  }

  @Test
  void countWindowOpensOnFailuresInARowAndReportsOnlyTheFirst() {
    assertEquals(Transition.STARTED_FAILING, inARow.failure("UNAVAILABLE"));
    assertEquals(Transition.NONE, inARow.failure("UNAVAILABLE"));
    assertEquals(Transition.RECOVERED, inARow.success());
    inARow.failure("UNAVAILABLE");
    inARow.failure("UNAVAILABLE");
    assertTrue(inARow.tryAcquire(), "a success between failures keeps it closed");

    inARow.failure("UNAVAILABLE");

    assertFalse(inARow.tryAcquire());
    assertEquals("UNAVAILABLE", inARow.failing());
  }

  @Test
  void isQuietUntilAnOutcomeAndAgainAfterThePeriod() {
    assertTrue(inARow.quietFor(Duration.ofSeconds(30)));
    inARow.success();
    assertFalse(inARow.quietFor(Duration.ofSeconds(30)));

    nanos.addAndGet(Duration.ofSeconds(30).toNanos());

    assertTrue(inARow.quietFor(Duration.ofSeconds(30)));
  }

  @Test
  void registryBuildsOneBreakerPerNameAndReportsTheOpenOnes() {
    CircuitBreakers breakers = new CircuitBreakers(CircuitBreaker.builder().failureRate(1.0).minimumCalls(1)
        .openFor(Duration.ofSeconds(30)).ticker(nanos::get));
    assertEquals("closed", breakers.status());
    breakers.get("a").success();
    breakers.get("b").failure("HTTP 503");

    assertEquals("open: b (retry in 30 s)", breakers.status());
    assertTrue(breakers.get("a").tryAcquire());
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> CircuitBreaker.builder().failureRate(0));
    assertThrows(IllegalArgumentException.class, () -> CircuitBreaker.builder().minimumCalls(0));
    assertThrows(IllegalArgumentException.class, () -> CircuitBreaker.builder().minimumFailingCallers(0));
    assertThrows(IllegalArgumentException.class, () -> CircuitBreaker.builder().timeWindow(Duration.ofMillis(10)));
  }

  private void openInARow() {
    for (int i = 0; i < 3; i++) {
      inARow.failure("UNAVAILABLE");
    }
    assertFalse(inARow.tryAcquire());
  }
}
