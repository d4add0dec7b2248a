package dev.agentfn.a2a;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Handler;
import dev.agentfn.tool.Tool;
import dev.agentfn.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code GET /.well-known/agent-card.json}: the A2A 1.0 agent card. Its one JSON-RPC interface is
 * the absolute URL of {@code /a2a} as this request reached the agent: scheme and host from
 * {@code X-Forwarded-Proto} / {@code X-Forwarded-Host} (else {@code Host}), and the same path prefix.
 * Its skills come from the tool registry: the multi-step task, and each local tool (remote agents
 * are not listed, so serving the card never calls another agent).
 */
public final class AgentCardEndpoint implements Handler {
  public static final String PATH = "/.well-known/agent-card.json";
  public static final String RPC_PATH = "/a2a";
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}\\](:[0-9]{1,5})?");
  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)*");

  private final String version;
  private final Supplier<ToolRegistry> tools;

  /**
   * @param version the agent's version, as {@code /health} reports it
   * @param tools the multi-agent tools (resolved on first use)
   */
  public AgentCardEndpoint(String version, Supplier<ToolRegistry> tools) {
    this.version = version;
    this.tools = tools;
  }

  @Override
  public ApiResponse handle(ApiRequest request) {
    return ApiResponse.ok(card(rpcUrl(request))).withHeader("Cache-Control", "public, max-age=300");
  }

  /** The absolute URL of {@code /a2a} beside the path this request came in on. */
  static String rpcUrl(ApiRequest request) {
    String scheme = first(request.header("X-Forwarded-Proto"))
        .map(value -> value.toLowerCase(Locale.ROOT))
        .filter(value -> value.equals("http") || value.equals("https"))
        .orElse("http");
    String host = first(request.header("X-Forwarded-Host")).filter(AgentCardEndpoint::isHost)
        .or(() -> first(request.header("Host")).filter(AgentCardEndpoint::isHost))
        .orElse("localhost");
    String path = request.path() == null ? "" : request.path();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String prefix = path.endsWith(PATH) ? path.substring(0, path.length() - PATH.length()) : "";
    if (!PREFIX.matcher(prefix).matches()) {
      prefix = "";
    }
    return scheme + "://" + host + prefix + RPC_PATH;
  }

  private static boolean isHost(String value) {
    return HOST.matcher(value).matches();
  }

  private static Optional<String> first(Optional<String> header) {
    return header.map(value -> value.split(",", 2)[0].strip()).filter(value -> !value.isEmpty());
  }

  private JsonObject card(String url) {
    JsonObject card = new JsonObject();
    card.addProperty("name", "agentfn multi-agent");
    List<String> names = tools.get().local().stream().map(Tool::name).toList();
    card.addProperty("description", "Plans a task into tool subtasks (" + String.join(", ", names)
        + "), runs independent subtasks in parallel and answers with the combined result.");
    JsonObject anInterface = new JsonObject();
    anInterface.addProperty("url", url);
    anInterface.addProperty("protocolBinding", "JSONRPC");
    anInterface.addProperty("protocolVersion", "1.0");
    JsonArray interfaces = new JsonArray();
    interfaces.add(anInterface);
    card.add("supportedInterfaces", interfaces);
    card.addProperty("version", version);
    JsonObject capabilities = new JsonObject();
    capabilities.addProperty("streaming", true);
    capabilities.addProperty("pushNotifications", false);
    capabilities.addProperty("extendedAgentCard", false);
    card.add("capabilities", capabilities);
    card.add("defaultInputModes", strings(List.of("text/plain")));
    card.add("defaultOutputModes", strings(List.of("text/plain", "application/json")));
    JsonArray skills = new JsonArray();
    List<String> tags = new ArrayList<>(List.of("planning"));
    tags.addAll(names);
    skills.add(skill("multi-step-task", "Multi-step task", "Splits a task into subtasks, runs each with a tool and "
        + "summarises the results; the answer comes as a text artifact, the subtask table as a data artifact.", tags,
        List.of("请帮我计算 25×4，然后查询北京的天气", "Calculate (12.5 + 7.5) * 3 and then tell me what 2^10 is")));
    for (Tool tool : tools.get().local()) {
      skills.add(skill(tool.name(), tool.name(), tool.description(), List.of(tool.name()), List.of()));
    }
    card.add("skills", skills);
    return card;
  }

  private static JsonObject skill(String id, String name, String description, List<String> tags,
      List<String> examples) {
    JsonObject skill = new JsonObject();
    skill.addProperty("id", id);
    skill.addProperty("name", name);
    skill.addProperty("description", description);
    skill.add("tags", strings(tags));
    if (!examples.isEmpty()) {
      skill.add("examples", strings(examples));
    }
    return skill;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }
}
