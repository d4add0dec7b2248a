package dev.agentfn.cache;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The L2 store of the embedded defaults: stores nothing, finds nothing. */
enum NoCacheStore implements CacheStore {
  INSTANCE;

  @Override
  public Optional<CachedAnswer> get(String key) {
    return Optional.empty();
  }

  @Override
  public CompletableFuture<Boolean> put(String key, CachedAnswer answer) {
    return CompletableFuture.completedFuture(false);
  }

  @Override
  public boolean enabled() {
    return false;
  }

  @Override
  public String status() {
    return "disabled";
  }

  @Override
  public StoreStats stats() {
    return new StoreStats(0, 0, 0);
  }
}
