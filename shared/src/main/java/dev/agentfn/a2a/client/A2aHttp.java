package dev.agentfn.a2a.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * HTTP for the A2A client over the JDK's {@link HttpClient}: every answer read as JSON messages
 * (one JSON body, or one per Server-Sent Event), at most {@link #MAX_RESPONSE_CHARS} of it, by a
 * deadline; redirects followed only within the same origin (scheme, host and port), at most
 * {@link #MAX_REDIRECTS}. Thread-safe.
 */
final class A2aHttp {
  /** The most an answer (a card, a JSON-RPC reply, a whole event stream) may hold. */
  static final int MAX_RESPONSE_CHARS = 1_048_576;
  static final int MAX_REDIRECTS = 3;

  private final HttpClient http;
  private final Clock clock;

  A2aHttp(HttpClient http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  /** A client that never follows redirects itself (this class does, within the origin). */
  static HttpClient defaultClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * Sends a request ({@code body} null for GET) and feeds each JSON message of the answer to
   * {@code onMessage} until the answer ends or {@code onMessage} returns true (enough; the rest is
   * not read). Throws {@link TimeoutException} at {@code deadline} (the exchange is then abandoned),
   * {@link RemoteException} when the agent cannot be reached or answers badly, or what
   * {@code onMessage} throws.
   */
  void exchange(URI uri, String body, Map<String, String> headers, Instant deadline, Predicate<JsonObject> onMessage)
      throws TimeoutException, InterruptedException {
    URI target = uri;
    for (int redirects = 0; ; redirects++) {
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new TimeoutException();
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(left);
      headers.forEach(request::header);
      request.method(body == null ? "GET" : "POST", body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      Reader reader = new Reader(onMessage);
      CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request.build(), info -> {
        if (info.statusCode() != 200) {
          return HttpResponse.BodySubscribers.discarding();
        }
        reader.sse = info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT)
            .startsWith("text/event-stream");
        return HttpResponse.BodySubscribers.fromLineSubscriber(reader, s -> null, StandardCharsets.UTF_8, null);
      });
      URI from = target;
      response.whenComplete((answer, error) -> reader.ended(answer, error, from));
      try {
        URI next = reader.done.get(Math.max(1, Duration.between(clock.instant(), deadline).toMillis()),
            TimeUnit.MILLISECONDS);
        if (next == null) {
          return;
        }
        if (redirects == MAX_REDIRECTS) {
          throw new RemoteException("redirected more than " + MAX_REDIRECTS + " times", true);
        }
        target = next;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RemoteException remote) {
          throw remote;
        }
        throw new RemoteException("failed: " + e.getCause(), true);
      } catch (TimeoutException | InterruptedException e) {
        reader.cancel();
        response.cancel(true);
        throw e;
      }
    }
  }

  /** Reads an answer line by line; completes {@link #done} with null, or with the URI to follow. */
  private static final class Reader implements Flow.Subscriber<String> {
    private final Predicate<JsonObject> onMessage;
    private final CompletableFuture<URI> done = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private volatile boolean sse;
    private volatile Flow.Subscription subscription;
    private long chars;

    Reader(Predicate<JsonObject> onMessage) {
      this.onMessage = onMessage;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (done.isDone()) {
        return;
      }
      chars += line.length() + 1;
      if (chars > MAX_RESPONSE_CHARS) {
        fail(new RemoteException("answered more than " + MAX_RESPONSE_CHARS + " characters", false));
        return;
      }
      if (!sse) {
        text.append(line).append('\n');
      } else if (line.isEmpty()) {
        dispatch();
      } else if (line.startsWith("data:")) {
        text.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5)).append('\n');
      }
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      dispatch();
      done.complete(null);
    }

    /** Hands the collected JSON message (the body, or one event's data) to the callback. */
    private void dispatch() {
      if (done.isDone() || text.toString().isBlank()) {
        text.setLength(0);
        return;
      }
      JsonObject message;
      try {
        JsonElement parsed = JsonParser.parseString(text.toString());
        if (!parsed.isJsonObject()) {
          throw new IllegalStateException("not an object");
        }
        message = parsed.getAsJsonObject();
      } catch (RuntimeException e) {
        fail(new RemoteException("answered something other than JSON", true));
        return;
      } finally {
        text.setLength(0);
      }
      try {
        if (onMessage.test(message)) {
          cancel();
          done.complete(null);
        }
      } catch (RemoteException e) {
        fail(e);
      } catch (RuntimeException e) {
        fail(new RemoteException("answered JSON that is not A2A: " + e.getMessage(), true));
      }
    }

    private void fail(RemoteException error) {
      cancel();
      done.completeExceptionally(error);
    }

    void cancel() {
      Flow.Subscription current = subscription;
      if (current != null) {
        current.cancel();
      }
    }

    /** The exchange ended: an error, a status other than 200 (a redirect to follow?), or the body's end. */
    void ended(HttpResponse<Void> answer, Throwable error, URI target) {
      if (done.isDone()) {
        return;
      }
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        done.completeExceptionally(transportError(cause));
        return;
      }
      int status = answer.statusCode();
      if (status == 200) {
        done.complete(null);
        return;
      }
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        String location = answer.headers().firstValue("Location").orElse("");
        URI next;
        try {
          next = target.resolve(location);
        } catch (IllegalArgumentException e) {
          next = null;
        }
        if (next == null || location.isEmpty() || !sameOrigin(target, next)) {
          done.completeExceptionally(new RemoteException("redirected to another host; not followed", true));
        } else {
          done.complete(next);
        }
        return;
      }
      done.completeExceptionally(new RemoteException(status == 401 || status == 403
          ? "refused our credentials (HTTP " + status + ")" : "answered HTTP " + status, status == 404));
    }
  }

  private static RemoteException transportError(Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException) {
      return new RemoteException("unreachable (connect timed out)", true);
    }
    if (cause instanceof HttpTimeoutException) {
      return new RemoteException("did not answer in time", false);
    }
    if (cause instanceof ConnectException) {
      return new RemoteException("unreachable (connection refused)", true);
    }
    if (cause instanceof RemoteException remote) {
      return remote;
    }
    return new RemoteException("unreachable (" + (cause instanceof IOException ? "I/O error" : cause.getClass()
        .getSimpleName()) + ")", true);
  }

  /** Whether two URIs share scheme, host and port (the default port of the scheme when absent). */
  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b) && b.getRawUserInfo() == null;
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** {@code text} clipped to {@code max} characters, control characters (other than new lines and tabs) removed. */
  static String clean(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
    text.codePoints().filter(c -> c >= 0x20 && c != 0x7F || c == '\n' || c == '\t').forEach(out::appendCodePoint);
    return out.length() > max ? out.substring(0, max) + "… (truncated)" : out.toString();
  }

  static JsonObject object(JsonElement element, String what) {
    if (element == null || !element.isJsonObject()) {
      throw new IllegalStateException(what + " is not an object");
    }
    return element.getAsJsonObject();
  }

  static String string(JsonObject object, String name) {
    JsonElement value = Objects.requireNonNull(object, "object").get(name);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }
}
