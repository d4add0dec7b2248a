package dev.agentfn.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogWriterTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T13:10:05Z"), ZoneOffset.UTC);

  @Test
  void linesComeOutWholeAndInOrder() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogWriter writer = new LogWriter(out, 100, CLOCK);
    for (int i = 0; i < 50; i++) {
      assertTrue(writer.offer("{\"n\":" + i + ",\"text\":\"é\"}\n"));
    }
    writer.close();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(50, lines.size());
    for (int i = 0; i < 50; i++) {
      assertEquals("{\"n\":" + i + ",\"text\":\"é\"}", lines.get(i));
    }
  }

  @Test
  void aFullQueueDropsAndCountsWithoutBlockingTheCallerAndReportsTheCount() throws Exception {
    BlockingOutput out = new BlockingOutput();
    LogWriter writer = new LogWriter(out, 3, CLOCK);
    assertTrue(writer.offer("first\n"));
    assertTrue(out.writing.await(10, TimeUnit.SECONDS), "the writer took the first line and is stuck writing it");
    for (int i = 0; i < 3; i++) {
      assertTrue(writer.offer("queued " + i + "\n"));
    }
    assertFalse(writer.offer("one too many\n"));
    assertFalse(writer.offer("two too many\n"));
    assertEquals(2, writer.dropped());

    out.release.countDown();
    writer.close();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(List.of("first", "queued 0", "queued 1", "queued 2"), lines.subList(0, 4));
    assertEquals(5, lines.size());
    JsonObject report = JsonParser.parseString(lines.get(4)).getAsJsonObject();
    assertEquals("WARNING", report.get("severity").getAsString());
    assertTrue(report.get("message").getAsString().startsWith("2 log lines dropped"));
    assertEquals(2, report.get("dropped_total").getAsLong());
  }

  @Test
  void linesAfterCloseAreWrittenAtOnce() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogWriter writer = new LogWriter(out, 10, CLOCK);
    writer.close();
    assertTrue(writer.offer("late\n"));
    assertEquals("late\n", out.toString(StandardCharsets.UTF_8));
  }

  /** Holds the first write until released. */
  private static final class BlockingOutput extends OutputStream {
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      writing.countDown();
      try {
        if (!release.await(10, TimeUnit.SECONDS)) {
          throw new IOException("not released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      synchronized (this) {
        bytes.write(b, off, len);
      }
    }

    synchronized String toString(java.nio.charset.Charset charset) {
      return bytes.toString(charset);
    }
  }
}
