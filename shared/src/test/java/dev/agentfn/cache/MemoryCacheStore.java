package dev.agentfn.cache;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory L2 for unit tests: keeps every answer (expiry is the cache's business) and counts calls. */
final class MemoryCacheStore implements CacheStore {
  final Map<String, CachedAnswer> answers = new ConcurrentHashMap<>();
  final AtomicInteger gets = new AtomicInteger();
  final AtomicInteger puts = new AtomicInteger();

  @Override
  public Optional<CachedAnswer> get(String key) {
    gets.incrementAndGet();
    return Optional.ofNullable(answers.get(key));
  }

  @Override
  public CompletableFuture<Boolean> put(String key, CachedAnswer answer) {
    puts.incrementAndGet();
    answers.put(key, answer);
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public String status() {
    return "ok";
  }

  @Override
  public StoreStats stats() {
    return new StoreStats(0, 0, 0);
  }
}
