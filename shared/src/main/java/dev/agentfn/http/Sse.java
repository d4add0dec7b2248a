package dev.agentfn.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Server-Sent Events, flushing each one so the client sees it at once. Thread-safe: events
 * from several threads are written whole, one after another.
 */
public final class Sse {
  public static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";

  private final OutputStream out;
  private volatile boolean gone;

  public Sse(OutputStream out) {
    this.out = out;
  }

  /** Sends one event whose data is a single line (e.g. compact JSON). */
  public synchronized void event(String name, String data) throws IOException {
    StringBuilder frame = new StringBuilder(data.length() + name.length() + 16);
    frame.append("event: ").append(name).append('\n');
    send(frame, data);
  }

  /** Sends one unnamed event (a {@code message} event to the client), as OpenAI-style streams do. */
  public synchronized void data(String data) throws IOException {
    send(new StringBuilder(data.length() + 8), data);
  }

  private void send(StringBuilder frame, String data) throws IOException {
    for (String line : data.split("\n", -1)) {
      frame.append("data: ").append(line).append('\n');
    }
    frame.append('\n');
    out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Sends one event unless the client has gone; a failed write means it has (see {@link #gone()}). */
  public synchronized void offer(String name, String data) {
    if (gone) {
      return;
    }
    try {
      event(name, data);
    } catch (IOException e) {
      gone = true;
    }
  }

  /** Whether a write failed: the client stopped listening. */
  public boolean gone() {
    return gone;
  }
}
