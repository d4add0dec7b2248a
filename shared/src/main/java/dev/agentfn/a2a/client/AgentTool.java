package dev.agentfn.a2a.client;

import com.google.gson.JsonObject;
import dev.agentfn.tool.ArgsSchema;
import dev.agentfn.tool.Tool;
import dev.agentfn.tool.ToolContext;
import dev.agentfn.tool.ToolOutcome;
import dev.agentfn.tool.UntrustedData;

/**
 * {@code agent:<slug>}: a remote A2A agent as a plan step. Its one argument is the message; its
 * result is the agent's answer, untrusted like any tool output (earlier results embedded in the
 * message are marked as untrusted data too, since the agent may hand them to a model).
 */
final class AgentTool implements Tool {
  private static final ArgsSchema SCHEMA = ArgsSchema.of(ArgsSchema.required("message",
      "the request for the agent, self-contained (the agent sees nothing else of the task)", 8_000));

  private final String name;
  private final AgentCard card;
  private final RemoteAgent agent;

  AgentTool(String name, AgentCard card, RemoteAgent agent) {
    this.name = name;
    this.card = card;
    this.agent = agent;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "A remote agent named \"" + card.name() + "\" (over A2A); its own card says: \""
        + card.description().replace('"', '\'') + "\". Send it one request as the message; it answers in text.";
  }

  @Override
  public ArgsSchema schema() {
    return SCHEMA;
  }

  @Override
  public ToolOutcome run(JsonObject args, ToolContext context) {
    return agent.call(name, args.get("message").getAsString(), context);
  }

  @Override
  public String embed(String subtaskId, String result) {
    return UntrustedData.wrap(subtaskId, result);
  }
}
