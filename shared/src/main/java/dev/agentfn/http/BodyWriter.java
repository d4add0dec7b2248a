package dev.agentfn.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a streamed response body (SSE, NDJSON). It flushes after each event and reports errors
 * that happen after the first byte inside the stream itself, since the status is already sent.
 */
@FunctionalInterface
public interface BodyWriter {
  void writeTo(OutputStream out) throws IOException;
}
