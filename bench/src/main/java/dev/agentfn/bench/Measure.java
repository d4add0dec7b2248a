package dev.agentfn.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs variants interleaved (A B C, A B C, ...) so that drift in the machine hits them alike. */
public final class Measure {
  private Measure() {}

  /** A variant to time: one run of it. */
  @FunctionalInterface
  public interface Variant {
    void runOnce() throws Exception;
  }

  /** A variant that measures a figure itself (a throughput, a cold start): one run of it. */
  @FunctionalInterface
  public interface Figure {
    double measureOnce() throws Exception;
  }

  /**
   * Runs each variant once to warm up, then {@code repeat} times interleaved, and returns the
   * median wall time of each in ms.
   */
  public static Map<String, Double> interleavedMedians(int repeat, Map<String, Variant> variants) throws Exception {
    Map<String, Figure> timed = new LinkedHashMap<>();
    variants.forEach((name, variant) -> timed.put(name, () -> {
      long start = System.nanoTime();
      variant.runOnce();
      return (System.nanoTime() - start) / 1e6;
    }));
    return interleavedFigures(repeat, true, timed);
  }

  /**
   * Runs each variant once to warm up (when {@code warmUp}), then {@code repeat} times interleaved,
   * and returns the median of the figure each run measured.
   */
  public static Map<String, Double> interleavedFigures(int repeat, boolean warmUp, Map<String, Figure> variants)
      throws Exception {
    if (warmUp) {
      for (Figure figure : variants.values()) {
        figure.measureOnce();
      }
    }
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    variants.keySet().forEach(name -> samples.put(name, new ArrayList<>()));
    for (int r = 0; r < repeat; r++) {
      for (Map.Entry<String, Figure> variant : variants.entrySet()) {
        samples.get(variant.getKey()).add(variant.getValue().measureOnce());
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    samples.forEach((name, values) -> medians.put(name, median(values)));
    return medians;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
