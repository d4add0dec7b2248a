package dev.agentfn.a2a;

import com.google.api.core.ApiFuture;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.Json;
import dev.agentfn.firestore.Claims;
import dev.agentfn.firestore.Firestores;
import dev.agentfn.firestore.FirestoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A2A tasks in Firestore, one document per task id in {@code a2a_tasks}: {@code owner},
 * {@code contextId}, {@code state}, {@code updatedAt}, {@code expireAt} (a Timestamp; the
 * collection's TTL policy deletes expired documents, and reads ignore them before that) and
 * {@code task}, the A2A 1.0 Task JSON. Thread-safe.
 *
 * <p>A task's terminal state is claimed ({@link Claims}) in a second, small document
 * {@code <id>:final} holding {@code state} and {@code expireAt}: {@code create()} succeeds for the
 * first writer only, which every Firestore, the npm emulator included, guarantees. Its id cannot be a task id ({@code :} is not allowed in those), it has
 * no {@code owner}, so listings never see it, and the same TTL policy removes it.
 *
 * <p>Listings query {@code owner ==} (and {@code contextId ==}, {@code state ==} when filtered)
 * ordered by {@code updatedAt} descending, which needs composite indexes in Firestore.
 */
public final class FirestoreTaskStore implements TaskStore {
  public static final String COLLECTION = "a2a_tasks";
  /** The Timestamp field after which a task is dead; the Terraform TTL policy names it (infra/check). */
  static final String EXPIRE_AT = "expireAt";
  /** Largest task JSON stored as is; Firestore documents hold at most 1 MiB. */
  static final int MAX_TASK_BYTES = 900_000;
  /** Extra documents a page fetches to step over tasks that share the cursor's timestamp. */
  private static final int TIE_SLACK = 10;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** Suffix of the document that holds a task's claimed terminal state. */
  static final String FINAL_SUFFIX = ":final";

  private final CollectionReference tasks;
  private final Clock clock;
  private final Claims claims = new Claims(TIMEOUT);

  /** @param firestore the instance's shared client */
  public FirestoreTaskStore(Firestore firestore, Clock clock) {
    this.tasks = firestore.collection(COLLECTION);
    this.clock = clock;
  }

  @Override
  public void save(StoredTask task) {
    Map<String, Object> document = new HashMap<>();
    document.put("owner", task.owner());
    document.put("contextId", task.contextId());
    document.put("state", task.state().wireName());
    document.put("updatedAt", Firestores.timestamp(task.updatedAt()));
    document.put(EXPIRE_AT, Firestores.timestamp(task.expireAt()));
    document.put("task", Json.write(fitted(task.task())));
    await(tasks.document(task.id()).set(document));
  }

  @Override
  public Optional<StoredTask> find(String owner, String id) {
    DocumentSnapshot document = await(tasks.document(id).get());
    if (!document.exists() || !owner.equals(document.getString("owner"))) {
      return Optional.empty();
    }
    StoredTask task = read(document);
    return live(task) ? Optional.of(task) : Optional.empty();
  }

  @Override
  public TaskPage list(TaskQuery query) {
    PageCursor cursor = query.pageToken() == null ? null : PageCursor.decode(query.pageToken());
    Query filtered = tasks.whereEqualTo("owner", query.owner());
    if (query.contextId() != null) {
      filtered = filtered.whereEqualTo("contextId", query.contextId());
    }
    if (query.state() != null) {
      filtered = filtered.whereEqualTo("state", query.state().wireName());
    }
    if (query.updatedAfter() != null) {
      filtered = filtered.whereGreaterThan("updatedAt", Firestores.timestamp(query.updatedAfter()));
    }
    long total = await(filtered.count().get()).getCount();
    Query page = filtered;
    if (cursor != null) {
      page = page.whereLessThanOrEqualTo("updatedAt", Firestores.timestamp(cursor.updatedAt()));
    }
    page = page.orderBy("updatedAt", Query.Direction.DESCENDING).limit(query.pageSize() + 1 + TIE_SLACK);
    List<StoredTask> found = new ArrayList<>();
    for (QueryDocumentSnapshot document : await(page.get()).getDocuments()) {
      StoredTask task = read(document);
      if (live(task) && (cursor == null || cursor.precedes(task))) {
        found.add(task);
      }
    }
    found.sort(PageCursor.ORDER);
    List<StoredTask> result = found.subList(0, Math.min(query.pageSize(), found.size()));
    String next = found.size() > result.size() ? PageCursor.after(result.get(result.size() - 1)).encode() : "";
    return new TaskPage(result, next, (int) Math.min(Integer.MAX_VALUE, total));
  }

  @Override
  public TaskState claimFinal(String id, TaskState state, Instant expireAt) {
    Map<String, Object> fields = Map.of("state", state.wireName(), "expireAt", Firestores.timestamp(expireAt));
    Claims.Claim claim;
    try {
      claim = claims.claim(tasks.document(id + FINAL_SUFFIX), fields);
    } catch (FirestoreUnavailableException e) {
      throw unavailable(e);
    }
    if (claim instanceof Claims.Claim.Won) {
      return state;
    }
    DocumentSnapshot existing = ((Claims.Claim.Taken) claim).existing();
    return TaskState.fromWireName(existing.getString("state"))
        .orElseThrow(() -> unavailable(new IllegalStateException("the end claimed for task " + id + " is unreadable")));
  }

  @Override
  public Optional<TaskState> finalState(String id) {
    DocumentSnapshot claim = await(tasks.document(id + FINAL_SUFFIX).get());
    return claim.exists() ? TaskState.fromWireName(claim.getString("state")) : Optional.empty();
  }

  @Override
  public boolean shared() {
    return true;
  }

  private boolean live(StoredTask task) {
    return task.expireAt().isAfter(clock.instant());
  }

  private static StoredTask read(DocumentSnapshot document) {
    JsonObject task = JsonParser.parseString(document.getString("task")).getAsJsonObject();
    return new StoredTask(document.getId(), document.getString("owner"), document.getString("contextId"),
        TaskState.fromWireName(document.getString("state")).orElse(TaskState.FAILED),
        Firestores.instant(document.getTimestamp("updatedAt")), Firestores.instant(document.getTimestamp(EXPIRE_AT)), task);
  }

  /**
   * The task, made to fit a document: when its JSON is too large, data parts are replaced by a
   * note and texts are cut.
   */
  static JsonObject fitted(JsonObject task) {
    if (Json.write(task).getBytes(StandardCharsets.UTF_8).length <= MAX_TASK_BYTES) {
      return task;
    }
    JsonObject smaller = task.deepCopy();
    if (smaller.has("artifacts")) {
      for (JsonElement artifact : smaller.getAsJsonArray("artifacts")) {
        JsonArray parts = artifact.getAsJsonObject().getAsJsonArray("parts");
        for (JsonElement element : parts) {
          JsonObject part = element.getAsJsonObject();
          if (part.has("data")) {
            JsonObject note = new JsonObject();
            note.addProperty("truncated", "too large to store; the streamed or returned task had it in full");
            part.add("data", note);
          } else if (part.has("text") && part.get("text").getAsString().length() > MAX_TASK_BYTES / 8) {
            part.addProperty("text", part.get("text").getAsString().substring(0, MAX_TASK_BYTES / 8) + "…");
          }
        }
      }
    }
    return smaller;
  }

  private static <T> T await(ApiFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(e);
    } catch (ExecutionException | TimeoutException e) {
      future.cancel(true);
      throw unavailable(e);
    }
  }

  private static ApiException unavailable(Exception cause) {
    return ApiException.upstreamUnavailable("the task store (Firestore) is unavailable", 5, cause);
  }
}
