package dev.agentfn.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An in-memory {@link Exchange}: for tests and for requests built inside the process. */
public final class SimpleExchange implements Exchange {
  private final String method;
  private final String path;
  private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, List<String>> query;
  private final byte[] body;

  public SimpleExchange(String method, String path, Map<String, String> headers,
      Map<String, List<String>> query, byte[] body) {
    this.method = method.toUpperCase(Locale.ROOT);
    this.path = path;
    this.headers.putAll(headers);
    this.query = Map.copyOf(query);
    this.body = body.clone();
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  @Override
  public Map<String, List<String>> queryParameters() {
    return query;
  }

  @Override
  public InputStream body() {
    return new ByteArrayInputStream(body);
  }
}
