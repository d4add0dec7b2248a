package dev.agentfn.batch;

import dev.agentfn.api.Json;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Handler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code POST /chat/batch}: many queries, a result slot per query. As one JSON object, or with
 * {@code Accept: application/x-ndjson} as one line per result as it finishes, then a summary line.
 */
public final class BatchEndpoint implements Handler {
  /** The streamed response's content type. */
  public static final String NDJSON = "application/x-ndjson; charset=utf-8";

  private final Supplier<BatchService> service;
  private final int maxItems;

  /** @param service resolved on first use, so the function starts without building it */
  public BatchEndpoint(Supplier<BatchService> service, int maxItems) {
    this.service = service;
    this.maxItems = maxItems;
  }

  @Override
  public ApiResponse handle(ApiRequest request) {
    BatchRequest batch = BatchRequest.parse(request.body(), maxItems);
    request.charge(batch.items().size() - 1);
    if (!request.accepts("application/x-ndjson")) {
      return ApiResponse.ok(service.get().run(batch, request.context(), result -> { }).toJson());
    }
    BatchService.Admitted admitted = service.get().admit(batch, request.context());
    return ApiResponse.stream(200, NDJSON, out -> {
      try {
        BatchResult result = admitted.run(item -> line(out, item.toJson()));
        line(out, result.summary());
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    });
  }

  /** Writes one JSON line and flushes it, so the client sees it at once. */
  private static void line(OutputStream out, Object value) {
    try {
      out.write((Json.write(value) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
