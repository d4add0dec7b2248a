package dev.agentfn.session;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.http.ApiRequest;
import dev.agentfn.http.ApiResponse;
import dev.agentfn.http.Endpoint;
import dev.agentfn.http.Handler;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /sessions/{id}} (the caller's conversation: its turns and summary) and
 * {@code DELETE /sessions/{id}} (204). Another caller's session is {@code not_found}, like a
 * session that never existed.
 */
public final class SessionEndpoint implements Handler {
  public static final String PATH = "/sessions/{id}";

  private final Supplier<Sessions> sessions;

  /** @param sessions resolved on first use */
  public SessionEndpoint(Supplier<Sessions> sessions) {
    this.sessions = sessions;
  }

  /** This handler on {@link #PATH} for GET and DELETE. */
  public Endpoint endpoint() {
    return new Endpoint(PATH, Set.of("GET", "DELETE"), this);
  }

  @Override
  public ApiResponse handle(ApiRequest request) {
    String id = ChatRequest.sessionId(request.pathParameter(), "the session id in the path");
    String owner = request.context().callerId();
    if ("DELETE".equals(request.method())) {
      sessions.get().delete(owner, id);
      return ApiResponse.empty(204);
    }
    return ApiResponse.ok(json(sessions.get().transcript(owner, id), request.requestId()));
  }

  private static JsonObject json(Sessions.Transcript transcript, String requestId) {
    JsonArray turns = new JsonArray();
    for (StoredTurn turn : transcript.turns()) {
      JsonObject item = new JsonObject();
      item.addProperty("turn", turn.number());
      item.addProperty("query", turn.query());
      item.addProperty("answer", turn.answer());
      item.addProperty("model_used", turn.model());
      item.addProperty("created_at", turn.createdAt().toString());
      turns.add(item);
    }
    JsonObject body = new JsonObject();
    body.addProperty("session_id", transcript.sessionId());
    body.add("turns", turns);
    if (transcript.summary() != null) {
      body.addProperty("summary", transcript.summary());
    }
    body.addProperty("request_id", requestId);
    return body;
  }
}
