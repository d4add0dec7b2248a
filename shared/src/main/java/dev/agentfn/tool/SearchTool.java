package dev.agentfn.tool;

import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.OfflineModelClient;

/** {@code search}: the fast model grounded with Google Search, returning its answer and source links. */
public final class SearchTool implements Tool {
  private static final ArgsSchema SCHEMA = ArgsSchema.of(ArgsSchema.required("query",
      "what to search the web for", 2_000));

  private final ModelClient model;
  private final String modelName;

  public SearchTool(ModelClient model, String modelName) {
    this.model = model;
    this.modelName = modelName;
  }

  @Override
  public String name() {
    return "search";
  }

  @Override
  public String description() {
    return "Searches the web (Google Search) for current facts and news; returns an answer with source links.";
  }

  @Override
  public ArgsSchema schema() {
    return SCHEMA;
  }

  @Override
  public String embed(String subtaskId, String result) {
    return UntrustedData.wrap(subtaskId, result);
  }

  @Override
  public ToolOutcome run(JsonObject args, ToolContext context) {
    if (OfflineModelClient.MODEL.equals(model.provider())) {
      return ToolOutcome.failure("search needs the Gemini provider (Google Search grounding); "
          + "it is not available on the offline provider");
    }
    ModelRequest request = new ModelRequest(modelName, args.get("query").getAsString(), UntrustedData.INSTRUCTION,
        null, null, null, true, context.deadline());
    try {
      ModelReply reply = model.generate(request);
      context.modelCalls().accept(reply);
      StringBuilder output = new StringBuilder(reply.text());
      if (!reply.sources().isEmpty()) {
        output.append("\n\nSources:");
        reply.sources().forEach(source -> output.append("\n- ").append(source));
      }
      return new ToolOutcome.Success(output.toString(), reply.sources());
    } catch (ApiException e) {
      return ToolOutcome.failure("search failed: " + e.getMessage());
    }
  }
}
