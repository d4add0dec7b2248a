package dev.agentfn.batch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.Fields;
import dev.agentfn.api.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /chat/batch} request: the envelope is validated as a whole (a bad one is a 400),
 * each item on its own (a bad item becomes an error in its result slot).
 */
public record BatchRequest(List<Item> items) {
  public BatchRequest {
    items = List.copyOf(items);
  }

  /** One item of the batch, as read from the request. */
  public sealed interface Item permits Parsed, Rejected {}

  /** A valid item. */
  public record Parsed(ChatRequest request) implements Item {}

  /** An invalid item and why ({@code invalid_argument}). */
  public record Rejected(ApiException error) implements Item {}

  /** Reads a request body; envelope errors are {@code invalid_argument} for the whole request. */
  public static BatchRequest parse(byte[] body, int maxItems) {
    JsonObject object = Json.parseObject(body);
    JsonElement queries = object.get("queries");
    if (queries == null || queries.isJsonNull()) {
      throw ApiException.invalidArgument("queries is required");
    }
    if (!queries.isJsonArray()) {
      throw ApiException.invalidArgument("queries must be a list");
    }
    JsonArray array = queries.getAsJsonArray();
    if (array.isEmpty() || array.size() > maxItems) {
      throw ApiException.invalidArgument("queries must have 1 to " + maxItems + " items, got " + array.size());
    }
    boolean useCache = Fields.of(object).optionalBoolean("use_cache", true);
    List<Item> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      try {
        items.add(new Parsed(item(array.get(i), i, useCache)));
      } catch (ApiException e) {
        items.add(new Rejected(e));
      }
    }
    return new BatchRequest(items);
  }

  private static ChatRequest item(JsonElement element, int index, boolean useCache) {
    String prefix = "queries[" + index + "].";
    JsonObject object;
    if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
      object = new JsonObject();
      object.add("query", element);
    } else if (element.isJsonObject()) {
      object = element.getAsJsonObject().deepCopy();
    } else {
      throw ApiException.invalidArgument("queries[" + index + "] must be a string or an object");
    }
    if (!object.has("use_cache")) {
      object.addProperty("use_cache", useCache);
    }
    ChatRequest request = ChatRequest.fromJson(object, prefix);
    if (request.stream()) {
      throw ApiException.invalidArgument(prefix + "stream is not supported in a batch; "
          + "send Accept: application/x-ndjson to stream the results");
    }
    if (request.sessionId() != null) {
      throw ApiException.invalidArgument(prefix + "session_id is not supported in a batch; "
          + "send each turn of a conversation to POST /chat");
    }
    return request;
  }
}
