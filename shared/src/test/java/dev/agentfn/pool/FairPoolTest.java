package dev.agentfn.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void noMoreThreadsRunThanTheLimitHowEverMuchIsQueued() throws Exception {
    try (FairPool two = new FairPool("two", new FairPool.Limits(2, 8, 8, 64, 64))) {
      Set<String> threads = ConcurrentHashMap.newKeySet();
      AtomicInteger running = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      List<Future<?>> all = new ArrayList<>();
      for (String caller : List.of("key:a", "key:b", "key:c")) {
        FairPool.Lane lane = two.open(caller, 8);
        for (int i = 0; i < 8; i++) {
          all.add(lane.submit(() -> {
            threads.add(Thread.currentThread().getName());
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.yield();
            running.decrementAndGet();
          }));
        }
      }
      for (Future<?> task : all) {
        task.get(10, TimeUnit.SECONDS);
      }
      assertTrue(most.get() <= 2, "at most two at once: " + most.get());
      assertTrue(threads.size() <= 2, threads.toString());
    }
  }

  @Test
  void thousandsOfSmallTasksFromManyCallersAllRun() throws Exception {
    try (FairPool eight = new FairPool("eight", new FairPool.Limits(8, 4, 4, 500, 5000))) {
      List<Future<?>> all = new ArrayList<>();
      AtomicInteger done = new AtomicInteger();
      for (int c = 0; c < 10; c++) {
        for (int request = 0; request < 5; request++) {
          FairPool.Lane lane = eight.open("key:" + c, 40);
          for (int i = 0; i < 40; i++) {
            all.add(lane.submit(done::incrementAndGet));
          }
        }
      }
      for (Future<?> task : all) {
        task.get(30, TimeUnit.SECONDS);
      }
      assertEquals(2000, done.get());
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
