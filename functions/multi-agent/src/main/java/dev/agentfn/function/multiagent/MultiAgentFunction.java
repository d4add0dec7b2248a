package dev.agentfn.function.multiagent;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.agentfn.function.FunctionAdapter;
import dev.agentfn.runtime.AgentRuntime;
import java.io.IOException;

/** The multi-agent Cloud Function: {@code POST /chat/multi-agent} (also at {@code /}) and A2A. */
public final class MultiAgentFunction implements HttpFunction {
  private final FunctionAdapter adapter;

  /** Wires the production objects from the environment (used by the Functions Framework). */
  public MultiAgentFunction() {
    this(AgentRuntime.shared());
  }

  MultiAgentFunction(AgentRuntime runtime) {
    runtime.prepareInBackground(() -> {
      runtime.taskRunner();
      runtime.model().prepare();
    });
    this.adapter = new FunctionAdapter(runtime.multiAgentHttp());
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    adapter.service(request, response);
  }
}
