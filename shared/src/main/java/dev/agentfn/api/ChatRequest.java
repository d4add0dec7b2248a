package dev.agentfn.api;

import com.google.gson.JsonObject;
import java.util.Objects;

/**
 * A {@code POST /chat} request (also one item of a batch), validated as API.md states.
 *
 * @param query 1..32,000 characters after trimming
 * @param model an explicit model, or null to let the router decide
 * @param temperature 0..2, or null
 * @param maxOutputTokens 1..65,536, or null
 */
public record ChatRequest(
    String query,
    TaskType taskType,
    String model,
    boolean useCache,
    boolean stream,
    Double temperature,
    Integer maxOutputTokens) {

  public static final int MAX_QUERY_CHARS = 32_000;
  public static final int MAX_OUTPUT_TOKENS = 65_536;

  public ChatRequest {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(taskType, "taskType");
  }

  /** A request with defaults for everything but the query. */
  public static ChatRequest of(String query) {
    return new ChatRequest(query, TaskType.GENERAL, null, true, false, null, null);
  }

  /** Reads and validates a request object; errors name the field with {@code prefix}. */
  public static ChatRequest fromJson(JsonObject json, String prefix) {
    Fields fields = Fields.of(json, prefix);
    String query = fields.requiredString("query", MAX_QUERY_CHARS);
    String taskType = fields.optionalString("task_type", 16);
    String model = fields.optionalString("model", 128);
    return new ChatRequest(
        query,
        taskType == null ? TaskType.GENERAL : TaskType.parse(taskType),
        model == null || model.isEmpty() ? null : model,
        fields.optionalBoolean("use_cache", true),
        fields.optionalBoolean("stream", false),
        fields.optionalNumber("temperature", 0, 2),
        fields.optionalInt("max_output_tokens", 1, MAX_OUTPUT_TOKENS));
  }
}
