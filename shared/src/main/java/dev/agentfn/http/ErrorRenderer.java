package dev.agentfn.http;

import dev.agentfn.api.ApiException;

/**
 * Renders an {@link ApiException} as an endpoint's clients expect it: the contract's error body by
 * default, another protocol's error shape on endpoints that speak one (e.g. the OpenAI-compatible
 * paths). The status and headers come from the error; a renderer chooses the body.
 */
@FunctionalInterface
public interface ErrorRenderer {
  /** The response for {@code error} on request {@code requestId}. */
  ApiResponse render(ApiException error, String requestId);

  /** The contract's {@code {"error": {"code", "message", "request_id"}}}. */
  static ErrorRenderer standard() {
    return ApiResponse::error;
  }
}
