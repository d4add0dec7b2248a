package dev.agentfn.function.batch;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.agentfn.function.FunctionAdapter;
import dev.agentfn.runtime.AgentRuntime;
import java.io.IOException;

/** The batch Cloud Function: {@code POST /chat/batch} (also at {@code /}). */
public final class BatchFunction implements HttpFunction {
  private final FunctionAdapter adapter;

  /** Wires the production objects from the environment (used by the Functions Framework). */
  public BatchFunction() {
    this(AgentRuntime.shared());
  }

  BatchFunction(AgentRuntime runtime) {
    runtime.prepareInBackground(() -> {
      runtime.chatService();
      runtime.model().prepare();
    });
    this.adapter = new FunctionAdapter(runtime.batchHttp());
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    adapter.service(request, response);
  }
}
