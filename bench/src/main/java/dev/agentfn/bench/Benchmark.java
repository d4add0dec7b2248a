package dev.agentfn.bench;

import java.util.List;

/** One benchmark of the harness: measures its figures and their baselines in one run. */
public interface Benchmark {
  /** The short name used on the command line, e.g. {@code batch}. */
  String name();

  /** One line saying what it measures. */
  String description();

  /** Runs the benchmark and returns its rows of the table. */
  List<Row> run(Settings settings) throws Exception;
}
