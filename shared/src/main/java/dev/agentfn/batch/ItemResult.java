package dev.agentfn.batch;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ChatResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of one batch item, in its slot {@code index}: an answer or an error. */
public sealed interface ItemResult permits ItemResult.Answered, ItemResult.Failed {

  /** The item's position in the request. */
  int index();

  /** The result as its JSON object (API.md, {@code POST /chat/batch}). */
  Map<String, Object> toJson();

  /**
   * An answer. {@code duplicate} is true when an identical earlier item of the batch made the model
   * call; such a slot repeats that answer and costs nothing.
   */
  record Answered(int index, ChatResponse response, boolean duplicate) implements ItemResult {
    /** What this slot cost: zero for a cached answer or an in-batch duplicate. */
    public double costUsd() {
      return duplicate ? 0 : response.costUsd();
    }

    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("index", index);
      json.put("answer", response.answer());
      json.put("model_used", response.modelUsed());
      json.put("cached", response.cached());
      json.put("latency_ms", response.latencyMs());
      json.put("usage", response.usage());
      json.put("cost_usd", costUsd());
      json.put("error", null);
      return json;
    }
  }

  /** A failure, with a caller-safe code and message. */
  record Failed(int index, ApiException error) implements ItemResult {
    @Override
    public Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("index", index);
      json.put("answer", null);
      json.put("error", Map.of("code", error.code().wireName(), "message", error.getMessage()));
      return json;
    }
  }
}
