package dev.agentfn.bench;

import java.nio.file.Path;

/**
 * What every benchmark gets: the repository root (to find the built JARs) and how many interleaved
 * repetitions to take the median of.
 */
public record Settings(Path root, int repeat) {
  /** The official invoker's JARs, copied by the local gateway's build. */
  public Path invokerDir() {
    return root.resolve("functions/local/target/invoker");
  }

  /** The local gateway's self-contained JAR (every function in one process). */
  public Path localJar() {
    return root.resolve("functions/local/target/deployment/agentfn-local.jar");
  }
}
