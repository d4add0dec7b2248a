package dev.agentfn.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One incoming HTTP request as any server presents it: the part of the exchange the core reads. */
public interface Exchange {
  String method();

  /** The raw path, without the query string (it may include a deployment prefix). */
  String path();

  /** The first value of a header, case-insensitively. */
  Optional<String> header(String name);

  /** Query parameters by name. */
  Map<String, List<String>> queryParameters();

  /** The request body stream; read it at most once. */
  InputStream body() throws IOException;
}
