package dev.agentfn.testing;

import dev.agentfn.model.IncompleteAnswerException;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.Usage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A fake model for tests: answers from a script (queued replies or exceptions, then a fallback
 * function) and records every request it receives. Thread-safe.
 */
public final class ScriptedModelClient implements ModelClient {
  private final Deque<Object> script = new ArrayDeque<>();
  private final List<ModelRequest> requests = new CopyOnWriteArrayList<>();
  private volatile Function<ModelRequest, ModelReply> fallback =
      request -> new ModelReply("answer to: " + request.prompt(), request.model(), Usage.of(10, 20));
  private volatile long latencyMs;

  /** Queues a reply text (usage 10 in / 20 out, reported by the requested model). */
  public synchronized ScriptedModelClient reply(String text) {
    script.add(text);
    return this;
  }

  /** Queues a failure. */
  public synchronized ScriptedModelClient fail(RuntimeException error) {
    script.add(error);
    return this;
  }

  /**
   * Queues an answer the model did not finish, refused as the Gemini client's quality gate refuses
   * it (an {@link IncompleteAnswerException}; streamed, after its text).
   */
  public synchronized ScriptedModelClient incomplete(String text, ModelReply.Finish finish) {
    script.add(new ModelReply(text, "", Usage.of(10, 20), List.of(), finish));
    return this;
  }

  /** Answers every unscripted request with {@code answer}. */
  public ScriptedModelClient otherwise(Function<ModelRequest, ModelReply> answer) {
    this.fallback = answer;
    return this;
  }

  /** Makes every call take this long. */
  public ScriptedModelClient latency(long millis) {
    this.latencyMs = millis;
    return this;
  }

  /** Every request received so far, in order. */
  public List<ModelRequest> requests() {
    return List.copyOf(requests);
  }

  public int calls() {
    return requests.size();
  }

  @Override
  public String provider() {
    return "scripted";
  }

  @Override
  public ModelReply generate(ModelRequest request) {
    requests.add(request);
    if (latencyMs > 0) {
      try {
        Thread.sleep(latencyMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    Object next;
    synchronized (this) {
      next = script.poll();
    }
    if (next instanceof RuntimeException error) {
      throw error;
    }
    if (next instanceof ModelReply cut) {
      throw new IncompleteAnswerException("the answer is incomplete",
          new ModelReply(cut.text(), request.model(), cut.usage(), cut.sources(), cut.finish()));
    }
    if (next instanceof String text) {
      return new ModelReply(text, request.model(), Usage.of(10, 20));
    }
    return fallback.apply(request);
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> onDelta) {
    try {
      ModelReply reply = generate(request);
      onDelta.accept(reply.text());
      return reply;
    } catch (IncompleteAnswerException e) {
      if (!e.reply().text().isEmpty()) {
        onDelta.accept(e.reply().text());
      }
      throw e;
    }
  }
}
