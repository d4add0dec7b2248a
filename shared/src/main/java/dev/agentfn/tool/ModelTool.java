package dev.agentfn.tool;

import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.OfflineModelClient;

/**
 * A tool answered by the fast model: {@code llm} (a plain answer) and {@code search} (grounded
 * with Google Search, returning its source links; unavailable on the offline provider). Earlier
 * results embedded in its argument are marked as untrusted data.
 */
final class ModelTool implements Tool {
  private final String name;
  private final String description;
  private final String argument;
  private final ArgsSchema schema;
  private final boolean googleSearch;
  private final ModelClient model;
  private final String modelName;

  private ModelTool(String name, String description, ArgsSchema.Property argument, boolean googleSearch,
      ModelClient model, String modelName) {
    this.name = name;
    this.description = description;
    this.argument = argument.name();
    this.schema = ArgsSchema.of(argument);
    this.googleSearch = googleSearch;
    this.model = model;
    this.modelName = modelName;
  }

  /** {@code llm}: a plain answer from {@code modelName}. */
  static ModelTool llm(ModelClient model, String modelName) {
    return new ModelTool("llm", "Answers a question or writes text with a language model (no live data). Use it "
        + "for explanations, summaries, translations and anything no other tool covers.",
        ArgsSchema.required("prompt", "the question or instruction for the model", 8_000), false, model, modelName);
  }

  /** {@code search}: {@code modelName} grounded with Google Search. */
  static ModelTool search(ModelClient model, String modelName) {
    return new ModelTool("search", "Searches the web (Google Search) for current facts and news; returns an answer "
        + "with source links.", ArgsSchema.required("query", "what to search the web for", 2_000), true, model, modelName);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public ArgsSchema schema() {
    return schema;
  }

  @Override
  public String embed(String subtaskId, String result) {
    return UntrustedData.wrap(subtaskId, result);
  }

  @Override
  public ToolOutcome run(JsonObject args, ToolContext context) {
    if (googleSearch && OfflineModelClient.MODEL.equals(model.provider())) {
      return ToolOutcome.failure("search needs the Gemini provider (Google Search grounding); "
          + "it is not available on the offline provider");
    }
    ModelRequest request = new ModelRequest(modelName, args.get(argument).getAsString(), UntrustedData.INSTRUCTION,
        null, null, null, googleSearch, context.deadline()).paidBy(context.callerId());
    ModelReply reply;
    try {
      reply = model.generate(request);
    } catch (ApiException e) {
      return ToolOutcome.failure(name + " failed: " + e.getMessage());
    }
    context.modelCalls().accept(reply);
    StringBuilder output = new StringBuilder(reply.text());
    if (!reply.sources().isEmpty()) {
      output.append("\n\nSources:");
      reply.sources().forEach(source -> output.append("\n- ").append(source));
    }
    return new ToolOutcome.Success(output.toString(), reply.sources());
  }
}
