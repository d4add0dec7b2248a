package dev.agentfn.cache;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The port to the shared (L2) answer store. Implementations fail open: a broken store is reported
 * through {@link #status()} and answers misses; it never fails a request.
 */
public interface CacheStore {

  /** The unexpired answer stored under {@code key}, if any. */
  Optional<CachedAnswer> get(String key);

  /**
   * Stores an answer under {@code key} until its {@code expireAt}, in the background. The future
   * completes (never exceptionally, within a few seconds) with true once the answer is stored, false
   * when it was not (too large, the store failing); callers that need it stored before they go on,
   * such as a lease holder whose waiters read it, wait for it.
   */
  CompletableFuture<Boolean> put(String key, CachedAnswer answer);

  /** Whether this store is a real one (false for {@link #none()}). */
  boolean enabled();

  /** {@code ok}, {@code disabled}, or a short reason why the store is currently failing. */
  String status();

  /** Counters of this store, for {@code /cache/stats}. */
  StoreStats stats();

  /** The store used when no L2 is configured. */
  static CacheStore none() {
    return NoCacheStore.INSTANCE;
  }

  /** Counters of an L2 store. */
  record StoreStats(long hits, long misses, long errors) {}
}
