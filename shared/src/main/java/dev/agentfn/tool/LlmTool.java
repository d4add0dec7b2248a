package dev.agentfn.tool;

import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;

/** {@code llm}: a plain answer from the fast model. */
public final class LlmTool implements Tool {
  private static final ArgsSchema SCHEMA = ArgsSchema.of(ArgsSchema.required("prompt",
      "the question or instruction for the model", 8_000));

  private final ModelClient model;
  private final String modelName;

  public LlmTool(ModelClient model, String modelName) {
    this.model = model;
    this.modelName = modelName;
  }

  @Override
  public String name() {
    return "llm";
  }

  @Override
  public String description() {
    return "Answers a question or writes text with a language model (no live data). Use it for "
        + "explanations, summaries, translations and anything no other tool covers.";
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
    ModelRequest request = new ModelRequest(modelName, args.get("prompt").getAsString(), UntrustedData.INSTRUCTION,
        null, null, null, false, context.deadline());
    try {
      ModelReply reply = model.generate(request);
      context.modelCalls().accept(reply);
      return ToolOutcome.success(reply.text());
    } catch (ApiException e) {
      return ToolOutcome.failure("the model failed: " + e.getMessage());
    }
  }
}
