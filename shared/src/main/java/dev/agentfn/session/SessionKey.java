package dev.agentfn.session;

import dev.agentfn.access.Fingerprint;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A conversation's identity: the caller that owns it and the id it chose. Two callers using one id
 * have two conversations.
 *
 * @param owner the caller id (an API key's hash, or the client address when the API is open)
 * @param id the client-chosen {@code session_id}
 */
public record SessionKey(String owner, String id) {
  public SessionKey {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(id, "id");
  }

  /** A stable name of this key that reveals neither part: the hex SHA-256 of owner and id. */
  public String hash() {
    return HexFormat.of().formatHex(Fingerprint.sha256(owner + "\n" + id));
  }
}
