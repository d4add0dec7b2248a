package dev.agentfn.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedProbeTest {
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicInteger probes = new AtomicInteger();

  @Test
  void manyDeepChecksCostOneProbePerPeriodAndShareItsResult() {
    CachedProbe probe = new CachedProbe(() -> "unavailable (HTTP 503) #" + probes.incrementAndGet(), nanos::get);
    for (int i = 0; i < 100; i++) {
      assertEquals("unavailable (HTTP 503) #1", probe.get());
      nanos.addAndGet(CachedProbe.PERIOD.toNanos() / 200);
    }
    assertEquals(1, probes.get());

    nanos.addAndGet(CachedProbe.PERIOD.toNanos());

    assertEquals("unavailable (HTTP 503) #2", probe.get());
  }

  @Test
  void concurrentDeepChecksWaitForTheOneProbeInProgress() throws Exception {
    CountDownLatch inProbe = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CachedProbe probe = new CachedProbe(() -> {
      probes.incrementAndGet();
      inProbe.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "ok";
    }, nanos::get);
    List<CompletableFuture<String>> checks = new ArrayList<>();
    checks.add(CompletableFuture.supplyAsync(probe));
    assertTrue(inProbe.await(30, TimeUnit.SECONDS));
    for (int i = 0; i < 10; i++) {
      checks.add(CompletableFuture.supplyAsync(probe));
    }
    release.countDown();

    for (CompletableFuture<String> check : checks) {
      assertEquals("ok", check.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, probes.get());
  }
}
