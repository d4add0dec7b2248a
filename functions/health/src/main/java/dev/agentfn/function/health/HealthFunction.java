package dev.agentfn.function.health;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.agentfn.function.FunctionAdapter;
import dev.agentfn.runtime.AgentRuntime;
import java.io.IOException;

/** The health Cloud Function: {@code GET /health} (also at {@code /}), {@code /models}, {@code /stats}, {@code /cache/stats}. */
public final class HealthFunction implements HttpFunction {
  private final FunctionAdapter adapter;

  /** Wires the production objects from the environment (used by the Functions Framework). */
  public HealthFunction() {
    this(AgentRuntime.shared());
  }

  HealthFunction(AgentRuntime runtime) {
    runtime.prepareInBackground(() -> {
      runtime.cache();
    });
    this.adapter = new FunctionAdapter(runtime.healthHttp());
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    adapter.service(request, response);
  }
}
