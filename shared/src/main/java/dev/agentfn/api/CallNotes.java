package dev.agentfn.api;

import dev.agentfn.model.Usage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one request did, noted by whoever does it, for the request's log line: the route, the model
 * and cache level of its answers (the last one's; {@code mixed} when a batch's differ), the tokens
 * they used, the prompt (only its length and hash are logged unless prompts are to be logged), the
 * end user a caller names (only hashed), and for a streamed response the error it ended with.
 * Thread-safe: a batch notes from many threads.
 */
public final class CallNotes {
  private final AtomicReference<String> route = new AtomicReference<>();
  private final AtomicReference<String> caller = new AtomicReference<>();
  private final AtomicReference<String> model = new AtomicReference<>();
  private final AtomicReference<String> cacheLevel = new AtomicReference<>();
  private final AtomicReference<String> prompt = new AtomicReference<>();
  private final AtomicReference<ApiException> streamError = new AtomicReference<>();
  private volatile boolean streamed;
  private final AtomicReference<String> endUser = new AtomicReference<>();
  private final LongAdder inputTokens = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();
  private final LongAdder answers = new LongAdder();

  /** The endpoint path the request was routed to. */
  public void route(String path) {
    route.set(path);
  }

  /** One answer: its model, cache level ({@code l1}, {@code l2} or null) and usage. */
  public void answer(String modelUsed, String level, Usage usage) {
    model.set(modelUsed);
    String wire = level == null ? "miss" : level;
    cacheLevel.accumulateAndGet(wire, (previous, next) -> previous == null || previous.equals(next) ? next : "mixed");
    inputTokens.add(usage.inputTokens());
    outputTokens.add(usage.outputTokens());
    answers.increment();
  }

  /** The response is streamed: its status is known only when the stream ends. */
  public void markStreamed() {
    streamed = true;
  }

  public boolean streamed() {
    return streamed;
  }

  /** A streamed response ended with this error (sent as an error event after the status line). */
  public void streamFailed(ApiException error) {
    streamError.compareAndSet(null, error);
  }

  /** The status a streamed response ended with: its error's, else {@code sent}. */
  public int finalStatus(int sent) {
    ApiException error = streamError.get();
    return error == null ? sent : error.code().status();
  }

  /** The code of the error a streamed response ended with, or null. */
  public String errorCode() {
    ApiException error = streamError.get();
    return error == null ? null : error.code().wireName();
  }

  /** The caller's prompt (the first one noted is kept). */
  public void prompt(String text) {
    prompt.compareAndSet(null, text);
  }

  /**
   * The end user the caller says it acts for (OpenAI's {@code user} field); logged only as a
   * fingerprint, since it may be an e-mail address or another personal identifier.
   */
  public void endUser(String id) {
    endUser.set(id);
  }

  public String endUser() {
    return endUser.get();
  }

  /** The admitted caller's id (a key hash or a client address, never a key). */
  public void caller(String callerId) {
    caller.set(callerId);
  }

  public String caller() {
    return caller.get();
  }

  public String route() {
    return route.get();
  }

  /** The model of the last answer, or null. */
  public String model() {
    return model.get();
  }

  /** {@code l1}, {@code l2}, {@code miss}, {@code mixed} (answers from several), or null when no answer was noted. */
  public String cacheLevel() {
    return cacheLevel.get();
  }

  public String prompt() {
    return prompt.get();
  }

  public long inputTokens() {
    return inputTokens.sum();
  }

  public long outputTokens() {
    return outputTokens.sum();
  }

  public long answers() {
    return answers.sum();
  }
}
