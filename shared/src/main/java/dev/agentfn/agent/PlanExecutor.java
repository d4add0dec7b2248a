package dev.agentfn.agent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.agentfn.model.ModelReply;
import dev.agentfn.pool.FairPool;
import dev.agentfn.tool.TaskScope;
import dev.agentfn.tool.Tool;
import dev.agentfn.tool.ToolContext;
import dev.agentfn.tool.ToolOutcome;
import dev.agentfn.tool.ToolRegistry;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * Runs a validated plan: each subtask is queued as soon as its dependencies have completed, so
 * independent ones run in parallel on the {@link FairPool} shared by the instance (a request runs at
 * most {@link #LIMITS}{@code .perRequest()} subtasks at once, a caller at most {@code perCaller},
 * and callers take turns); each has a timeout that starts when the subtask starts, not while it
 * waits for a worker; {@code {{sN}}} in arguments is replaced by the result of {@code sN}; a failed
 * subtask is a value and its dependents are skipped; one still waiting when the task is cancelled
 * or its deadline passes is skipped. Thread-safe.
 */
public final class PlanExecutor {
  private static final System.Logger LOG = System.getLogger(PlanExecutor.class.getName());
  /**
   * The production pool's bounds: 32 workers per instance; a request runs at most 8 subtasks at
   * once and a caller 16 (so half the workers stay free for other callers); a caller may have 64
   * subtasks running or waiting (four full plans), the instance 512.
   */
  public static final FairPool.Limits LIMITS = new FairPool.Limits(32, 8, 16, 64, 512);
  /** How often the coordinator checks for cancellation while it waits for subtasks. */
  private static final long POLL_MS = 100;

  private final ToolRegistry tools;
  private final FairPool pool;
  private final ScheduledExecutorService timer;
  private final Duration subtaskTimeout;
  private final Clock clock;

  /**
   * @param pool runs the tool calls (bounded; shared by all requests of the instance)
   * @param timer fires subtask timeouts
   * @param subtaskTimeout how long one subtask may take once started (the request's deadline may cut it shorter)
   */
  public PlanExecutor(ToolRegistry tools, FairPool pool, ScheduledExecutorService timer,
      Duration subtaskTimeout, Clock clock) {
    this.tools = tools;
    this.pool = pool;
    this.timer = timer;
    this.subtaskTimeout = subtaskTimeout;
    this.clock = clock;
  }

  /** An executor with its own fair pool ({@link #LIMITS}) and a timeout timer (create once per instance). */
  public static PlanExecutor create(ToolRegistry tools, Duration subtaskTimeout, Clock clock) {
    FairPool pool = new FairPool("subtask", LIMITS);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "agentfn-subtask-timer");
      thread.setDaemon(true);
      return thread;
    });
    return new PlanExecutor(tools, pool, timer, subtaskTimeout, clock);
  }

  /**
   * Runs {@code plan} in {@code scope} (its caller, hops, shared state) until done or {@code deadline};
   * rows in plan order.
   *
   * @throws dev.agentfn.api.ApiException {@code rate_limited} or {@code overloaded} when the pool
   *     has no room for the plan's subtasks
   */
  List<SubtaskReport> run(Plan plan, TaskScope scope, Instant deadline, Consumer<ModelReply> meter,
      TaskRunner.Progress progress) {
    try (FairPool.Lane lane = pool.open(scope.callerId(), plan.subtasks().size())) {
      return new Run(plan, scope, deadline, meter, progress, lane).execute();
    }
  }

  /**
   * The state of one plan's execution; used by the calling thread (the coordinator) only, except
   * {@link #begin} and {@link #finish}, which workers and the timer call. Progress reports go out
   * under {@code reports}, so that a subtask's {@code running} row never follows its outcome.
   */
  private final class Run {
    private final Plan plan;
    private final TaskScope scope;
    private final Instant deadline;
    private final Consumer<ModelReply> meter;
    private final TaskRunner.Progress progress;
    private final Map<String, Subtask> byId = new LinkedHashMap<>();
    private final Map<String, SubtaskOutcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> argsUsed = new ConcurrentHashMap<>();
    /** Each queued subtask's handle, kept until the run ends: a timeout or a stop may still interrupt it. */
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> timeouts = new ConcurrentHashMap<>();
    private final Set<String> started = new HashSet<>();
    /** Outcomes the coordinator has processed (dependents start only after this, so progress stays in order). */
    private final Map<String, SubtaskOutcome> settled = new HashMap<>();
    private final BlockingQueue<String> finished = new LinkedBlockingQueue<>();
    /** Subtasks a worker has begun (guarded by {@code reports}). */
    private final Set<String> begun = new HashSet<>();
    private final Object reports = new Object();
    private final FairPool.Lane lane;

    Run(Plan plan, TaskScope scope, Instant deadline, Consumer<ModelReply> meter, TaskRunner.Progress progress,
        FairPool.Lane lane) {
      this.lane = lane;
      this.plan = plan;
      this.scope = scope;
      this.deadline = deadline;
      this.meter = meter;
      this.progress = progress;
      plan.subtasks().forEach(s -> byId.put(s.id(), s));
    }

    List<SubtaskReport> execute() {
      boolean stopped = false;
      try {
        startReady();
        while (settled.size() < byId.size()) {
          if (!stopped && progress.cancelled()) {
            stopped = stopAll("the task was cancelled");
          }
          long left = Duration.between(clock.instant(), deadline).toMillis();
          if (!stopped && left <= 0) {
            stopped = stopAll("the request's deadline passed");
          }
          String id = stopped ? finished.poll() : finished.poll(Math.min(left, POLL_MS), TimeUnit.MILLISECONDS);
          if (id != null) {
            completed(id);
          } else if (stopped) {
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopAll("the task was interrupted");
      }
      List<SubtaskReport> reports = new ArrayList<>();
      for (Subtask subtask : plan.subtasks()) {
        reports.add(outcomes.get(subtask.id()).report(withArgs(subtask)));
      }
      return reports;
    }

    private void completed(String id) {
      ScheduledFuture<?> timeout = timeouts.remove(id);
      if (timeout != null) {
        timeout.cancel(false);
      }
      settled.put(id, outcomes.get(id));
      report(outcomes.get(id).report(withArgs(byId.get(id))));
      if (!progress.cancelled() && clock.instant().isBefore(deadline)) {
        startReady();
      }
    }

    /** Starts every subtask whose dependencies completed; skips those with a dependency that did not. */
    private void startReady() {
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Subtask subtask : byId.values()) {
          if (started.contains(subtask.id())) {
            continue;
          }
          String blocker = blocker(subtask);
          if (blocker != null) {
            started.add(subtask.id());
            SubtaskOutcome skipped = new SubtaskOutcome.Skipped("depends on " + blocker + ", which "
                + (settled.get(blocker) instanceof SubtaskOutcome.Skipped ? "was skipped" : "failed"));
            outcomes.put(subtask.id(), skipped);
            settled.put(subtask.id(), skipped);
            report(skipped.report(subtask));
            changed = true;
          } else if (subtask.dependsOn().stream().allMatch(d -> settled.get(d) instanceof SubtaskOutcome.Completed)) {
            started.add(subtask.id());
            start(subtask);
          }
        }
      }
    }

    private String blocker(Subtask subtask) {
      for (String dependency : subtask.dependsOn()) {
        SubtaskOutcome outcome = settled.get(dependency);
        if (outcome != null && !(outcome instanceof SubtaskOutcome.Completed)) {
          return dependency;
        }
      }
      return null;
    }

    /** Queues {@code subtask} on the request's lane; its clock starts when a worker takes it ({@link #begin}). */
    private void start(Subtask subtask) {
      Tool tool = tools.find(subtask.tool()).orElseThrow();
      JsonObject args = substitute(subtask, tool);
      argsUsed.put(subtask.id(), args);
      String id = subtask.id();
      running.put(id, lane.submit(() -> begin(id, tool, args)));
    }

    /** On a worker: reports the subtask running, arms its timeout and runs the tool, unless it was stopped while queued. */
    private void begin(String id, Tool tool, JsonObject args) {
      synchronized (reports) {
        if (outcomes.containsKey(id)) {
          return;
        }
        begun.add(id);
        progress.subtask(withArgs(byId.get(id)).report("running", null, null, 0));
      }
      Instant now = clock.instant();
      Instant until = now.plus(subtaskTimeout).isBefore(deadline) ? now.plus(subtaskTimeout) : deadline;
      long limitMs = Math.max(1, Duration.between(now, until).toMillis());
      long startNanos = System.nanoTime();
      timeouts.put(id, timer.schedule(() -> {
        if (finish(id, new SubtaskOutcome.Failed("timed out after " + limitMs + " ms", elapsedMs(startNanos)))) {
          Future<?> future = running.get(id);
          if (future != null) {
            future.cancel(true);
          }
        }
      }, limitMs, TimeUnit.MILLISECONDS));
      finish(id, call(tool, args, new ToolContext(scope, until, meter), startNanos));
    }

    private void report(SubtaskReport report) {
      synchronized (reports) {
        progress.subtask(report);
      }
    }

    private SubtaskOutcome call(Tool tool, JsonObject args, ToolContext context, long startNanos) {
      ToolOutcome outcome;
      try {
        outcome = tool.run(args, context);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "tool " + tool.name() + " threw " + e, e);
        outcome = ToolOutcome.failure("the " + tool.name() + " tool failed unexpectedly");
      }
      long latency = elapsedMs(startNanos);
      return outcome instanceof ToolOutcome.Success success
          ? new SubtaskOutcome.Completed(success.output(), latency)
          : new SubtaskOutcome.Failed(((ToolOutcome.Failure) outcome).error(), latency);
    }

    /** Records the first outcome of a subtask (a result, a timeout, a stop); true if this one was first. */
    private boolean finish(String id, SubtaskOutcome outcome) {
      if (outcomes.putIfAbsent(id, outcome) == null) {
        finished.add(id);
        return true;
      }
      return false;
    }

    /**
     * Ends every subtask that has not ended: unstarted and still queued ones are skipped, running
     * ones fail and are interrupted.
     */
    private boolean stopAll(String reason) {
      for (Subtask subtask : byId.values()) {
        String id = subtask.id();
        if (!started.contains(id)) {
          started.add(id);
          SubtaskOutcome skipped = new SubtaskOutcome.Skipped(reason);
          outcomes.put(id, skipped);
          settled.put(id, skipped);
          report(skipped.report(subtask));
          continue;
        }
        boolean stopped;
        synchronized (reports) {
          stopped = finish(id, begun.contains(id) ? new SubtaskOutcome.Failed(reason, 0)
              : new SubtaskOutcome.Skipped(reason));
        }
        Future<?> future = running.get(id);
        if (stopped && future != null) {
          future.cancel(true);
        }
      }
      return true;
    }

    private JsonObject substitute(Subtask subtask, Tool tool) {
      JsonObject args = subtask.args();
      if (subtask.dependsOn().isEmpty()) {
        return args;
      }
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonElement> entry : args.entrySet()) {
        JsonElement value = entry.getValue();
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
          Matcher matcher = PlanValidator.PLACEHOLDER.matcher(value.getAsString());
          StringBuilder replaced = new StringBuilder();
          while (matcher.find()) {
            String ref = matcher.group(1);
            String result = outcomes.get(ref) instanceof SubtaskOutcome.Completed c ? c.result() : "";
            matcher.appendReplacement(replaced, Matcher.quoteReplacement(tool.embed(ref, result)));
          }
          matcher.appendTail(replaced);
          out.addProperty(entry.getKey(), replaced.toString());
        } else {
          out.add(entry.getKey(), value);
        }
      }
      return out;
    }

    /** The subtask with the arguments it actually ran with (placeholders replaced), if it ran. */
    private Subtask withArgs(Subtask subtask) {
      JsonObject used = argsUsed.get(subtask.id());
      return used == null ? subtask
          : new Subtask(subtask.id(), subtask.description(), subtask.tool(), used, subtask.dependsOn());
    }
  }

  private static long elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
