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
 * @param sessionId the conversation this query continues ({@value #SESSION_ID_PATTERN}), or null for
 *     a query on its own
 */
public record ChatRequest(
    String query,
    TaskType taskType,
    String model,
    boolean useCache,
    boolean stream,
    Double temperature,
    Integer maxOutputTokens,
    String sessionId) {

  public static final int MAX_QUERY_CHARS = 32_000;
  /** What a {@code session_id} looks like: chosen by the client, safe in paths and document ids. */
  public static final String SESSION_ID_PATTERN = "[A-Za-z0-9_-]{1,128}";
  private static final java.util.regex.Pattern SESSION_ID = java.util.regex.Pattern.compile(SESSION_ID_PATTERN);
  public static final int MAX_OUTPUT_TOKENS = 65_536;

  public ChatRequest {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(taskType, "taskType");
  }

  /** A request that continues no conversation. */
  public ChatRequest(String query, TaskType taskType, String model, boolean useCache, boolean stream,
      Double temperature, Integer maxOutputTokens) {
    this(query, taskType, model, useCache, stream, temperature, maxOutputTokens, null);
  }

  /** {@code id} if it is a valid session id, else {@code invalid_argument} naming {@code field}. */
  public static String sessionId(String id, String field) {
    if (!SESSION_ID.matcher(id).matches()) {
      throw ApiException.invalidArgument(field + " must be 1 to 128 letters, digits, '_' or '-'");
    }
    return id;
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
    String sessionId = fields.optionalString("session_id", 1024);
    return new ChatRequest(
        query,
        taskType == null ? TaskType.GENERAL : TaskType.parse(taskType),
        model == null || model.isEmpty() ? null : model,
        fields.optionalBoolean("use_cache", true),
        fields.optionalBoolean("stream", false),
        fields.optionalNumber("temperature", 0, 2),
        fields.optionalInt("max_output_tokens", 1, MAX_OUTPUT_TOKENS),
        sessionId == null ? null : sessionId(sessionId, prefix + "session_id"));
  }
}
