package dev.agentfn.model;

import java.util.List;
import java.util.Objects;

/**
 * A model's complete answer.
 *
 * @param text the answer text (never empty: empty answers are errors)
 * @param model the model that produced it ({@code offline} for the offline provider)
 * @param usage token usage of the call
 * @param sources grounding source links, if any
 */
public record ModelReply(String text, String model, Usage usage, List<String> sources) {
  public ModelReply {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(usage, "usage");
    sources = sources == null ? List.of() : List.copyOf(sources);
  }

  public ModelReply(String text, String model, Usage usage) {
    this(text, model, usage, List.of());
  }
}
