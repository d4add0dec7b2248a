package dev.agentfn.openai;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.Fields;
import dev.agentfn.api.Json;
import dev.agentfn.api.TaskType;
import dev.agentfn.chat.Conversation;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@code POST /v1/chat/completions} request, validated and mapped onto a {@link Conversation}:
 * {@code system}/{@code developer} messages become the system instruction (joined in order), the
 * {@code user}/{@code assistant} messages the turns, and the last message, which must be the user's,
 * the prompt. Errors are {@link OpenAiError}s naming the field at fault.
 *
 * @param conversation what the chat service answers
 * @param stream whether to answer as {@code chat.completion.chunk} events
 * @param includeUsage whether a stream ends with a usage chunk ({@code stream_options.include_usage})
 * @param user the end user the caller names, or null (logged only as a fingerprint)
 */
record CompletionRequest(Conversation conversation, boolean stream, boolean includeUsage, String user) {
  /** The {@code model} that lets agentfn's router choose. */
  static final String AUTO = "auto";
  /** Fields that would change the answer's shape, which agentfn does not offer. */
  private static final List<String> UNSUPPORTED = List.of("tools", "functions", "tool_choice", "function_call",
      "audio", "prediction", "stop", "top_logprobs");
  private static final int MAX_USER_CHARS = 256;

  /** Reads and validates a request body; {@code model} must be {@code auto} or in {@code catalog}. */
  static CompletionRequest fromJson(JsonObject json, ModelCatalog catalog) {
    Fields fields = Fields.of(json);
    String model = param("model", () -> fields.requiredString("model", 128));
    if (!AUTO.equals(model) && catalog.find(model).isEmpty()) {
      throw OpenAiError.modelNotFound(model);
    }
    for (String name : UNSUPPORTED) {
      if (present(json.get(name))) {
        throw OpenAiError.unsupported(name, "agentfn answers with text only (no tools, stop sequences or audio)");
      }
    }
    if (param("logprobs", () -> fields.optionalBoolean("logprobs", false))) {
      throw OpenAiError.unsupported("logprobs", "agentfn does not return token log probabilities");
    }
    Integer n = param("n", () -> fields.optionalInt("n", 1, Integer.MAX_VALUE));
    if (n != null && n != 1) {
      throw OpenAiError.invalid("n must be 1: agentfn returns one choice", "n");
    }
    boolean stream = param("stream", () -> fields.optionalBoolean("stream", false));
    boolean includeUsage = streamOptions(json.get("stream_options"), stream);
    Double temperature = param("temperature", () -> fields.optionalNumber("temperature", 0, 2));
    Integer maxTokens = maxTokens(fields);
    String user = param("user", () -> fields.optionalString("user", MAX_USER_CHARS));
    boolean useCache = param("use_cache", () -> fields.optionalBoolean("use_cache", true));
    String schema = responseSchema(json.get("response_format"));
    Messages messages = messages(json.get("messages"));
    Conversation conversation = new Conversation(messages.prompt(), messages.history(), messages.system(),
        TaskType.GENERAL, AUTO.equals(model) ? null : model, useCache, temperature, maxTokens, schema);
    return new CompletionRequest(conversation, stream, includeUsage, user == null || user.isEmpty() ? null : user);
  }

  /** Reads a field with {@link Fields}, naming it as {@code param} when it is invalid. */
  private static <T> T param(String name, Supplier<T> read) {
    try {
      return read.get();
    } catch (OpenAiError e) {
      throw e;
    } catch (ApiException e) {
      throw OpenAiError.invalid(e.getMessage(), name);
    }
  }

  private static boolean present(JsonElement element) {
    return element != null && !element.isJsonNull() && !(element.isJsonArray() && element.getAsJsonArray().isEmpty());
  }

  private static Integer maxTokens(Fields fields) {
    Integer completion = param("max_completion_tokens",
        () -> fields.optionalInt("max_completion_tokens", 1, ChatRequest.MAX_OUTPUT_TOKENS));
    Integer legacy = param("max_tokens", () -> fields.optionalInt("max_tokens", 1, ChatRequest.MAX_OUTPUT_TOKENS));
    if (completion != null && legacy != null && !completion.equals(legacy)) {
      throw OpenAiError.invalid("max_tokens and max_completion_tokens disagree; send one of them", "max_tokens");
    }
    return completion != null ? completion : legacy;
  }

  private static boolean streamOptions(JsonElement element, boolean stream) {
    if (!present(element)) {
      return false;
    }
    if (!stream) {
      throw OpenAiError.invalid("stream_options is only allowed when stream is true", "stream_options");
    }
    JsonObject options = object(element, "stream_options");
    return param("stream_options.include_usage",
        () -> Fields.of(options, "stream_options.").optionalBoolean("include_usage", false));
  }

  /** The JSON Schema text of {@code response_format}, or null for plain text. */
  private static String responseSchema(JsonElement element) {
    if (!present(element)) {
      return null;
    }
    JsonObject format = object(element, "response_format");
    String type = param("response_format.type",
        () -> Fields.of(format, "response_format.").requiredString("type", 32));
    return switch (type) {
      case "text" -> null;
      case "json_object" -> "{\"type\":\"object\"}";
      case "json_schema" -> {
        JsonObject spec = object(format.get("json_schema"), "response_format.json_schema");
        JsonElement schema = spec.get("schema");
        if (schema == null || !schema.isJsonObject()) {
          throw OpenAiError.invalid("response_format.json_schema.schema must be a JSON Schema object",
              "response_format.json_schema.schema");
        }
        yield Json.write(schema);
      }
      default -> throw OpenAiError.invalid("response_format.type must be text, json_object or json_schema",
          "response_format.type");
    };
  }

  /** The messages sorted into system text, earlier turns and the prompt. */
  private record Messages(String system, List<Turn> history, String prompt) {}

  private static Messages messages(JsonElement element) {
    if (element == null || element.isJsonNull()) {
      throw OpenAiError.invalid("messages is required", "messages");
    }
    if (!element.isJsonArray() || element.getAsJsonArray().isEmpty()) {
      throw OpenAiError.invalid("messages must be a non-empty array of messages", "messages");
    }
    JsonArray array = element.getAsJsonArray();
    List<String> system = new ArrayList<>();
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "messages[" + i + "]";
      JsonObject message = object(array.get(i), at);
      String role = param(at + ".role", () -> Fields.of(message, at + ".").requiredString("role", 32));
      if (present(message.get("tool_calls"))) {
        throw OpenAiError.unsupported(at + ".tool_calls", "agentfn answers with text only");
      }
      String text = text(message.get("content"), at + ".content");
      switch (role) {
        case "system", "developer" -> system.add(text);
        case "user" -> turns.add(Turn.user(nonEmpty(text, at)));
        case "assistant" -> turns.add(Turn.model(nonEmpty(text, at)));
        case "tool", "function" -> throw OpenAiError.unsupported(at + ".role " + role, "agentfn has no tool calls");
        default -> throw OpenAiError.invalid(at + ".role must be system, developer, user or assistant", at + ".role");
      }
    }
    String last = array.get(array.size() - 1).getAsJsonObject().get("role").getAsString().strip();
    if (!"user".equals(last)) {
      throw OpenAiError.invalid("the last message must be the user's (role user), not " + last,
          "messages[" + (array.size() - 1) + "].role");
    }
    Turn prompt = turns.remove(turns.size() - 1);
    return new Messages(system.isEmpty() ? null : String.join("\n\n", system), turns, prompt.text());
  }

  /** A message's text: a string, or an array of text parts joined by newlines. */
  private static String text(JsonElement content, String at) {
    if (content == null || content.isJsonNull()) {
      throw OpenAiError.invalid(at + " is required", at);
    }
    if (isString(content)) {
      return content.getAsString();
    }
    if (!content.isJsonArray()) {
      throw OpenAiError.invalid(at + " must be a string or an array of text parts", at);
    }
    List<String> parts = new ArrayList<>();
    JsonArray array = content.getAsJsonArray();
    for (int j = 0; j < array.size(); j++) {
      String partAt = at + "[" + j + "]";
      JsonObject part = object(array.get(j), partAt);
      JsonElement type = part.get("type");
      if (type == null || !isString(type) || !"text".equals(type.getAsString())) {
        throw OpenAiError.invalid(partAt + ".type must be text: agentfn takes text content only (no images, "
            + "audio or files)", partAt + ".type");
      }
      JsonElement text = part.get("text");
      if (text == null || !isString(text)) {
        throw OpenAiError.invalid(partAt + ".text must be a string", partAt + ".text");
      }
      parts.add(text.getAsString());
    }
    return String.join("\n", parts);
  }

  private static String nonEmpty(String text, String at) {
    if (text.isBlank()) {
      throw OpenAiError.invalid(at + ".content must not be empty", at + ".content");
    }
    return text;
  }

  private static JsonObject object(JsonElement element, String at) {
    if (element == null || !element.isJsonObject()) {
      throw OpenAiError.invalid(at + " must be an object", at);
    }
    return element.getAsJsonObject();
  }

  private static boolean isString(JsonElement element) {
    return element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
  }
}
