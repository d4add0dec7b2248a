package dev.agentfn.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load with {@code wrk} (Debian package; {@code bench/run.sh} installs or checks it): a fixed
 * JSON POST against a loopback URL for a bounded duration, returning requests per second.
 */
final class Wrk {
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

  private final int threads;
  private final int connections;
  private final int seconds;

  Wrk(int threads, int connections, int seconds) {
    this.threads = threads;
    this.connections = connections;
    this.seconds = seconds;
  }

  /** {@code threads} and {@code connections} as shown in the table. */
  String describe() {
    return "wrk -t" + threads + " -c" + connections + " -d" + seconds + "s";
  }

  /** Loads {@code uri} (loopback only) with POSTs of {@code json}; every answer must be 2xx. */
  double postRate(URI uri, String json) throws IOException, InterruptedException {
    if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
      throw new IllegalArgumentException("wrk only targets loopback here: " + uri);
    }
    Path script = Files.createTempFile("wrk-post-", ".lua");
    try {
      Files.writeString(script, "wrk.method = \"POST\"\n"
          + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
          + "wrk.body = [==[" + json + "]==]\n", StandardCharsets.UTF_8);
      Process wrk = new ProcessBuilder(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
          "--timeout", "5s", "-s", script.toString(), uri.toString())).redirectErrorStream(true).start();
      String output;
      try {
        output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
          throw new IllegalStateException("wrk did not finish");
        }
      } finally {
        wrk.destroyForcibly();
      }
      Matcher failed = NON_2XX.matcher(output);
      if (failed.find()) {
        throw new IllegalStateException(failed.group(1) + " non-2xx answers from " + uri + ":\n" + output);
      }
      Matcher rate = RATE.matcher(output);
      if (wrk.exitValue() != 0 || !rate.find()) {
        throw new IllegalStateException("wrk failed (exit " + wrk.exitValue() + "):\n" + output);
      }
      return Double.parseDouble(rate.group(1));
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
