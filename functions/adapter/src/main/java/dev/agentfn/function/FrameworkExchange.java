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

  FrameworkExchange(HttpRequest request) {
    this.request = request;
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
    for (Map.Entry<String, List<String>> entry : request.getHeaders().entrySet()) {
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
