package dev.agentfn.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FairPoolTest {
  private final FairPool pool = new FairPool("test", new FairPool.Limits(1, 4, 4, 6, 8));
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);

  @AfterEach
  void stop() {
    gate.countDown();
    pool.close();
  }

  @Test
  void callersTakeTurnsWhateverOrderTheirWorkArrivedIn() throws Exception {
    FairPool.Lane flood = pool.open("key:a", 4);
    FairPool.Lane small = pool.open("key:b", 1);
    CountDownLatch blocking = new CountDownLatch(1);
    flood.submit(() -> {
      blocking.countDown();
      await(gate);
      order.add("a1");
    });
    assertTrue(blocking.await(10, TimeUnit.SECONDS));
    flood.submit(() -> order.add("a2"));
    flood.submit(() -> order.add("a3"));
    Future<?> last = small.submit(() -> order.add("b1"));
    Future<?> end = flood.submit(() -> order.add("a4"));

    gate.countDown();
    last.get(10, TimeUnit.SECONDS);
    end.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("a1", "b1", "a2", "a3", "a4"), order);
  }

  @Test
  void queuedWorkIsBoundedPerCallerAndPerInstanceWithAClearError() {
    pool.open("key:a", 6);
    ApiException caller = assertThrows(ApiException.class, () -> pool.open("key:a", 1));
    assertEquals(ErrorCode.RATE_LIMITED, caller.code());
    assertEquals("1", caller.headers().get("Retry-After"));
    FairPool.Lane b = pool.open("key:b", 2);
    ApiException instance = assertThrows(ApiException.class, () -> pool.open("key:c", 1));
    assertEquals(ErrorCode.OVERLOADED, instance.code());
    b.close();
    pool.open("key:c", 1).close();
  }

  @Test
  void closingALaneDropsItsQueuedWorkAndGivesBackItsRoom() throws Exception {
    FairPool.Lane lane = pool.open("key:a", 6);
    CountDownLatch blocking = new CountDownLatch(1);
    Future<?> running = lane.submit(() -> {
      blocking.countDown();
      await(gate);
    });
    assertTrue(blocking.await(10, TimeUnit.SECONDS));
    Future<?> queued = lane.submit(() -> order.add("never"));
    lane.close();
    assertTrue(queued.isCancelled());
    gate.countDown();
    running.get(10, TimeUnit.SECONDS);
    pool.open("key:a", 5).submit(() -> order.add("next")).get(10, TimeUnit.SECONDS);
    assertEquals(List.of("next"), order);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
