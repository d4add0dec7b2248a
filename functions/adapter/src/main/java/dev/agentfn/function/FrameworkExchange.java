package dev.agentfn.function;

import com.google.cloud.functions.HttpRequest;
import dev.agentfn.http.Exchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Functions Framework request seen as the core's {@link Exchange}. */
final class FrameworkExchange implements Exchange {
  private final HttpRequest request;
  /** The request's headers, copied once: the invoker builds a new map on every {@code getHeaders()}. */
  private Map<String, List<String>> headers;

  FrameworkExchange(HttpRequest request) {
    this.request = request;
  }

  private Map<String, List<String>> headers() {
    if (headers == null) {
      headers = request.getHeaders();
    }
    return headers;
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String path() {
    return request.getPath();
  }

  @Override
  public Optional<String> header(String name) {
    for (Map.Entry<String, List<String>> entry : headers().entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
        return Optional.ofNullable(entry.getValue().get(0));
      }
    }
    return Optional.empty();
  }

  @Override
  public Map<String, List<String>> queryParameters() {
    return request.getQueryParameters();
  }

  @Override
  public InputStream body() throws IOException {
    return request.getInputStream();
  }
}
