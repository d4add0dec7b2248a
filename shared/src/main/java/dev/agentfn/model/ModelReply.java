package dev.agentfn.model;

import java.util.List;
import java.util.Objects;

/**
 * A model's answer.
 *
 * @param text the answer text (never empty for a {@link Finish#STOP complete} answer: empty answers
 *     are errors; an incomplete one may be empty)
 * @param model the model that produced it ({@code offline} for the offline provider)
 * @param usage token usage of the call
 * @param sources grounding source links, if any
 * @param finish why the model stopped
 */
public record ModelReply(String text, String model, Usage usage, List<String> sources, Finish finish) {

  /** Why the model stopped generating. */
  public enum Finish {
    /** The answer is complete. */
    STOP,
    /** The answer was cut off at the output token limit. */
    LENGTH,
    /** The model stopped for safety, recitation, a blocklist or similar. */
    CONTENT_FILTER
  }

  public ModelReply {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(finish, "finish");
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  /** A complete answer. */
  public ModelReply(String text, String model, Usage usage, List<String> sources) {
    this(text, model, usage, sources, Finish.STOP);
  }

  /** A complete answer without sources. */
  public ModelReply(String text, String model, Usage usage) {
    this(text, model, usage, List.of());
  }
}
