package dev.agentfn.model;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import java.util.Map;

/**
 * The quality gate's refusal of an answer the model did not finish (cut off at the output token
 * limit, or stopped for safety): {@code invalid_argument} for callers that need a complete answer,
 * with what the model did produce for the caller that accepts it ({@code /v1/chat/completions},
 * which reports it with its finish reason). Being a failure, it is never cached.
 */
public final class IncompleteAnswerException extends ApiException {
  private static final long serialVersionUID = 1L;

  private final transient ModelReply reply;

  public IncompleteAnswerException(String message, ModelReply reply) {
    super(ErrorCode.INVALID_ARGUMENT, message, Map.of(), null);
    if (reply.finish() == ModelReply.Finish.STOP) {
      throw new IllegalArgumentException("a complete answer is not incomplete");
    }
    this.reply = reply;
  }

  /** What the model produced, with why it stopped (never {@link ModelReply.Finish#STOP}). */
  public ModelReply reply() {
    return reply;
  }
}
