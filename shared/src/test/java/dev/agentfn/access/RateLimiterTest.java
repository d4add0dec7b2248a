package dev.agentfn.access;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RateLimiter limiter = new RateLimiter(60, now::get, 1000);

  @Test
  void burstUpToTheLimitThenRateLimitedWithRetryAfter() {
    for (int i = 0; i < 60; i++) {
      limiter.acquire("key:a", 1);
    }
    ApiException e = assertThrows(ApiException.class, () -> limiter.acquire("key:a", 1));
    assertEquals(ErrorCode.RATE_LIMITED, e.code());
    assertEquals("1", e.headers().get("Retry-After"), "60/min refills one unit a second");
  }

  @Test
  void tokensRefillWithTimeAndCallersAreSeparate() {
    limiter.acquire("key:a", 60);
    assertThrows(ApiException.class, () -> limiter.acquire("key:a", 1));
    assertDoesNotThrow(() -> limiter.acquire("key:b", 1), "another caller has its own bucket");
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    limiter.acquire("key:a", 10);
    assertThrows(ApiException.class, () -> limiter.acquire("key:a", 1));
  }

  @Test
  void retryAfterSaysWhenEnoughUnitsAreBack() {
    limiter.acquire("key:a", 60);
    ApiException e = assertThrows(ApiException.class, () -> limiter.acquire("key:a", 30));
    assertEquals("30", e.headers().get("Retry-After"));
  }

  @Test
  void moreUnitsThanTheLimitAtOnceAreRefused() {
    ApiException e = assertThrows(ApiException.class, () -> limiter.acquire("key:a", 61));
    assertEquals(ErrorCode.RATE_LIMITED, e.code());
    assertTrue(e.getMessage().contains("61 units"), e.getMessage());
  }

  @Test
  void zeroTurnsItOff() {
    RateLimiter off = new RateLimiter(0, now::get, 10);
    for (int i = 0; i < 1000; i++) {
      off.acquire("key:a", 100);
    }
    assertEquals(0, off.trackedCallers());
  }

  @Test
  void aFloodOfDistinctCallersIsBounded() {
    for (int i = 0; i < 5000; i++) {
      limiter.acquire("ip:10.0." + (i / 256) + "." + (i % 256), 1);
    }
    assertTrue(limiter.trackedCallers() <= 1000, "tracked " + limiter.trackedCallers());
  }
}
