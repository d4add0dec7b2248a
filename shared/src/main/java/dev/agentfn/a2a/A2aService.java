package dev.agentfn.a2a;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentfn.agent.MultiAgentEndpoint;
import dev.agentfn.agent.MultiAgentResult;
import dev.agentfn.agent.SubtaskReport;
import dev.agentfn.agent.TaskRunner;
import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.api.Json;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The A2A operations in protocol 1.0 terms, independent of the JSON-RPC framing: send a message
 * (run the multi-agent task to completion), get, list and cancel tasks. A task is visible only to
 * the caller that created it. Thread-safe.
 */
public final class A2aService {
  private static final System.Logger LOG = System.getLogger(A2aService.class.getName());
  /** How long a finished task can be read back; Firestore's TTL policy on {@code expireAt} enforces it. */
  public static final Duration TASK_TTL = Duration.ofDays(1);
  private static final int MAX_ID_CHARS = 128;
  /** Ids (task, context, message) are opaque tokens of these characters: safe as Firestore document ids and in logs. */
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_ID_CHARS - 1) + "}");
  /** Largest message accepted, as JSON: its text is at most 8,000 characters, the rest is envelope. */
  static final int MAX_MESSAGE_BYTES = 64 * 1024;
  /** How often a running task asks a shared store whether another instance cancelled it. */
  static final Duration CANCEL_CHECK_INTERVAL = Duration.ofSeconds(1);

  private final Supplier<TaskRunner> runner;
  private final TaskStore store;
  private final Clock clock;
  private final Map<String, AtomicBoolean> running = new ConcurrentHashMap<>();

  /**
   * @param runner the multi-agent runner (resolved on first use)
   * @param store where tasks live
   */
  public A2aService(Supplier<TaskRunner> runner, TaskStore store, Clock clock) {
    this.runner = runner;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Runs the task that {@code message} (an A2A 1.0 Message) asks for and returns it finished.
   * Every stream response (the task, status and artifact updates) goes to {@code events} as it
   * happens, from any thread; {@code clientGone} tells whether the caller stopped listening.
   */
  public StoredTask send(JsonObject message, CallContext context, Consumer<JsonObject> events,
      Supplier<Boolean> clientGone) {
    String text = validate(message, context.callerId());
    String contextId = message.has("contextId") ? message.get("contextId").getAsString()
        : UUID.randomUUID().toString();
    String taskId = UUID.randomUUID().toString();

    JsonObject userMessage = normalized(message, taskId, contextId);
    JsonObject task = new JsonObject();
    task.addProperty("id", taskId);
    task.addProperty("contextId", contextId);
    Instant started = clock.instant();
    task.add("status", TaskJson.status(TaskState.WORKING, started, null));
    JsonArray history = new JsonArray();
    history.add(userMessage);
    task.add("history", history);
    save(context.callerId(), task, TaskState.WORKING, started);
    events.accept(TaskJson.streamResponse("task", task.deepCopy()));

    AtomicBoolean cancelled = new AtomicBoolean();
    running.put(taskId, cancelled);
    RunProgress progress = new RunProgress(taskId, contextId, events, cancelled, clientGone);
    TaskState state;
    JsonObject statusMessage = null;
    try {
      MultiAgentResult result = runner.get().run(taskId, text, MultiAgentEndpoint.DEFAULT_SUBTASKS, context,
          progress);
      JsonArray artifacts = TaskJson.artifacts(result);
      task.add("artifacts", artifacts);
      for (JsonElement artifact : artifacts) {
        events.accept(TaskJson.artifactUpdate(taskId, contextId, artifact.getAsJsonObject()));
      }
      state = progress.cancelled() ? TaskState.CANCELED
          : "failed".equals(result.status()) ? TaskState.FAILED : TaskState.COMPLETED;
      if (state == TaskState.FAILED) {
        statusMessage = TaskJson.agentMessage(taskId, contextId, "every subtask failed", null);
      }
    } catch (ApiException e) {
      state = TaskState.FAILED;
      statusMessage = TaskJson.agentMessage(taskId, contextId, e.code().wireName() + ": " + e.getMessage(), null);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "A2A task " + taskId + " failed (request " + context.requestId() + "): " + e, e);
      state = TaskState.FAILED;
      statusMessage = TaskJson.agentMessage(taskId, contextId,
          "internal error; quote request id " + context.requestId() + " when reporting it", null);
    } finally {
      running.remove(taskId);
    }
    Instant finished = clock.instant();
    TaskState claimed = claimFinal(taskId, state, finished);
    if (claimed != state) {
      state = claimed;
      statusMessage = canceledMessage(taskId, contextId);
    }
    JsonObject status = TaskJson.status(state, finished, statusMessage);
    task.add("status", status);
    StoredTask stored = stored(context.callerId(), task, state, finished);
    try {
      store.save(stored);
    } catch (ApiException e) {
      LOG.log(Level.WARNING, "A2A task " + taskId + " finished but could not be stored: " + e.getMessage(), e);
    }
    events.accept(TaskJson.statusUpdate(taskId, contextId, status.deepCopy()));
    return stored;
  }

  /** The caller's task with this id. */
  public StoredTask get(String owner, String id) {
    checkId(id);
    return store.find(owner, id).orElseThrow(() -> A2aError.taskNotFound(id));
  }

  /** One page of the caller's tasks. */
  public TaskPage list(TaskQuery query) {
    try {
      return store.list(query);
    } catch (IllegalArgumentException e) {
      throw A2aError.invalidParams(e.getMessage());
    }
  }

  /**
   * Cancels a task that is still running: it stops between subtasks, on whichever instance runs
   * it. A finished task is not cancelable, also when it finishes while the cancel is under way:
   * the terminal state is claimed once ({@link TaskStore#claimFinal}), and the loser yields.
   */
  public StoredTask cancel(String owner, String id) {
    StoredTask current = get(owner, id);
    if (current.state().terminal()) {
      throw notCancelable(id, current.state());
    }
    Instant now = clock.instant();
    TaskState claimed = store.claimFinal(id, TaskState.CANCELED, now.plus(TASK_TTL));
    if (claimed != TaskState.CANCELED) {
      throw notCancelable(id, claimed);
    }
    AtomicBoolean flag = running.get(id);
    if (flag != null) {
      flag.set(true);
    }
    JsonObject task = current.task();
    task.add("status", TaskJson.status(TaskState.CANCELED, now, canceledMessage(id, current.contextId())));
    return save(owner, task, TaskState.CANCELED, now);
  }

  private static A2aError notCancelable(String id, TaskState state) {
    return new A2aError(A2aError.TASK_NOT_CANCELABLE,
        "task " + id + " is " + state.wireName() + " and cannot be canceled");
  }

  private static JsonObject canceledMessage(String taskId, String contextId) {
    return TaskJson.agentMessage(taskId, contextId, "canceled at the caller's request", null);
  }

  /** Claims {@code state} as the task's end; when the store cannot be reached the run's own state stands. */
  private TaskState claimFinal(String taskId, TaskState state, Instant at) {
    try {
      return store.claimFinal(taskId, state, at.plus(TASK_TTL));
    } catch (ApiException e) {
      LOG.log(Level.WARNING, "A2A task " + taskId + ": its end could not be claimed: " + e.getMessage());
      return state;
    }
  }

  /**
   * Checks that {@code message} (an A2A 1.0 Message) can start a task for {@code owner} and returns
   * the task text: its text parts, within the multi-agent limits. A message that names a task
   * is refused: every task here finishes in one turn.
   */
  public String validate(JsonObject message, String owner) {
    if (Json.write(message).getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
      throw A2aError.invalidParams("the message is larger than " + MAX_MESSAGE_BYTES + " bytes as JSON");
    }
    String text = taskText(message);
    if (message.has("taskId")) {
      String taskId = message.get("taskId").getAsString();
      store.find(owner, taskId).orElseThrow(() -> A2aError.taskNotFound(taskId));
      throw new A2aError(A2aError.UNSUPPORTED_OPERATION,
          "task " + taskId + " takes no further messages; send a new message without taskId");
    }
    return text;
  }

  private static String taskText(JsonObject message) {
    checkId(requireString(message, "messageId", "message.messageId"));
    String role = requireString(message, "role", "message.role");
    if (!"ROLE_USER".equals(role)) {
      throw A2aError.invalidParams("message.role must be ROLE_USER");
    }
    optionalId(message, "taskId");
    optionalId(message, "contextId");
    JsonElement parts = message.get("parts");
    if (parts == null || !parts.isJsonArray() || parts.getAsJsonArray().isEmpty()) {
      throw A2aError.invalidParams("message.parts must be a non-empty array");
    }
    StringBuilder text = new StringBuilder();
    for (JsonElement element : parts.getAsJsonArray()) {
      if (!element.isJsonObject()) {
        throw A2aError.invalidParams("message.parts must hold Part objects");
      }
      JsonObject part = element.getAsJsonObject();
      for (String content : List.of("raw", "url", "data")) {
        if (part.has(content)) {
          throw new A2aError(A2aError.CONTENT_TYPE_NOT_SUPPORTED,
              "this agent reads text parts only, not " + content + " parts");
        }
      }
      JsonElement value = part.get("text");
      if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        throw A2aError.invalidParams("each part needs a text string");
      }
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(value.getAsString());
    }
    String task = text.toString().strip();
    if (task.isEmpty()) {
      throw A2aError.invalidParams("the message's text must not be empty");
    }
    if (task.codePointCount(0, task.length()) > MultiAgentEndpoint.MAX_TASK_CHARS) {
      throw A2aError.invalidParams("the message's text must be at most " + MultiAgentEndpoint.MAX_TASK_CHARS
          + " characters");
    }
    return task;
  }

  private static String requireString(JsonObject object, String name, String label) {
    JsonElement value = object.get(name);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()
        || value.getAsString().isBlank()) {
      throw A2aError.invalidParams(label + " is required (a non-empty string)");
    }
    return value.getAsString();
  }

  private static void optionalId(JsonObject message, String name) {
    JsonElement value = message.get(name);
    if (value == null || value.isJsonNull() || value.isJsonPrimitive() && value.getAsString().isEmpty()) {
      message.remove(name);
      return;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw A2aError.invalidParams("message." + name + " must be a string");
    }
    checkId(value.getAsString());
  }

  /** Task, context and message ids are opaque tokens: letters, digits, {@code . _ -}, starting with a letter or digit. */
  static void checkId(String id) {
    if (!SAFE_ID.matcher(id).matches()) {
      throw A2aError.invalidParams("ids are 1 to " + MAX_ID_CHARS + " letters, digits, '.', '_' or '-', "
          + "starting with a letter or digit");
    }
  }

  /**
   * The user's message as it is stored and echoed: its id, role, the task's ids and its text parts
   * (text and media type only); metadata, extensions and other fields are not kept.
   */
  private static JsonObject normalized(JsonObject message, String taskId, String contextId) {
    JsonObject stored = new JsonObject();
    stored.addProperty("messageId", message.get("messageId").getAsString());
    stored.addProperty("contextId", contextId);
    stored.addProperty("taskId", taskId);
    stored.addProperty("role", "ROLE_USER");
    JsonArray parts = new JsonArray();
    for (JsonElement element : message.getAsJsonArray("parts")) {
      parts.add(TaskJson.textPart(element.getAsJsonObject().get("text").getAsString()));
    }
    stored.add("parts", parts);
    return stored;
  }

  private StoredTask save(String owner, JsonObject task, TaskState state, Instant at) {
    StoredTask stored = stored(owner, task, state, at);
    store.save(stored);
    return stored;
  }

  private static StoredTask stored(String owner, JsonObject task, TaskState state, Instant at) {
    return new StoredTask(task.get("id").getAsString(), owner, task.get("contextId").getAsString(), state, at,
        at.plus(TASK_TTL), task);
  }

  /** Turns the runner's progress into stream events and answers its cancellation checks. */
  private final class RunProgress implements TaskRunner.Progress {
    private final String taskId;
    private final String contextId;
    private final Consumer<JsonObject> events;
    private final AtomicBoolean cancelled;
    private final Supplier<Boolean> clientGone;
    private final AtomicBoolean firstChunk = new AtomicBoolean(true);
    /** When the shared store may be asked again (the executor's coordinator is the only caller). */
    private Instant nextCheck;

    RunProgress(String taskId, String contextId, Consumer<JsonObject> events, AtomicBoolean cancelled,
        Supplier<Boolean> clientGone) {
      this.taskId = taskId;
      this.contextId = contextId;
      this.events = events;
      this.cancelled = cancelled;
      this.clientGone = clientGone;
      this.nextCheck = clock.instant();
    }

    @Override
    public void planned(String planner, List<SubtaskReport> subtasks) {
      working(String.format(Locale.ROOT, "planned %d subtask(s) with the %s planner", subtasks.size(), planner),
          TaskJson.subtaskRows(subtasks));
    }

    @Override
    public void subtask(SubtaskReport report) {
      JsonElement row = TaskJson.subtaskRows(List.of(report)).get(0);
      working(report.id() + " (" + report.tool() + "): " + report.status(), row);
      if (!"running".equals(report.status())) {
        events.accept(TaskJson.subtaskChunk(taskId, contextId, row, !firstChunk.compareAndSet(true, false)));
      }
    }

    private void working(String text, JsonElement data) {
      events.accept(TaskJson.statusUpdate(taskId, contextId, TaskJson.status(TaskState.WORKING, clock.instant(),
          TaskJson.agentMessage(taskId, contextId, text, data))));
    }

    /**
     * True once this task was cancelled: here, by the client leaving, or (with a shared store) on
     * another instance, which a read of the task's claimed end alone tells, at most every
     * {@link #CANCEL_CHECK_INTERVAL} however often the executor asks.
     */
    @Override
    public boolean cancelled() {
      if (cancelled.get() || clientGone.get()) {
        return true;
      }
      Instant now = clock.instant();
      if (store.shared() && !now.isBefore(nextCheck)) {
        nextCheck = now.plus(CANCEL_CHECK_INTERVAL);
        try {
          if (store.finalState(taskId).orElse(null) == TaskState.CANCELED) {
            cancelled.set(true);
          }
        } catch (ApiException e) {
          LOG.log(Level.DEBUG, "cancellation check of A2A task " + taskId + " failed: " + e.getMessage());
        }
      }
      return cancelled.get();
    }
  }
}
