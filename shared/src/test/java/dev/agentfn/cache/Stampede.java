package dev.agentfn.cache;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Many concurrent cold lookups of one key; a computation waits until every caller has arrived. */
final class Stampede {
  private Stampede() {}

  static List<AnswerCache.Lookup> run(AnswerCache cache, String key, int callers, Supplier<CachedAnswer> compute)
      throws Exception {
    CountDownLatch arrived = new CountDownLatch(callers);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<AnswerCache.Lookup>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        futures.add(pool.submit(() -> {
          arrived.countDown();
          return CacheLookups.get(cache, Clock.systemUTC(), key, () -> {
            try {
              arrived.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return compute.get();
          });
        }));
      }
      List<AnswerCache.Lookup> lookups = new ArrayList<>();
      for (Future<AnswerCache.Lookup> future : futures) {
        lookups.add(future.get(30, TimeUnit.SECONDS));
      }
      return lookups;
    } finally {
      pool.shutdownNow();
    }
  }
}
