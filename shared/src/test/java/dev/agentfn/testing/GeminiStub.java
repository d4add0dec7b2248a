package dev.agentfn.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Gemini-protocol stub server for tests (JDK {@code HttpServer} on 127.0.0.1, a free port),
 * scripted per test and recording every request. Point the real google-genai SDK at
 * {@link #baseUrl()} (e.g. {@code GEMINI_BASE_URL}).
 *
 * <p>Usage:
 * <pre>{@code
 * try (GeminiStub stub = GeminiStub.start()) {
 *   stub.enqueue(GeminiStub.status(503), GeminiStub.text("hi"));          // any model, in order
 *   stub.enqueue("gemini-3.5-flash", GeminiStub.rateLimited("2s"));       // only this model
 *   ... call the code under test with GEMINI_BASE_URL=stub.baseUrl() ...
 *   assertEquals(2, stub.generateCalls());
 *   stub.requests().get(0).body();                                      // the JSON the SDK sent
 * }
 * }</pre>
 *
 * <p>Each {@code generateContent} / {@code streamGenerateContent} request takes the next reply queued
 * for its model, else the next reply queued for any model, else the {@link #otherwise} reply
 * (default {@code text("stub answer")}). A text reply is served as one JSON object on
 * {@code :generateContent} and as one SSE event per chunk on {@code :streamGenerateContent?alt=sse}
 * (the last event carries the finish reason, usage and grounding), so the streamed and
 * non-streamed answers of one script are the same text. {@code GET /v1/models/{m}} (models.get)
 * answers model metadata unless {@link #onGet} scripts otherwise. Thread-safe.
 */
public final class GeminiStub implements AutoCloseable {
  private static final Pattern MODEL_PATH = Pattern.compile("/models/([^/:]+)(?::(\\w+))?$");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "gemini-stub");
    thread.setDaemon(true);
    return thread;
  });
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Deque<Reply> anyModel = new ArrayDeque<>();
  private final Map<String, Deque<Reply>> byModel = new HashMap<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final List<Map.Entry<String, Reply>> rules = new CopyOnWriteArrayList<>();
  private volatile Reply otherwise = text("stub answer");
  private volatile Reply onGet;
  private volatile long latencyMs;

  private GeminiStub(HttpServer server) {
    this.server = server;
  }

  /** Starts a stub on a free loopback port. Close it (try-with-resources) to stop it. */
  public static GeminiStub start() throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    GeminiStub stub = new GeminiStub(server);
    server.createContext("/", stub::handle);
    server.setExecutor(stub.executor);
    server.start();
    return stub;
  }

  /** The base URL to give the SDK, e.g. {@code http://127.0.0.1:PORT} (no trailing slash). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues replies for the next generate calls of any model, in order. */
  public synchronized GeminiStub enqueue(Reply... replies) {
    anyModel.addAll(List.of(replies));
    return this;
  }

  /** Queues replies for the next generate calls of {@code model} only (checked before the shared queue). */
  public synchronized GeminiStub enqueue(String model, Reply... replies) {
    byModel.computeIfAbsent(model, k -> new ArrayDeque<>()).addAll(List.of(replies));
    return this;
  }

  /**
   * Answers every generate request whose body contains {@code marker} (e.g. a word of the prompt)
   * with {@code reply}, before any queue; rules are tried in the order they were added (benchmarks
   * that mix traffic).
   */
  public GeminiStub when(String marker, Reply reply) {
    rules.add(Map.entry(Objects.requireNonNull(marker, "marker"), Objects.requireNonNull(reply, "reply")));
    return this;
  }

  /** The reply to every generate call nothing is queued for (e.g. {@code status(503)} for a dead upstream). */
  public GeminiStub otherwise(Reply reply) {
    this.otherwise = Objects.requireNonNull(reply, "reply");
    return this;
  }

  /**
   * Delays every generate reply by {@code millis} (0 = none), each call on its own thread, so that
   * concurrent calls overlap as on the real service (benchmarks).
   */
  public GeminiStub latency(long millis) {
    this.latencyMs = millis;
    return this;
  }

  /** The reply to {@code GET} requests (models.get); null restores the default model metadata. */
  public GeminiStub onGet(Reply reply) {
    this.onGet = reply;
    return this;
  }

  /** Every request received so far, in arrival order. */
  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** Number of generateContent and streamGenerateContent requests received. */
  public int generateCalls() {
    return (int) requests.stream().filter(Recorded::isGenerate).count();
  }

  /** Number of generate requests received for {@code model}. */
  public int generateCalls(String model) {
    return (int) requests.stream().filter(r -> r.isGenerate() && model.equals(r.model())).count();
  }

  /** Forgets recorded requests, queued replies and rules (the {@code otherwise} reply stays). */
  public synchronized void reset() {
    requests.clear();
    rules.clear();
    anyModel.clear();
    byModel.clear();
  }

  /** Stops the server; requests hanging in {@link #hang()} are released and dropped. */
  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- replies ----

  /** A scripted answer to one request. Build with the static factories of {@link GeminiStub}. */
  public static final class Reply {
    final int status;
    final String rawBody;
    final List<String> chunks;
    final String finishReason;
    final String blockReason;
    final int inputTokens;
    final int outputTokens;
    final int thoughtTokens;
    final List<String> sources;
    final boolean hang;
    final long paceMs;

    private Reply(int status, String rawBody, List<String> chunks, String finishReason, String blockReason,
        int inputTokens, int outputTokens, int thoughtTokens, List<String> sources, boolean hang) {
      this(status, rawBody, chunks, finishReason, blockReason, inputTokens, outputTokens, thoughtTokens, sources,
          hang, 0);
    }

    private Reply(int status, String rawBody, List<String> chunks, String finishReason, String blockReason,
        int inputTokens, int outputTokens, int thoughtTokens, List<String> sources, boolean hang, long paceMs) {
      this.status = status;
      this.rawBody = rawBody;
      this.chunks = chunks;
      this.finishReason = finishReason;
      this.blockReason = blockReason;
      this.inputTokens = inputTokens;
      this.outputTokens = outputTokens;
      this.thoughtTokens = thoughtTokens;
      this.sources = sources;
      this.hang = hang;
      this.paceMs = paceMs;
    }

    /**
     * The same answer written slowly: each chunk {@code millis} after the previous one when streamed
     * (the first one at once), the whole answer after all of them otherwise.
     */
    public Reply paced(long millis) {
      return new Reply(status, rawBody, chunks, finishReason, blockReason, inputTokens, outputTokens, thoughtTokens,
          sources, hang, millis);
    }

    /** The same answer with this usage (prompt, candidates and thoughts token counts). */
    public Reply usage(int input, int output, int thoughts) {
      return new Reply(status, rawBody, chunks, finishReason, blockReason, input, output, thoughts, sources, hang);
    }

    /** The same answer with this finish reason (e.g. {@code SAFETY}, {@code MAX_TOKENS}). */
    public Reply finishReason(String reason) {
      return new Reply(status, rawBody, chunks, reason, blockReason, inputTokens, outputTokens, thoughtTokens,
          sources, hang);
    }

    /** The same answer grounded by Google Search on these source URIs. */
    public Reply grounded(String... uris) {
      return new Reply(status, rawBody, chunks, finishReason, blockReason, inputTokens, outputTokens,
          thoughtTokens, List.of(uris), hang);
    }
  }

  /** A 200 answer with {@code text}, finish STOP, usage 5 in / 2 out. */
  public static Reply text(String text) {
    return chunks(text);
  }

  /** A 200 answer in these chunks: one SSE event each when streamed, their concatenation otherwise. */
  public static Reply chunks(String... chunks) {
    return new Reply(200, null, List.of(chunks), "STOP", null, 5, 2, 0, List.of(), false);
  }

  /** A 200 answer whose prompt was blocked ({@code promptFeedback.blockReason}, no candidates). */
  public static Reply blocked(String blockReason) {
    return new Reply(200, null, List.of(), null, blockReason, 5, 0, 0, List.of(), false);
  }

  /** An error status with the API's error JSON ({@code {"error":{"code","message","status"}}}). */
  public static Reply status(int code) {
    return raw(code, errorJson(code, statusName(code), "stub failure " + code, null));
  }

  /** A 429 RESOURCE_EXHAUSTED carrying {@code RetryInfo.retryDelay} (e.g. {@code "2s"}; null for none). */
  public static Reply rateLimited(String retryDelay) {
    JsonArray details = new JsonArray();
    if (retryDelay != null) {
      JsonObject info = new JsonObject();
      info.addProperty("@type", "type.googleapis.com/google.rpc.RetryInfo");
      info.addProperty("retryDelay", retryDelay);
      details.add(info);
    }
    return raw(429, errorJson(429, "RESOURCE_EXHAUSTED", "stub quota exceeded", details));
  }

  /** A 429 for a per-day quota ({@code QuotaFailure} with a {@code PerDay} quota id): not worth retrying. */
  public static Reply dailyQuotaExhausted() {
    JsonArray details = new JsonArray();
    JsonObject failure = new JsonObject();
    failure.addProperty("@type", "type.googleapis.com/google.rpc.QuotaFailure");
    JsonArray violations = new JsonArray();
    JsonObject violation = new JsonObject();
    violation.addProperty("quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests");
    violation.addProperty("quotaId", "GenerateRequestsPerDayPerProjectPerModel-FreeTier");
    violations.add(violation);
    failure.add("violations", violations);
    details.add(failure);
    return raw(429, errorJson(429, "RESOURCE_EXHAUSTED", "stub daily quota exceeded", details));
  }

  /** A 200 whose body is not valid JSON. */
  public static Reply malformed() {
    return raw(200, "{\"candidates\": [ this is not json");
  }

  /** Any status with this exact body (JSON content type). */
  public static Reply raw(int status, String body) {
    return new Reply(status, body, List.of(), null, null, 0, 0, 0, List.of(), false);
  }

  /** Never answers (until the stub is closed): for timeouts and deadlines. */
  public static Reply hang() {
    return new Reply(0, null, List.of(), null, null, 0, 0, 0, List.of(), true);
  }

  // ---- recorded requests ----

  /**
   * One request as received.
   *
   * @param method HTTP method
   * @param path the path without the query, e.g. {@code /v1/models/gemini-3.5-flash:generateContent}
   * @param query the raw query string or null (e.g. {@code alt=sse})
   * @param apiKey the {@code x-goog-api-key} header or null
   * @param body the request body (JSON text, empty for GET)
   */
  public record Recorded(String method, String path, String query, String apiKey, String body) {
    /** The model named in the path, or null. */
    public String model() {
      Matcher m = MODEL_PATH.matcher(path);
      return m.find() ? m.group(1) : null;
    }

    /** True for generateContent and streamGenerateContent. */
    public boolean isGenerate() {
      return path.endsWith(":generateContent") || path.endsWith(":streamGenerateContent");
    }

    public boolean isStream() {
      return path.endsWith(":streamGenerateContent");
    }
  }

  // ---- serving ----

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("x-goog-api-key"), body);
      requests.add(request);
      if (request.isGenerate()) {
        pause(latencyMs);
        serve(exchange, next(request), request.isStream());
      } else if ("GET".equals(request.method()) && request.model() != null) {
        Reply get = onGet;
        if (get == null) {
          JsonObject model = new JsonObject();
          model.addProperty("name", "models/" + request.model());
          model.addProperty("displayName", request.model());
          get = raw(200, model.toString());
        }
        serve(exchange, get, false);
      } else {
        send(exchange, 404, errorJson(404, "NOT_FOUND", "stub: no such path", null));
      }
    }
  }

  private void pause(long millis) {
    if (millis > 0) {
      try {
        closed.await(millis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized Reply next(Recorded request) {
    for (Map.Entry<String, Reply> rule : rules) {
      if (request.body().contains(rule.getKey())) {
        return rule.getValue();
      }
    }
    Deque<Reply> own = byModel.get(request.model());
    if (own != null && !own.isEmpty()) {
      return own.poll();
    }
    Reply shared = anyModel.poll();
    return shared != null ? shared : otherwise;
  }

  private void serve(HttpExchange exchange, Reply reply, boolean stream) throws IOException {
    if (reply.hang) {
      try {
        closed.await(10, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    if (reply.rawBody != null) {
      send(exchange, reply.status, reply.rawBody);
      return;
    }
    if (!stream) {
      pause(reply.paceMs * Math.max(0, reply.chunks.size() - 1));
      send(exchange, 200, response(reply, String.join("", reply.chunks), true).toString());
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    List<String> parts = reply.chunks.isEmpty() ? List.of("") : reply.chunks;
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        pause(reply.paceMs);
      }
      JsonObject event = response(reply, parts.get(i), i == parts.size() - 1);
      out.write(("data: " + event + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static JsonObject response(Reply reply, String text, boolean last) {
    JsonObject response = new JsonObject();
    if (reply.blockReason != null) {
      JsonObject feedback = new JsonObject();
      feedback.addProperty("blockReason", reply.blockReason);
      response.add("promptFeedback", feedback);
    } else {
      JsonObject candidate = new JsonObject();
      JsonObject content = new JsonObject();
      content.addProperty("role", "model");
      JsonArray parts = new JsonArray();
      if (!text.isEmpty()) {
        JsonObject part = new JsonObject();
        part.addProperty("text", text);
        parts.add(part);
      }
      content.add("parts", parts);
      candidate.add("content", content);
      if (last) {
        candidate.addProperty("finishReason", reply.finishReason);
        if (!reply.sources.isEmpty()) {
          candidate.add("groundingMetadata", grounding(reply.sources));
        }
      }
      JsonArray candidates = new JsonArray();
      candidates.add(candidate);
      response.add("candidates", candidates);
    }
    if (last) {
      JsonObject usage = new JsonObject();
      usage.addProperty("promptTokenCount", reply.inputTokens);
      usage.addProperty("candidatesTokenCount", reply.outputTokens);
      if (reply.thoughtTokens > 0) {
        usage.addProperty("thoughtsTokenCount", reply.thoughtTokens);
      }
      usage.addProperty("totalTokenCount", reply.inputTokens + reply.outputTokens + reply.thoughtTokens);
      response.add("usageMetadata", usage);
    }
    response.addProperty("modelVersion", "stub");
    return response;
  }

  private static JsonObject grounding(List<String> uris) {
    JsonArray chunks = new JsonArray();
    for (String uri : uris) {
      JsonObject web = new JsonObject();
      web.addProperty("uri", uri);
      web.addProperty("title", uri);
      JsonObject chunk = new JsonObject();
      chunk.add("web", web);
      chunks.add(chunk);
    }
    JsonObject metadata = new JsonObject();
    metadata.add("groundingChunks", chunks);
    return metadata;
  }

  private static String errorJson(int code, String status, String message, JsonArray details) {
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    error.addProperty("message", message);
    error.addProperty("status", status);
    if (details != null) {
      error.add("details", details);
    }
    JsonObject outer = new JsonObject();
    outer.add("error", error);
    return outer.toString();
  }

  private static String statusName(int code) {
    return switch (code) {
      case 400 -> "INVALID_ARGUMENT";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 500 -> "INTERNAL";
      case 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> "UNKNOWN";
    };
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
