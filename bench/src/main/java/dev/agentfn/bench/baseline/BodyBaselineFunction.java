package dev.agentfn.bench.baseline;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP work of a cache hit and nothing else: reads the request body and writes a fixed JSON
 * body of a cache-hit answer's size with an {@code X-Request-Id}, to split the gap between the
 * baseline and {@code POST /chat} into HTTP bytes and our own processing.
 */
public final class BodyBaselineFunction implements HttpFunction {
  private static final byte[] BODY = ("{\"answer\":\"" + "x".repeat(330) + "\",\"model_used\":\"offline\","
      + "\"cached\":true,\"request_id\":\"00000000-0000-4000-8000-000000000000\"}").getBytes(StandardCharsets.UTF_8);

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    try (InputStream in = request.getInputStream()) {
      in.readAllBytes();
    }
    response.appendHeader("X-Request-Id", "00000000-0000-4000-8000-000000000000");
    response.setContentType("application/json; charset=utf-8");
    try (OutputStream out = response.getOutputStream()) {
      out.write(BODY);
    }
  }
}
