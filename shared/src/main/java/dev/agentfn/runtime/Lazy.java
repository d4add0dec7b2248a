package dev.agentfn.runtime;

import java.util.Objects;
import java.util.function.Supplier;

/** A value built on first use, exactly once, then shared (thread-safe). */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<? extends T> factory;
  private volatile T value;

  private Lazy(Supplier<? extends T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  public static <T> Lazy<T> of(Supplier<? extends T> factory) {
    return new Lazy<>(factory);
  }

  @Override
  public T get() {
    T result = value;
    if (result == null) {
      synchronized (this) {
        result = value;
        if (result == null) {
          result = Objects.requireNonNull(factory.get(), "lazy factory returned null");
          value = result;
        }
      }
    }
    return result;
  }

  /** Whether the value has been built. */
  public boolean isBuilt() {
    return value != null;
  }
}
