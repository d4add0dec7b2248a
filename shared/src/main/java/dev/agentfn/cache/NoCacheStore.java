package dev.agentfn.cache;

import java.util.Optional;

/** The L2 store of the embedded defaults: stores nothing, finds nothing. */
enum NoCacheStore implements CacheStore {
  INSTANCE;

  @Override
  public Optional<CachedAnswer> get(String key) {
    return Optional.empty();
  }

  @Override
  public void put(String key, CachedAnswer answer) {}

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
