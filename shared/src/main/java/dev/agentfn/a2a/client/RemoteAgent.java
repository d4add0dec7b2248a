package dev.agentfn.a2a.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentfn.a2a.Hops;
import dev.agentfn.a2a.TaskState;
import dev.agentfn.tool.ToolContext;
import dev.agentfn.tool.ToolOutcome;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * One configured remote agent: its card, cached for {@link #CARD_TTL} and fetched again after a
 * call failed in a way that suggests the card is out of date (refreshed in the background while
 * the old card serves, retried no sooner than {@link #CARD_RETRY} after a failed fetch); and a call:
 * a message (streamed when the card says it streams, else sent to return at once and then polled
 * with {@code GetTask}) until the task ends, cancelled with {@code CancelTask} when the subtask's
 * time is up. Thread-safe.
 */
final class RemoteAgent {
  private static final System.Logger LOG = System.getLogger(RemoteAgent.class.getName());
  static final Duration CARD_TTL = Duration.ofMinutes(5);
  static final Duration CARD_RETRY = Duration.ofSeconds(30);
  static final Duration CARD_TIMEOUT = Duration.ofSeconds(5);
  static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(5);
  /** The longest result a remote agent's answer gives a subtask. */
  static final int MAX_RESULT_CHARS = 16_000;
  /** How long before the subtask's deadline a call gives up, so that its own report (and cancellation) comes first. */
  static final Duration MARGIN = Duration.ofMillis(200);
  private static final long FIRST_POLL_MS = 100;
  private static final long MAX_POLL_MS = 2_000;

  /** The card as last fetched (null before the first success) and what is known about its freshness. */
  private record Cached(AgentCard card, Instant fetchedAt, Instant failedAt, boolean suspect) {}

  private final String baseUrl;
  private final Map<String, String> auth;
  private final GoogleIdTokens idTokens;
  private final A2aHttp http;
  private final Clock clock;
  private final Executor background;
  private volatile Cached cached = new Cached(null, null, null, false);
  private CompletableFuture<Void> fetching = CompletableFuture.completedFuture(null);

  /**
   * @param auth the configured header for this agent (empty when none)
   * @param idTokens where its Google ID tokens come from, or null when it takes none
   * @param background runs card fetches and cancellations
   */
  RemoteAgent(String baseUrl, Map<String, String> auth, GoogleIdTokens idTokens, A2aHttp http, Clock clock,
      Executor background) {
    this.baseUrl = baseUrl;
    this.auth = Map.copyOf(auth);
    this.idTokens = idTokens;
    this.http = http;
    this.clock = clock;
    this.background = background;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** The card to use now: null until one was fetched. */
  AgentCard card() {
    return cached.card();
  }

  /**
   * Starts fetching the card when that is due (never fetched, expired or suspect, and not within
   * {@link #CARD_RETRY} of a failed fetch); the future ends with the fetch under way, if any.
   */
  synchronized CompletableFuture<Void> refreshIfDue() {
    Cached now = cached;
    Instant at = clock.instant();
    boolean due = now.card() == null || now.suspect() || !at.isBefore(now.fetchedAt().plus(CARD_TTL));
    boolean resting = now.failedAt() != null && at.isBefore(now.failedAt().plus(CARD_RETRY));
    if (due && !resting && fetching.isDone()) {
      fetching = CompletableFuture.runAsync(this::fetchCard, background);
    }
    return fetching;
  }

  private void fetchCard() {
    JsonObject[] body = new JsonObject[1];
    try {
      URI base = URI.create(baseUrl + "/");
      http.exchange(URI.create(baseUrl + "/.well-known/agent-card.json"), null, headers("application/json"),
          clock.instant().plus(CARD_TIMEOUT), message -> {
            body[0] = message;
            return true;
          });
      if (body[0] == null) {
        throw new RemoteException("answered no agent card", true);
      }
      AgentCard card = AgentCard.parse(body[0], base);
      cached = new Cached(card, clock.instant(), null, false);
    } catch (RemoteException | TimeoutException e) {
      Cached before = cached;
      cached = new Cached(before.card(), before.fetchedAt(), clock.instant(), before.suspect());
      LOG.log(Level.WARNING, "the agent card of " + baseUrl + " could not be fetched: "
          + (e instanceof TimeoutException ? "timed out" : e.getMessage()) + "; retrying in " + CARD_RETRY.toSeconds()
          + " s" + (before.card() == null ? "" : " (the last card stays in use)"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The card may be out of date: fetch it again before the next call. */
  private void suspect() {
    Cached before = cached;
    cached = new Cached(before.card(), before.fetchedAt(), null, true);
  }

  /** Sends {@code text} to the agent as the plan step {@code tool} and waits for its answer until the context's deadline. */
  ToolOutcome call(String tool, String text, ToolContext context) {
    int hops = context.task().hops() + 1;
    if (hops > Hops.MAX) {
      return ToolOutcome.failure("not calling " + tool + ": this task already runs " + context.task().hops()
          + " agents deep, the hop limit (" + Hops.MAX + "); agents may be calling each other in a loop");
    }
    AgentCard card = cached.card();
    if (card == null) {
      return ToolOutcome.failure(tool + " is unavailable: its agent card could not be fetched from " + baseUrl);
    }
    Conversation conversation = context.task().shared(baseUrl, Conversation.class, Conversation::new);
    boolean first = conversation.claim();
    RemoteTask task = new RemoteTask();
    Instant deadline = context.deadline().minus(MARGIN).isAfter(clock.instant()) ? context.deadline().minus(MARGIN)
        : context.deadline();
    try {
      String contextId = first ? null : conversation.await(Duration.between(clock.instant(), deadline));
      Map<String, String> headers = headers(card.streaming() ? "text/event-stream" : "application/json");
      headers.put("Content-Type", "application/json");
      headers.put("A2A-Version", card.protocol().version);
      headers.put(Hops.HEADER, Integer.toString(hops));
      String method = card.streaming() ? card.protocol().stream : card.protocol().send;
      exchange(card, Protocol.request(method, card.protocol().sendParams(text, contextId, card.streaming())), headers,
          deadline, task, first ? conversation : null);
      for (long pause = FIRST_POLL_MS; !task.finished(); pause = Math.min(pause * 2, MAX_POLL_MS)) {
        if (task.id() == null) {
          throw new RemoteException("ended its answer without a task or a reply", true);
        }
        long left = Duration.between(clock.instant(), deadline).toMillis();
        Thread.sleep(Math.max(0, Math.min(pause, left)));
        if (pause >= left) {
          throw new TimeoutException();
        }
        JsonObject params = new JsonObject();
        params.addProperty("id", task.id());
        params.addProperty("historyLength", 0);
        exchange(card, Protocol.request(card.protocol().get, params), headers, deadline, task, null);
      }
      return outcome(tool, card, task);
    } catch (TimeoutException e) {
      return ToolOutcome.failure(tool + " did not finish in time" + cancel(card, task, "the subtask timed out"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolOutcome.failure(tool + " was stopped" + cancel(card, task, "the subtask was stopped"));
    } catch (RemoteException e) {
      if (e.cardSuspect()) {
        suspect();
      }
      return ToolOutcome.failure(tool + " (" + baseUrl + ") " + e.getMessage()
          + (task.id() != null && !task.finished() ? cancel(card, task, "the call failed") : ""));
    } finally {
      if (first) {
        conversation.named(task.contextId());
      }
    }
  }

  /** One JSON-RPC exchange whose answers (one, or a stream) update {@code task}; names the conversation when it can. */
  private void exchange(AgentCard card, String request, Map<String, String> headers, Instant deadline, RemoteTask task,
      Conversation conversation) throws TimeoutException, InterruptedException {
    http.exchange(card.rpcUrl(), request, headers, deadline, response -> {
      JsonElement error = response.get("error");
      if (error != null && !error.isJsonNull()) {
        JsonObject details = A2aHttp.object(error, "error");
        String message = A2aHttp.string(details, "message");
        String code = A2aHttp.string(details, "code");
        throw new RemoteException("refused the request: " + A2aHttp.clean(message == null ? "" : message, 300)
            + " (JSON-RPC error " + code + ")", "-32601".equals(code) || "-32009".equals(code));
      }
      boolean finished = task.apply(card.protocol().streamResponse(A2aHttp.object(response.get("result"), "result")));
      if (conversation != null && task.contextId() != null) {
        conversation.named(task.contextId());
      }
      return finished;
    });
  }

  private ToolOutcome outcome(String tool, AgentCard card, RemoteTask task) {
    String output = A2aHttp.clean(task.output(), MAX_RESULT_CHARS);
    TaskState state = task.state();
    if (state == null || state == TaskState.COMPLETED) {
      return ToolOutcome.success(output.isBlank() ? "(" + tool + " answered without text)" : output);
    }
    String said = A2aHttp.clean(task.statusText(), 500);
    String reason = said.isBlank() ? "" : ": " + said;
    return switch (state) {
      case CANCELED -> ToolOutcome.failure(tool + " canceled the task" + reason);
      case INPUT_REQUIRED, AUTH_REQUIRED -> ToolOutcome.failure(tool + " asks for "
          + (state == TaskState.AUTH_REQUIRED ? "authorisation" : "more input") + ", which a plan step cannot give"
          + reason + cancel(card, task, "it waited for input"));
      default -> {
        String detail = output.isBlank() || task.output().equals(task.statusText()) ? ""
            : " — " + A2aHttp.clean(task.output(), 1_000);
        yield ToolOutcome.failure(tool + " reports the task " + state.name().toLowerCase(Locale.ROOT) + reason + detail);
      }
    };
  }

  /** Asks the agent, in the background, to cancel {@code task}; what the failure message says about it. */
  private String cancel(AgentCard card, RemoteTask task, String why) {
    String id = task.id();
    if (id == null) {
      return "";
    }
    JsonObject params = new JsonObject();
    params.addProperty("id", id);
    String request = Protocol.request(card.protocol().cancel, params);
    background.execute(() -> {
      try {
        Map<String, String> headers = headers("application/json");
        headers.put("Content-Type", "application/json");
        headers.put("A2A-Version", card.protocol().version);
        http.exchange(card.rpcUrl(), request, headers, clock.instant().plus(CANCEL_TIMEOUT), response -> true);
        LOG.log(Level.INFO, "asked " + baseUrl + " to cancel task " + id + " (" + why + ")");
      } catch (RemoteException | TimeoutException e) {
        LOG.log(Level.WARNING, "cancelling task " + id + " at " + baseUrl + " failed: "
            + (e instanceof TimeoutException ? "timed out" : e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return "; asked it to cancel its task " + A2aHttp.clean(id, 128);
  }

  /** The headers of every request to the agent: the configured one or an ID token, and {@code Accept}. */
  private Map<String, String> headers(String accept) throws InterruptedException {
    Map<String, String> headers = new LinkedHashMap<>(auth);
    if (idTokens != null) {
      headers.put("Authorization", "Bearer " + idTokens.token(baseUrl));
    }
    headers.put("Accept", accept);
    return headers;
  }
}
