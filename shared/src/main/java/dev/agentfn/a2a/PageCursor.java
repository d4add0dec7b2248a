package dev.agentfn.a2a;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;

/** The position after the last task of a page, as an opaque {@code pageToken}. */
record PageCursor(Instant updatedAt, String id) {
  /** Newest first, then by id descending: the order of every listing. */
  static final Comparator<StoredTask> ORDER = Comparator.comparing(StoredTask::updatedAt)
      .thenComparing(StoredTask::id).reversed();

  static PageCursor after(StoredTask task) {
    return new PageCursor(task.updatedAt(), task.id());
  }

  /** Whether {@code task} sorts after this position (belongs to a later page). */
  boolean precedes(StoredTask task) {
    int byTime = task.updatedAt().compareTo(updatedAt);
    return byTime < 0 || byTime == 0 && task.id().compareTo(id) < 0;
  }

  String encode() {
    String raw = updatedAt.getEpochSecond() + "." + updatedAt.getNano() + ":" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a page token; throws {@link IllegalArgumentException} when it is not one of ours. */
  static PageCursor decode(String token) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      int dot = raw.indexOf('.');
      if (colon < 0 || dot < 0 || dot > colon) {
        throw new IllegalArgumentException("malformed page token");
      }
      Instant at = Instant.ofEpochSecond(Long.parseLong(raw.substring(0, dot)),
          Long.parseLong(raw.substring(dot + 1, colon)));
      return new PageCursor(at, raw.substring(colon + 1));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("pageToken is not a token this agent issued", e);
    }
  }
}
