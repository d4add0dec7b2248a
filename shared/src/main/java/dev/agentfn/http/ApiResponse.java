package dev.agentfn.http;

import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** What a handler returns: status, headers, content type, and a body (bytes or a stream). */
public final class ApiResponse {
  public static final String JSON = "application/json; charset=utf-8";

  private final int status;
  private final Map<String, String> headers;
  private final String contentType;
  private final byte[] body;
  private final BodyWriter stream;

  private ApiResponse(int status, Map<String, String> headers, String contentType, byte[] body, BodyWriter stream) {
    this.status = status;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.contentType = contentType;
    this.body = body;
    this.stream = stream;
  }

  /** A JSON response whose body is {@code value} serialised with the API's naming. */
  public static ApiResponse json(int status, Object value) {
    return new ApiResponse(status, Map.of(), JSON, Json.write(value).getBytes(StandardCharsets.UTF_8), null);
  }

  /** 200 with a JSON body. */
  public static ApiResponse ok(Object value) {
    return json(200, value);
  }

  /** A streamed body of the given content type (include {@code charset=utf-8} for text). */
  public static ApiResponse stream(int status, String contentType, BodyWriter writer) {
    return new ApiResponse(status, Map.of(), contentType, null, Objects.requireNonNull(writer, "writer"));
  }

  /** A body of the given content type as it is (a page, a stylesheet, an image). */
  public static ApiResponse bytes(int status, String contentType, byte[] body) {
    return new ApiResponse(status, Map.of(), Objects.requireNonNull(contentType, "contentType"), body.clone(), null);
  }

  /** A bodiless response. */
  public static ApiResponse empty(int status) {
    return new ApiResponse(status, Map.of(), null, new byte[0], null);
  }

  /** The contract's error body for {@code error}, with the error's own headers. */
  public static ApiResponse error(ApiException error, String requestId) {
    return new ApiResponse(error.code().status(), error.headers(), JSON,
        Json.write(errorBody(error, requestId)).getBytes(StandardCharsets.UTF_8), null);
  }

  /** {@code {"error": {"code", "message", "request_id"}}} as a JSON object. */
  public static JsonObject errorBody(ApiException error, String requestId) {
    JsonObject inner = new JsonObject();
    inner.addProperty("code", error.code().wireName());
    inner.addProperty("message", error.getMessage());
    inner.addProperty("request_id", requestId);
    JsonObject outer = new JsonObject();
    outer.add("error", inner);
    return outer;
  }

  /**
   * A copy of this streamed response whose body {@code wrapper} writes, given the original writer
   * (e.g. to note when the stream ends).
   */
  public ApiResponse withStream(UnaryOperator<BodyWriter> wrapper) {
    if (stream == null) {
      throw new IllegalStateException("not a streamed response");
    }
    return new ApiResponse(status, headers, contentType, null, wrapper.apply(stream));
  }

  /** A copy with one more header. */
  public ApiResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new ApiResponse(status, copy, contentType, body, stream);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The content type, or null for a bodiless response. */
  public String contentType() {
    return contentType;
  }

  public boolean streamed() {
    return stream != null;
  }

  /** The body bytes of a non-streamed response. */
  public byte[] body() {
    if (body == null) {
      throw new IllegalStateException("streamed response has no body bytes");
    }
    return body;
  }

  /**
   * Writes the body, streamed or not. A streamed body is flushed as it goes; a byte body is written
   * in one go and not flushed, so that the server, completing the response, sends it with a
   * {@code Content-Length} in one write instead of chunks.
   */
  public void writeBody(OutputStream out) throws IOException {
    if (stream != null) {
      stream.writeTo(out);
      out.flush();
    } else {
      out.write(body);
    }
  }
}
