package dev.agentfn.bench.baseline;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The physical limit: the smallest useful {@code HttpFunction} (a fixed small JSON body), run
 * under the same invoker as ours to give the throughput and cold-start baselines.
 */
public final class BaselineFunction implements HttpFunction {
  private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    response.setContentType("application/json; charset=utf-8");
    try (OutputStream out = response.getOutputStream()) {
      out.write(BODY);
    }
  }
}
