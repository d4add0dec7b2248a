package dev.agentfn.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines from one thread of its own: callers queue a finished line and return at once
 * (never waiting for the output or a lock), and the writer sends whatever has queued up in one
 * write. The queue is bounded: when it is full a line is dropped and counted, and the count is
 * reported in a line of its own once there is room again. Thread-safe.
 */
final class LogWriter implements AutoCloseable {
  /** How long the writer lets lines gather after a write while lines keep coming. */
  private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /**
   * Empty batches the writer waits through before it sleeps until woken: under steady load it then
   * never sleeps, and callers never pay for waking it (an unpark per line was 3.5% of a cache hit).
   */
  private static final int LINGER_ROUNDS = 20;
  private static final int BUFFER_BYTES = 64 * 1024;

  private final OutputStream out;
  private final int capacity;
  private final Clock clock;
  private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  /** True while the writer sleeps until a line arrives (then a caller must wake it). */
  private volatile boolean idle;
  private volatile boolean closed;

  /**
   * @param out where lines go (stdout); written by the writer thread only, and flushed per batch
   * @param capacity lines that may wait at most
   */
  LogWriter(OutputStream out, int capacity, Clock clock) {
    this.out = out;
    this.capacity = capacity;
    this.clock = clock;
    this.thread = new Thread(this::run, "agentfn-log-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues one line (ending in a newline); false when it was dropped because the queue is full.
   * Once the writer is closed (the process is stopping), the line is written at once instead.
   */
  boolean offer(String line) {
    if (closed) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      writeOut(bytes, bytes.length);
      return true;
    }
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return false;
    }
    queue.add(line);
    if (idle) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  /** Lines dropped so far because the queue was full. */
  long dropped() {
    return dropped.get();
  }

  /** Writes what is queued and stops the writer (waiting at most {@code timeoutMillis}). */
  @Override
  public void close() {
    close(2_000);
  }

  void close(long timeoutMillis) {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    byte[] buffer = new byte[BUFFER_BYTES];
    long reportedDrops = 0;
    int quietRounds = 0;
    while (true) {
      int length = 0;
      int lines = 0;
      for (String line; (line = queue.poll()) != null; lines++) {
        queued.decrementAndGet();
        length = append(buffer, length, line);
        if (length >= BUFFER_BYTES / 2) {
          length = write(buffer, length);
        }
      }
      long drops = dropped.get();
      if (drops != reportedDrops) {
        length = append(buffer, length, JsonLine.start("WARNING", (drops - reportedDrops)
            + " log lines dropped: the log queue was full (" + capacity + " lines)", clock.instant(),
            LogWriter.class.getName()).field("dropped_total", drops).end());
        reportedDrops = drops;
      }
      quietRounds = lines > 0 ? 0 : quietRounds + 1;
      write(buffer, length);
      if (closed) {
        if (queue.isEmpty()) {
          return;
        }
      } else if (quietRounds <= LINGER_ROUNDS) {
        LockSupport.parkNanos(this, BATCH_NANOS);
      } else {
        idle = true;
        if (queue.isEmpty() && !closed) {
          LockSupport.park(this);
        }
        idle = false;
      }
    }
  }

  /** Appends {@code line} as UTF-8, writing the buffer out first when the line does not fit. */
  private int append(byte[] buffer, int length, String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    if (length + bytes.length > buffer.length) {
      length = write(buffer, length);
      if (bytes.length > buffer.length) {
        writeOut(bytes, bytes.length);
        return 0;
      }
    }
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    return length + bytes.length;
  }

  private int write(byte[] buffer, int length) {
    if (length > 0) {
      writeOut(buffer, length);
    }
    return 0;
  }

  private void writeOut(byte[] bytes, int length) {
    try {
      out.write(bytes, 0, length);
      out.flush();
    } catch (IOException | RuntimeException e) {
      // Nowhere left to report it: stdout is the log.
    }
  }
}
