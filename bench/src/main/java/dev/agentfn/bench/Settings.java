package dev.agentfn.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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

  /** The deployment JAR of a function module ({@code chat}, {@code batch}, {@code multi-agent}, {@code health}). */
  public Path deploymentJar(String module) {
    return root.resolve("functions/" + module + "/target/deployment/agentfn-" + module + ".jar");
  }

  /** The baseline function's JAR (built by the bench module, nothing else in it). */
  public Path baselineJar() {
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(root.resolve("bench/target/baseline"), "*.jar")) {
      for (Path jar : jars) {
        return jar;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("run bench/run.sh to build the baseline JAR", e);
    }
    throw new IllegalStateException("no baseline JAR in bench/target/baseline; run bench/run.sh");
  }

  /**
   * Environment that makes an invoker's JVM size itself as in a deployed instance: the infra's
   * default 1 GiB (the JVM reads the container limit there; here the machine is larger).
   */
  public static Map<String, String> instanceEnv() {
    return Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxRAM=1g");
  }
}
