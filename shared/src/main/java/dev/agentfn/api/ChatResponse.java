package dev.agentfn.api;

import dev.agentfn.model.Usage;

/**
 * A {@code POST /chat} response (API.md); serialised with snake_case names, by {@link #writeJson}
 * on the hot path (a new component needs a line there: {@code ChatResponseJsonTest} compares it with
 * Gson's reflective output for every component).
 */
public record ChatResponse(
    String answer,
    String modelUsed,
    String routingReason,
    long latencyMs,
    boolean cached,
    String cacheLevel,
    Usage usage,
    double costUsd,
    String requestId) implements JsonWritable {

  @Override
  public void writeJson(JsonText json) {
    json.beginObject()
        .field("answer", answer)
        .field("model_used", modelUsed)
        .field("routing_reason", routingReason)
        .field("latency_ms", latencyMs)
        .field("cached", cached)
        .field("cache_level", cacheLevel)
        .name("usage");
    if (usage == null) {
      json.nullValue();
    } else {
      json.beginObject()
          .field("input_tokens", usage.inputTokens())
          .field("output_tokens", usage.outputTokens())
          .field("total_tokens", usage.totalTokens())
          .endObject();
    }
    json.field("cost_usd", costUsd)
        .field("request_id", requestId)
        .endObject();
  }
}
