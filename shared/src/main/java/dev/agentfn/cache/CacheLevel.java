package dev.agentfn.cache;

import java.util.Locale;

/** Where a cached answer came from: this instance (L1) or the shared store (L2). */
public enum CacheLevel {
  L1,
  L2;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
