package dev.agentfn.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The harness's entry point ({@code bench/run.sh}): runs the named benchmarks (all by default) and
 * prints the machine and one Markdown table, ready for {@code bench/RESULTS.md}. Exits 1 when a
 * target is missed. Add a benchmark by implementing {@link Benchmark} and listing it in {@link #ALL}.
 */
public final class Bench {
  /** Every benchmark, in the order they run. */
  static final List<Benchmark> ALL = List.of(new ThroughputBenchmark(), new StampedeBenchmark(),
      new ColdStartBenchmark(), new BatchBenchmark(), new ModelCallStyleBenchmark(), new MultiAgentBenchmark(),
      new MixedLoadBenchmark(), new SessionBenchmark(), new CoordinationBenchmark());

  private Bench() {}

  public static void main(String[] args) throws Exception {
    int repeat = 3;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--list" -> {
          ALL.forEach(b -> System.out.println(b.name() + "\t" + b.description()));
          return;
        }
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        default -> names.add(args[i]);
      }
    }
    List<Benchmark> selected = ALL.stream().filter(b -> names.isEmpty() || names.contains(b.name())).toList();
    if (selected.isEmpty()) {
      System.err.println("no benchmark named " + names + "; --list shows them");
      System.exit(2);
    }
    Settings settings = new Settings(Path.of("").toAbsolutePath(), repeat);
    List<Row> rows = new ArrayList<>();
    for (Benchmark benchmark : selected) {
      System.err.println("running " + benchmark.name() + ": " + benchmark.description());
      rows.addAll(benchmark.run(settings));
    }
    System.out.println(machine(repeat));
    System.out.println();
    System.out.println(table(rows));
    if (rows.stream().anyMatch(row -> Boolean.FALSE.equals(row.met()))) {
      System.exit(1);
    }
  }

  static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder("| benchmark | figure | reference | ratio | target | met | note |\n"
        + "| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Row row : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %s | %s | %s |%n", row.name(), row.figure(),
          row.reference(), row.ratio(), row.target() == null ? "—" : row.target(),
          row.met() == null ? "—" : row.met() ? "yes" : "**no**", row.note()));
    }
    return out.toString();
  }

  static String machine(int repeat) {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
    } catch (java.io.IOException | SecurityException e) {
      // not Linux: the CPU model stays unknown
    }
    long memoryMiB = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize() / (1024 * 1024);
    return String.format(Locale.ROOT, "date %s; %s, %d cores, %d MiB; %s %s; Java %s (%s); median of %d interleaved runs",
        OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16) + "Z",
        cpu, Runtime.getRuntime().availableProcessors(), memoryMiB, System.getProperty("os.name"),
        System.getProperty("os.arch"), System.getProperty("java.version"), System.getProperty("java.vm.name"), repeat);
  }
}
