package dev.agentfn.openai;

import com.google.gson.JsonObject;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.Json;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.ErrorRenderer;
import java.nio.charset.StandardCharsets;

/**
 * Renders errors in OpenAI's shape, {@code {"error": {"message", "type", "code", "param"}}}, with the
 * contract's statuses and headers ({@code Retry-After}, {@code WWW-Authenticate}), so that OpenAI
 * clients raise their usual exception classes and retry what they should. The contract code maps to
 * OpenAI's {@code type} and {@code code} where OpenAI has one, else {@code code} is the contract's.
 */
public final class OpenAiErrors implements ErrorRenderer {
  /** The one renderer (stateless). */
  public static final OpenAiErrors INSTANCE = new OpenAiErrors();

  private OpenAiErrors() {}

  @Override
  public ApiResponse render(ApiException error, String requestId) {
    ApiResponse response = ApiResponse.bytes(error.code().status(), ApiResponse.JSON,
        Json.write(body(error)).getBytes(StandardCharsets.UTF_8));
    for (var header : error.headers().entrySet()) {
      response = response.withHeader(header.getKey(), header.getValue());
    }
    return response;
  }

  /** The error body, also sent as the last event of a stream that fails after it started. */
  static JsonObject body(ApiException error) {
    String code = error.code().wireName();
    String type = error.code().status() >= 500 ? "server_error" : "invalid_request_error";
    switch (code) {
      case "unauthenticated" -> {
        type = "authentication_error";
        code = "invalid_api_key";
      }
      case "rate_limited" -> {
        type = "requests";
        code = "rate_limit_exceeded";
      }
      case "budget_exceeded" -> {
        type = "insufficient_quota";
        code = "insufficient_quota";
      }
      case "invalid_argument" -> code = null;
      default -> { }
    }
    String param = null;
    if (error instanceof OpenAiError openAi) {
      code = openAi.openAiCode() != null ? openAi.openAiCode() : code;
      param = openAi.param();
    }
    JsonObject inner = new JsonObject();
    inner.addProperty("message", error.getMessage());
    inner.addProperty("type", type);
    inner.addProperty("code", code);
    inner.addProperty("param", param);
    JsonObject outer = new JsonObject();
    outer.add("error", inner);
    return outer;
  }
}
