package dev.agentfn.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One generation request to a model.
 *
 * @param model the model name to call (one of the catalog's)
 * @param prompt the user content
 * @param systemInstruction optional system instruction, or null
 * @param temperature optional, 0..2, or null for the model's default
 * @param maxOutputTokens optional, or null for the model's default
 * @param responseJsonSchema optional JSON Schema (as JSON text) for structured output, or null
 * @param googleSearch whether to ground the answer with Google Search
 * @param deadline when the caller stops waiting, or null for the client's own limits only
 * @param history earlier messages of the conversation, oldest first, sent before {@code prompt}
 *     (empty for a single question)
 * @param payer the caller id whose spend budget pays for the call, or null when no caller's budget
 *     is charged
 */
public record ModelRequest(
    String model,
    String prompt,
    String systemInstruction,
    Double temperature,
    Integer maxOutputTokens,
    String responseJsonSchema,
    boolean googleSearch,
    Instant deadline,
    List<Turn> history,
    String payer) {

  public ModelRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prompt, "prompt");
    history = List.copyOf(history);
  }

  /** A request charged to nobody's budget. */
  public ModelRequest(String model, String prompt, String systemInstruction, Double temperature,
      Integer maxOutputTokens, String responseJsonSchema, boolean googleSearch, Instant deadline, List<Turn> history) {
    this(model, prompt, systemInstruction, temperature, maxOutputTokens, responseJsonSchema, googleSearch,
        deadline, history, null);
  }

  /** A request without conversation history, charged to nobody's budget. */
  public ModelRequest(String model, String prompt, String systemInstruction, Double temperature,
      Integer maxOutputTokens, String responseJsonSchema, boolean googleSearch, Instant deadline) {
    this(model, prompt, systemInstruction, temperature, maxOutputTokens, responseJsonSchema, googleSearch,
        deadline, List.of());
  }

  /** A plain prompt to a model with default parameters. */
  public static ModelRequest of(String model, String prompt) {
    return new ModelRequest(model, prompt, null, null, null, null, false, null);
  }

  public ModelRequest withDeadline(Instant newDeadline) {
    return new ModelRequest(model, prompt, systemInstruction, temperature, maxOutputTokens,
        responseJsonSchema, googleSearch, newDeadline, history, payer);
  }

  public ModelRequest withModel(String newModel) {
    return new ModelRequest(newModel, prompt, systemInstruction, temperature, maxOutputTokens,
        responseJsonSchema, googleSearch, deadline, history, payer);
  }

  /** This request with {@code earlier} messages of its conversation before the prompt. */
  public ModelRequest withHistory(List<Turn> earlier) {
    return new ModelRequest(model, prompt, systemInstruction, temperature, maxOutputTokens,
        responseJsonSchema, googleSearch, deadline, earlier, payer);
  }

  /** This request charged to the spend budget of caller {@code callerId} (null: to nobody's). */
  public ModelRequest paidBy(String callerId) {
    return new ModelRequest(model, prompt, systemInstruction, temperature, maxOutputTokens,
        responseJsonSchema, googleSearch, deadline, history, callerId);
  }
}
