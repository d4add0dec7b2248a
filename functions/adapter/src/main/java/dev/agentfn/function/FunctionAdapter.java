package dev.agentfn.function;

import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.HttpService;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * The one bridge between the Functions Framework and the core: every function hands its requests
 * to an adapter over its {@link HttpService}. Thread-safe.
 */
public final class FunctionAdapter {
  private static final System.Logger LOG = System.getLogger(FunctionAdapter.class.getName());

  private final HttpService service;

  public FunctionAdapter(HttpService service) {
    this.service = service;
  }

  /** Serves one request through the core and writes the response. */
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    write(service.handle(new FrameworkExchange(request)), response);
  }

  /** Answers 404 in the contract's shape (for paths no function serves). */
  public static void notFound(HttpRequest request, HttpResponse response) throws IOException {
    write(HttpService.notFound(new FrameworkExchange(request)), response);
  }

  private static void write(ApiResponse api, HttpResponse response) throws IOException {
    response.setStatusCode(api.status());
    for (Map.Entry<String, String> header : api.headers().entrySet()) {
      response.appendHeader(header.getKey(), header.getValue());
    }
    if (api.contentType() != null) {
      response.setContentType(api.contentType());
    }
    if (api.streamed()) {
      response.appendHeader("Cache-Control", "no-cache");
      response.appendHeader("X-Accel-Buffering", "no");
    }
    // Not closed here: the framework completes the response after service() returns, sending an
    // unflushed byte body with its Content-Length and dealing with any request body left unread.
    OutputStream out = response.getOutputStream();
    try {
      api.writeBody(out);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "client went away while the response was written: " + e);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "response stream failed after the status was sent", e);
    }
  }
}
