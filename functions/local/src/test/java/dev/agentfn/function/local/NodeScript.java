package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an interop script of tools/ (an official client driving the gateway) and reads its summary line. */
final class NodeScript {
  private static final long TIMEOUT_SECONDS = 90;

  private NodeScript() {}

  /**
   * Runs {@code node script args...} in {@code dir} (its pinned dependencies installed there by the
   * build), waits at most {@value #TIMEOUT_SECONDS} s, asserts it succeeded, and returns the JSON
   * object it printed last.
   */
  static JsonObject summary(Path dir, String script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("interop", ".log");
    Process node = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    String output;
    try {
      boolean finished = node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      output = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(finished, script + " finished within " + TIMEOUT_SECONDS + " s: " + output);
    } finally {
      node.destroyForcibly();
      Files.deleteIfExists(log);
    }
    assertEquals(0, node.exitValue(), output);
    String[] lines = output.strip().split("\n");
    return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
  }
}
