package dev.agentfn.http;

/**
 * Handles one routed request. Throw {@link dev.agentfn.api.ApiException} for contract errors;
 * anything else becomes a generic {@code internal} error.
 */
@FunctionalInterface
public interface Handler {
  ApiResponse handle(ApiRequest request) throws Exception;
}
