package dev.agentfn.function.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input over real HTTP under the invoker: every endpoint answers a clear 4xx in the
 * contract's error shape, never a 5xx, and never shows internals.
 */
class HostileInputIT {
  private static final List<String> POST_PATHS = List.of("/chat", "/chat/batch", "/chat/multi-agent");
  private static final List<String> GET_PATHS = List.of("/health", "/models", "/stats", "/cache/stats",
      "/openapi.json", "/docs");
  /** What a body must never show: stack frames, exception names, library internals. */
  private static final Pattern INTERNALS = Pattern.compile(
      "Exception|\\tat |at dev\\.agentfn|at java\\.|com\\.google\\.gson|Caused by|NullPointer|StackOverflow");

  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = Gateway.start(Map.of("RATE_LIMIT_PER_MINUTE", "0", "CACHE_FIRESTORE", "off"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  record Case(String name, String method, String path, String contentType, byte[] body, int status, String code) {
    @Override
    public String toString() {
      return method + " " + path + ": " + name;
    }
  }

  static Stream<Case> bodies() {
    List<Case> cases = new ArrayList<>();
    for (String path : POST_PATHS) {
      cases.add(json(path, "malformed JSON", "{\"query\": ", 400, "invalid_argument"));
      cases.add(json(path, "trailing garbage", "{\"query\": \"q\"} }", 400, "invalid_argument"));
      cases.add(json(path, "top-level array", "[1, 2]", 400, "invalid_argument"));
      cases.add(json(path, "wrong types", "{\"query\": 42, \"queries\": 42, \"task\": 42}", 400, "invalid_argument"));
      cases.add(json(path, "nulls", "{\"query\": null, \"queries\": null, \"task\": null}", 400, "invalid_argument"));
      // A batch reports a bad item in its slot (200), so here the huge string is the list itself.
      cases.add(json(path, "huge string", "{\"query\": \"" + "x".repeat(40_000) + "\", \"queries\": \""
          + "x".repeat(40_000) + "\", \"task\": \"" + "x".repeat(40_000) + "\"}", 400, "invalid_argument"));
      cases.add(json(path, "5000-deep nesting", "{\"query\": " + "[".repeat(5000) + "]".repeat(5000) + "}",
          400, "invalid_argument"));
      cases.add(new Case("invalid UTF-8", "POST", path, "application/json",
          concat("{\"query\": \"", new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}"), 400, "invalid_argument"));
      cases.add(new Case("UTF-8-encoded surrogate", "POST", path, "application/json",
          concat("{\"query\": \"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}"), 400, "invalid_argument"));
      cases.add(json(path, "lone surrogate escape", "{\"query\": \"\\ud800\", \"queries\": [\"\\udfff\"], \"task\": \"\\ud800\"}",
          400, "invalid_argument"));
      cases.add(json(path, "BOM before malformed JSON", "\uFEFF{oops}", 400, "invalid_argument"));
      cases.add(json(path, "duplicate keys", "{\"query\": \"a\", \"query\": \"b\"}", 400, "invalid_argument"));
      cases.add(json(path, "empty body", "", 400, "invalid_argument"));
      cases.add(json(path, "overlong number", "{\"query\": \"q\", \"max_subtasks\": " + "9".repeat(200) + "}",
          400, "invalid_argument"));
      cases.add(new Case("text/plain", "POST", path, "text/plain", utf8("{\"query\": \"q\"}"), 415, "unsupported_media_type"));
      cases.add(new Case("form", "POST", path, "application/x-www-form-urlencoded", utf8("query=q"), 415,
          "unsupported_media_type"));
      cases.add(new Case("JSON in another charset", "POST", path, "application/json; charset=utf-16",
          "{\"query\": \"q\"}".getBytes(StandardCharsets.UTF_16), 415, "unsupported_media_type"));
      cases.add(new Case("no content type", "POST", path, null, utf8("{\"query\": \"q\"}"), 415, "unsupported_media_type"));
      cases.add(new Case("GET", "GET", path, null, new byte[0], 405, "method_not_allowed"));
      cases.add(new Case("PUT", "PUT", path, "application/json", utf8("{}"), 405, "method_not_allowed"));
      cases.add(new Case("DELETE", "DELETE", path, null, new byte[0], 405, "method_not_allowed"));
    }
    for (String path : GET_PATHS) {
      cases.add(new Case("POST", "POST", path, "application/json", utf8("{}"), 405, "method_not_allowed"));
      cases.add(new Case("PATCH", "PATCH", path, "application/json", utf8("{}"), 405, "method_not_allowed"));
    }
    for (String id : new String[] {"x".repeat(129), "a.b", "~", "a_b~"}) {
      cases.add(new Case("bad session id", "GET", "/sessions/" + id, null, new byte[0], 400, "invalid_argument"));
      cases.add(new Case("bad session id", "DELETE", "/sessions/" + id, null, new byte[0], 400, "invalid_argument"));
    }
    cases.add(new Case("unknown session", "GET", "/sessions/never-used", null, new byte[0], 404, "not_found"));
    cases.add(new Case("POST", "POST", "/sessions/s1", "application/json", utf8("{}"), 405, "method_not_allowed"));
    cases.add(new Case("no id", "GET", "/sessions", null, new byte[0], 404, "not_found"));
    cases.add(new Case("two segments", "GET", "/sessions/a/b", null, new byte[0], 404, "not_found"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void hostileBodiesAndMethodsGetAContract4xx(Case c) throws Exception {
    Map<String, String> headers = c.contentType() == null ? Map.of() : Map.of("Content-Type", c.contentType());
    HttpResponse<String> response = gateway.send(c.method(), c.path(), headers, c.body().length == 0 ? null : c.body());
    assertEquals(c.status(), response.statusCode(), response.body());
    assertContractError(response.body(), c.code());
    if (c.status() == 405) {
      assertTrue(response.headers().firstValue("Allow").isPresent());
    }
  }

  /** A body over the limit is refused from its declared length, before it is uploaded. */
  @ParameterizedTest
  @MethodSource("postPaths")
  void bodyOverTheLimitIs413(String path) throws Exception {
    String raw = gateway.raw("POST", path, "Content-Type: application/json\r\n", utf8("{\"query\": \"xxxx"), 1_100_000);
    assertTrue(raw.startsWith("HTTP/1.1 413 "), raw);
    assertTrue(raw.contains("\"code\":\"payload_too_large\""), raw);
    assertFalse(INTERNALS.matcher(raw).find(), raw);
  }

  static Stream<String> postPaths() {
    return POST_PATHS.stream();
  }

  static Stream<String> pathTricks() {
    return Stream.of("/chat/../health", "/chat/./batch", "//chat", "/CHAT", "/chat/batch/extra", "/chat;jsessionid=1",
        "/chat%00", "/chat%2fbatch", "/%2e%2e/chat", "/chat\\..\\health", "/" + "a".repeat(6000), "/etc/passwd",
        "/.well-known/../../chat", "/chat?query=%ff%fe", "/docs/../../../etc/passwd", "/docs/swagger-ui.css/..%2f..%2f");
  }

  /**
   * Path tricks never get past a 4xx (the body {@code {}} is invalid for every POST endpoint, so
   * a trick that Jetty resolves to a real endpoint still ends in a 4xx). Jetty, inside the invoker,
   * canonicalises dot segments and path parameters and refuses some ambiguous targets with a bare
   * 400 before any function code runs; when our code answers, the body is the contract's error.
   */
  @ParameterizedTest
  @MethodSource("pathTricks")
  void pathTricksGetA4xxWithoutInternals(String target) throws Exception {
    String raw = gateway.raw("POST", target, "Content-Type: application/json\r\n", utf8("{}"));
    Matcher statusLine = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(raw);
    assertTrue(statusLine.find(), raw);
    int status = Integer.parseInt(statusLine.group(1));
    assertTrue(status >= 400 && status < 500, raw);
    assertFalse(INTERNALS.matcher(raw).find(), raw);
    String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
    if (!body.isBlank()) {
      assertTrue(body.contains("\"error\":{\"code\":\""), raw);
    }
  }

  private static void assertContractError(String body, String code) {
    assertFalse(INTERNALS.matcher(body).find(), body);
    JsonObject error = JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("error");
    assertEquals(code, error.get("code").getAsString());
    assertFalse(error.get("message").getAsString().isBlank());
    assertFalse(error.get("request_id").getAsString().isBlank());
  }

  private static Case json(String path, String name, String body, int status, String code) {
    return new Case(name, "POST", path, "application/json", utf8(body), status, code);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(String head, byte[] middle, String tail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8(head));
    out.writeBytes(middle);
    out.writeBytes(utf8(tail));
    return out.toByteArray();
  }
}
