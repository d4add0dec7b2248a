package dev.agentfn.docs;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Endpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * {@code GET /openapi.json} (the contract as an OpenAPI 3.1 document) and {@code GET /docs} (Swagger
 * UI over it, its assets from the {@code org.webjars:swagger-ui} JAR when that is on the class path).
 * Both are public: they describe the contract, nothing more. Thread-safe.
 */
public final class ApiDocs {
  /** Where the OpenAPI document lives on the class path. */
  public static final String OPENAPI_RESOURCE = "/dev/agentfn/docs/openapi.json";

  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
  /** The Swagger UI files the page loads, each served at {@code /docs/NAME}, and their types. */
  private static final Map<String, String> ASSETS = Map.of(
      "swagger-ui.css", "text/css; charset=utf-8",
      "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
      "favicon-32x32.png", "image/png",
      "favicon-16x16.png", "image/png");
  private static final String CACHE_ASSETS = "public, max-age=86400";

  /** {@code /openapi.json}, {@code /docs} and one path per Swagger UI asset. */
  public List<Endpoint> endpoints() {
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(Endpoint.get("/openapi.json", request -> bytes(Packaged.OPENAPI, ApiResponse.JSON)));
    endpoints.add(Endpoint.get("/docs", this::page));
    ASSETS.forEach((name, type) -> endpoints.add(Endpoint.get("/docs/" + name, request -> asset(name, type))));
    return endpoints;
  }

  /** The paths of {@link #endpoints()}, which need no API key. */
  public Set<String> publicPaths() {
    return Set.copyOf(endpoints().stream().map(Endpoint::path).toList());
  }

  private ApiResponse page(ApiRequest request) {
    swaggerVersion();
    // Relative links, so the page works behind any prefix (a function URL) and at /docs or /docs/.
    boolean slash = request.path().endsWith("/");
    String assets = slash ? "" : "docs/";
    String spec = slash ? "../openapi.json" : "openapi.json";
    String html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>agentfn API</title>
          <link rel="stylesheet" href="%1$sswagger-ui.css">
          <link rel="icon" type="image/png" href="%1$sfavicon-32x32.png" sizes="32x32">
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="%1$sswagger-ui-bundle.js"></script>
          <script>
            window.ui = SwaggerUIBundle({url: "%2$s", dom_id: "#swagger-ui", deepLinking: true,
              presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout"});
          </script>
        </body>
        </html>
        """.formatted(assets, spec);
    return bytes(html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
  }

  private ApiResponse asset(String name, String type) {
    byte[] body = read(WEBJAR + swaggerVersion() + "/" + name)
        .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no such asset: " + name));
    return bytes(body, type).withHeader("Cache-Control", CACHE_ASSETS);
  }

  private String swaggerVersion() {
    return Packaged.SWAGGER_UI_VERSION.orElseThrow(() ->
        new ApiException(ErrorCode.NOT_FOUND, "Swagger UI is not packaged with this function; see /openapi.json"));
  }

  private static ApiResponse bytes(byte[] body, String contentType) {
    return ApiResponse.bytes(200, contentType, body);
  }

  /** What the JAR carries, read on first use. */
  private static final class Packaged {
    static final byte[] OPENAPI = read(OPENAPI_RESOURCE.substring(1))
        .orElseThrow(() -> new IllegalStateException(OPENAPI_RESOURCE + " is missing from the JAR"));
    static final Optional<String> SWAGGER_UI_VERSION = webjarVersion();
  }

  private static Optional<String> webjarVersion() {
    return read(WEBJAR_POM).map(bytes -> {
      Properties properties = new Properties();
      try {
        properties.load(new ByteArrayInputStream(bytes));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return properties.getProperty("version");
    });
  }

  private static Optional<byte[]> read(String resource) {
    try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
