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

  /**
   * Runs each variant once to warm up, then {@code repeat} times interleaved, and returns the
   * median wall time of each in ms.
   */
  public static Map<String, Double> interleavedMedians(int repeat, Map<String, Variant> variants) throws Exception {
    for (Variant warmUp : variants.values()) {
      warmUp.runOnce();
    }
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    variants.keySet().forEach(name -> samples.put(name, new ArrayList<>()));
    for (int r = 0; r < repeat; r++) {
      for (Map.Entry<String, Variant> variant : variants.entrySet()) {
        long start = System.nanoTime();
        variant.getValue().runOnce();
        samples.get(variant.getKey()).add((System.nanoTime() - start) / 1e6);
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
