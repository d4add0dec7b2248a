package dev.agentfn.function.chat;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.agentfn.function.FunctionAdapter;
import dev.agentfn.runtime.AgentRuntime;
import java.io.IOException;

/**
 * The chat Cloud Function: {@code POST /chat} (also at {@code /}), and the OpenAI-compatible
 * {@code POST /v1/chat/completions} and {@code GET /v1/models}.
 */
public final class ChatFunction implements HttpFunction {
  private final FunctionAdapter adapter;

  /** Wires the production objects from the environment (used by the Functions Framework). */
  public ChatFunction() {
    this(AgentRuntime.shared());
  }

  ChatFunction(AgentRuntime runtime) {
    runtime.prepareInBackground(() -> {
      runtime.chatService();
      runtime.model().prepare();
    });
    this.adapter = new FunctionAdapter(runtime.chatHttp());
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    adapter.service(request, response);
  }
}
