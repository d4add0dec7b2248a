package dev.agentfn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final MutableClock clock = new MutableClock(Instant.EPOCH);
  private final CircuitBreaker breaker = new CircuitBreaker(2, Duration.ofSeconds(10), clock);

  @Test
  void opensAfterConsecutiveFailuresOnly() {
    breaker.acquire();
    breaker.failure();
    breaker.acquire();
    breaker.success();
    breaker.acquire();
    breaker.failure();
    assertFalse(breaker.open());
    breaker.acquire();
    breaker.failure();
    assertTrue(breaker.open());
    assertEquals(Duration.ofSeconds(10), breaker.acquire());
  }

  @Test
  void halfOpenLetsOneTrialThroughAndReopensWhenItFails() {
    breaker.failure();
    breaker.failure();
    clock.advance(Duration.ofSeconds(10));

    assertEquals(Duration.ZERO, breaker.acquire());
    assertFalse(breaker.acquire().isZero(), "a second caller waits for the trial");
    breaker.failure();
    assertEquals(Duration.ofSeconds(10), breaker.acquire());

    clock.advance(Duration.ofSeconds(10));
    assertEquals(Duration.ZERO, breaker.acquire());
    breaker.success();
    assertFalse(breaker.open());
    assertEquals(Duration.ZERO, breaker.acquire());
  }
}
