package dev.agentfn.model;

import java.util.function.Consumer;

/**
 * The port to a generative model. Implementations are thread-safe and shared by all requests of
 * an instance. Failures are thrown as {@link dev.agentfn.api.ApiException} with a caller-safe
 * message ({@code upstream_unavailable}, {@code deadline_exceeded}, ...), never the upstream's text.
 */
public interface ModelClient {

  /** The provider's name as reported by the API: {@code gemini} or {@code offline}. */
  String provider();

  /**
   * Builds now what the first call would otherwise build (an SDK client, its TLS set-up, its JSON
   * mapping), so that an instance can do it off the request path as it starts. The default does nothing.
   */
  default void prepare() {}

  /** Generates a complete answer. */
  ModelReply generate(ModelRequest request);

  /**
   * Generates an answer, passing text chunks to {@code onDelta} as they arrive, and returns the
   * complete answer. The concatenated deltas equal the returned text. The default emits the whole
   * answer as one chunk.
   */
  default ModelReply stream(ModelRequest request, Consumer<String> onDelta) {
    ModelReply reply = generate(request);
    onDelta.accept(reply.text());
    return reply;
  }
}
