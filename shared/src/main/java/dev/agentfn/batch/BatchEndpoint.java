package dev.agentfn.batch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ChatResponse;
import dev.agentfn.api.Fields;
import dev.agentfn.api.Json;
import dev.agentfn.chat.ChatService;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code POST /chat/batch}: many queries; a bad item fails in its own slot. */
public final class BatchEndpoint implements Handler {
  private final Supplier<ChatService> service;
  private final int maxItems;

  public BatchEndpoint(Supplier<ChatService> service, int maxItems) {
    this.service = service;
    this.maxItems = maxItems;
  }

  @Override
  public ApiResponse handle(ApiRequest request) {
    JsonObject body = Json.parseObject(request.body());
    JsonElement queries = body.get("queries");
    if (queries == null || queries.isJsonNull()) {
      throw ApiException.invalidArgument("queries is required");
    }
    if (!queries.isJsonArray()) {
      throw ApiException.invalidArgument("queries must be a list");
    }
    JsonArray items = queries.getAsJsonArray();
    if (items.isEmpty() || items.size() > maxItems) {
      throw ApiException.invalidArgument("queries must have 1 to " + maxItems + " items, got " + items.size());
    }
    request.charge(items.size() - 1);
    boolean useCache = Fields.of(body).optionalBoolean("use_cache", true);
    long start = System.nanoTime();
    List<Map<String, Object>> results = new ArrayList<>();
    int failed = 0;
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> slot = new LinkedHashMap<>();
      slot.put("index", i);
      try {
        ChatResponse answer = service.get().chat(item(items.get(i), i, useCache), request.context());
        slot.put("answer", answer.answer());
        slot.put("model_used", answer.modelUsed());
        slot.put("cached", answer.cached());
        slot.put("latency_ms", answer.latencyMs());
        slot.put("usage", answer.usage());
        slot.put("cost_usd", answer.costUsd());
        slot.put("error", null);
      } catch (ApiException e) {
        failed++;
        slot.put("answer", null);
        slot.put("error", Map.of("code", e.code().wireName(), "message", e.getMessage()));
      }
      results.add(slot);
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("results", results);
    response.put("succeeded", items.size() - failed);
    response.put("failed", failed);
    response.put("total_latency_ms", (System.nanoTime() - start) / 1_000_000);
    response.put("request_id", request.requestId());
    return ApiResponse.ok(response);
  }

  private static ChatRequest item(JsonElement element, int index, boolean useCache) {
    String prefix = "queries[" + index + "].";
    if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
      JsonObject wrapped = new JsonObject();
      wrapped.add("query", element);
      wrapped.addProperty("use_cache", useCache);
      return ChatRequest.fromJson(wrapped, prefix);
    }
    if (!element.isJsonObject()) {
      throw ApiException.invalidArgument("queries[" + index + "] must be a string or an object");
    }
    JsonObject object = element.getAsJsonObject();
    if (object.has("stream")) {
      throw ApiException.invalidArgument(prefix + "stream is not supported in a batch");
    }
    if (!object.has("use_cache")) {
      object = object.deepCopy();
      object.addProperty("use_cache", useCache);
    }
    return ChatRequest.fromJson(object, prefix);
  }
}
