package dev.agentfn.openai;

import dev.agentfn.chat.ChatService;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Endpoint;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The OpenAI-compatible endpoints, {@code POST /v1/chat/completions} and {@code GET /v1/models}, whose
 * every error (the guard's 401 and 429 included) has OpenAI's shape.
 */
public final class OpenAiEndpoints {
  public static final String COMPLETIONS_PATH = "/v1/chat/completions";
  public static final String MODELS_PATH = "/v1/models";

  private final ChatCompletions completions;
  private final ModelCatalog catalog;

  /** @param service resolved on first use, so the function starts without building it */
  public OpenAiEndpoints(Supplier<ChatService> service, ModelCatalog catalog, Clock clock) {
    this.completions = new ChatCompletions(service, catalog, clock);
    this.catalog = catalog;
  }

  /** Both endpoints, rendering errors with {@link OpenAiErrors}. */
  public List<Endpoint> endpoints() {
    return List.of(
        Endpoint.post(COMPLETIONS_PATH, completions).withErrors(OpenAiErrors.INSTANCE),
        Endpoint.get(MODELS_PATH, this::models).withErrors(OpenAiErrors.INSTANCE));
  }

  /** OpenAI's model list: {@code auto} (the router), then every model of the catalog. */
  ApiResponse models(ApiRequest request) {
    List<Map<String, Object>> data = new ArrayList<>();
    data.add(model(CompletionRequest.AUTO, "agentfn"));
    for (ModelInfo info : catalog.models()) {
      data.add(model(info.name(), "google"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", data);
    return ApiResponse.ok(body);
  }

  /** A model entry; {@code created} is 0 (agentfn does not know when a model was released). */
  private static Map<String, Object> model(String id, String ownedBy) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("id", id);
    model.put("object", "model");
    model.put("created", 0);
    model.put("owned_by", ownedBy);
    return model;
  }
}
