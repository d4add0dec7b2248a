package dev.agentfn.openai;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import java.util.Map;

/**
 * An error of the OpenAI-compatible endpoints that names, as OpenAI's do, its own {@code code} and
 * the request field at fault ({@code param}); it is still an {@link ApiException} with a contract
 * code, which decides the status.
 */
final class OpenAiError extends ApiException {
  private static final long serialVersionUID = 1L;

  private final String openAiCode;
  private final String param;

  private OpenAiError(ErrorCode code, String message, String openAiCode, String param) {
    super(code, message, Map.of(), null);
    this.openAiCode = openAiCode;
    this.param = param;
  }

  /** A 400 {@code invalid_request_error} about {@code param} (a field path such as {@code messages[1].role}). */
  static OpenAiError invalid(String message, String param) {
    return new OpenAiError(ErrorCode.INVALID_ARGUMENT, message, null, param);
  }

  /** A 400 for a field agentfn does not support (it would change the answer's shape). */
  static OpenAiError unsupported(String param, String why) {
    return new OpenAiError(ErrorCode.INVALID_ARGUMENT, param + " is not supported: " + why, "unsupported_parameter",
        param);
  }

  /** OpenAI's 404 {@code model_not_found}. */
  static OpenAiError modelNotFound(String model) {
    return new OpenAiError(ErrorCode.NOT_FOUND, "The model `" + model + "` does not exist; GET /v1/models lists "
        + "the models, and `auto` lets agentfn's router choose", "model_not_found", "model");
  }

  /** OpenAI's {@code code}, or null to derive it from the contract code. */
  String openAiCode() {
    return openAiCode;
  }

  /** The request field at fault, or null. */
  String param() {
    return param;
  }
}
