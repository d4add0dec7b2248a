package dev.agentfn.api;

import dev.agentfn.model.Usage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one request did, noted by whoever does it, for the request's log line: the route, the model
 * and cache level of its answers, the tokens they used, and the prompt (only its length and hash
 * are logged unless prompts are to be logged), and the end user a caller names (only hashed).
 * Thread-safe: a batch notes from many threads.
 */
public final class CallNotes {
  private final AtomicReference<String> route = new AtomicReference<>();
  private final AtomicReference<String> caller = new AtomicReference<>();
  private final AtomicReference<String> model = new AtomicReference<>();
  private final AtomicReference<String> cacheLevel = new AtomicReference<>();
  private final AtomicReference<String> prompt = new AtomicReference<>();
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
    cacheLevel.set(level == null ? "miss" : level);
    inputTokens.add(usage.inputTokens());
    outputTokens.add(usage.outputTokens());
    answers.increment();
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

  /** {@code l1}, {@code l2}, {@code miss}, or null when no answer was noted. */
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
