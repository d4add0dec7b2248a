package dev.agentfn.function.local;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.agentfn.function.FunctionAdapter;
import dev.agentfn.function.batch.BatchFunction;
import dev.agentfn.function.chat.ChatFunction;
import dev.agentfn.function.health.HealthFunction;
import dev.agentfn.function.multiagent.MultiAgentFunction;
import dev.agentfn.http.Endpoint;
import dev.agentfn.http.HttpService;
import dev.agentfn.runtime.AgentRuntime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Development only: one {@link HttpFunction} that serves every path of the API by dispatching to
 * the four functions, so that {@code ./run-local.sh} runs the whole product in one invoker process.
 * Unknown paths get the contract's 404.
 */
public final class LocalGateway implements HttpFunction {
  private final Map<String, HttpFunction> byPath = new HashMap<>();
  private final Map<Endpoint, HttpFunction> parameterized = new LinkedHashMap<>();

  public LocalGateway() {
    AgentRuntime runtime = AgentRuntime.shared();
    register(runtime.chatHttp(), new ChatFunction());
    register(runtime.batchHttp(), new BatchFunction());
    register(runtime.multiAgentHttp(), new MultiAgentFunction());
    register(runtime.healthHttp(), new HealthFunction());
  }

  private void register(HttpService service, HttpFunction function) {
    for (Endpoint endpoint : service.endpoints()) {
      if (endpoint.parameterized()) {
        parameterized.put(endpoint, function);
      } else {
        byPath.put(endpoint.path(), function);
      }
    }
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    String path = trimTrailingSlash(request.getPath());
    HttpFunction function = byPath.get(path);
    if (function == null) {
      function = parameterized.entrySet().stream().filter(e -> e.getKey().matches(path))
          .map(Map.Entry::getValue).findFirst().orElse(null);
    }
    if (function == null) {
      FunctionAdapter.notFound(request, response);
    } else {
      function.service(request, response);
    }
  }

  private static String trimTrailingSlash(String path) {
    String trimmed = path;
    while (trimmed.length() > 1 && trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
