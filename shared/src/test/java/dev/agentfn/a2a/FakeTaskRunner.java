package dev.agentfn.a2a;

import com.google.gson.JsonObject;
import dev.agentfn.agent.MultiAgentResult;
import dev.agentfn.agent.SubtaskReport;
import dev.agentfn.agent.TaskRunner;
import dev.agentfn.api.CallContext;
import dev.agentfn.config.Config;
import dev.agentfn.model.History;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.OfflineModelClient;
import dev.agentfn.model.Usage;
import dev.agentfn.session.SessionStore;
import dev.agentfn.session.Sessions;
import dev.agentfn.session.Summarizer;
import dev.agentfn.stats.UsageStats;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A fake at the {@link TaskRunner} port: one {@code calculate} subtask whose result is the task
 * text's length, reported through the progress callbacks like the real executor. Records the
 * tasks it ran; a hook can replace the run.
 */
final class FakeTaskRunner implements TaskRunner {
  final List<String> tasks = new CopyOnWriteArrayList<>();
  final List<History> histories = new CopyOnWriteArrayList<>();
  volatile Function<Run, MultiAgentResult> behaviour = FakeTaskRunner::completed;

  /** One call, as the fake saw it. */
  record Run(String taskId, String task, History history, int maxSubtasks, CallContext context, Progress progress) {}

  @Override
  public MultiAgentResult run(String taskId, String task, History history, int maxSubtasks, CallContext context,
      Progress progress) {
    tasks.add(task);
    histories.add(history);
    return behaviour.apply(new Run(taskId, task, history, maxSubtasks, context, progress));
  }

  /** In-memory conversations for an {@link A2aService} under test, as its supplier. */
  static Supplier<Sessions> conversationsOf(Clock clock) {
    Sessions sessions = conversations(clock);
    return () -> sessions;
  }

  /** In-memory conversations for an {@link A2aService} under test (the fake never calls the summariser's model). */
  static Sessions conversations(Clock clock) {
    ModelCatalog catalog = ModelCatalog.from(Config.defaults());
    return new Sessions(SessionStore.inMemory(1_000_000, Duration.ofHours(1), clock),
        new Summarizer(new OfflineModelClient(Duration.ZERO), catalog, new UsageStats()), 8000, Duration.ofHours(1),
        clock);
  }

  static MultiAgentResult completed(Run run) {
    return result(run, "completed", "answer to: " + run.task());
  }

  static MultiAgentResult result(Run run, String status, String answer) {
    JsonObject args = new JsonObject();
    args.addProperty("expression", "25*4");
    SubtaskReport pending = new SubtaskReport("s1", "calculate 25×4", "calculate", args, List.of(), "pending", null,
        null, 0);
    run.progress().planned("rules", List.of(pending));
    SubtaskReport done = "failed".equals(status)
        ? new SubtaskReport("s1", "calculate 25×4", "calculate", args, List.of(), "failed", null, "boom", 2)
        : new SubtaskReport("s1", "calculate 25×4", "calculate", args, List.of(), "completed", "100", null, 2);
    run.progress().subtask(done);
    return new MultiAgentResult(run.taskId(), status, List.of(done), 1, answer, "rules", null, "offline", 5,
        Usage.of(1, 2), 0.0, run.context().requestId());
  }

  /**
   * Makes the next run wait until {@link Gate#release()}, then ask its progress whether it was
   * cancelled and finish {@code partial}: for cancellation tests, without sleeps.
   */
  Gate gate() {
    Gate gate = new Gate();
    behaviour = gate::run;
    return gate;
  }

  /** A run held at the start; see {@link #gate()}. */
  static final class Gate {
    private final BlockingQueue<String> started = new ArrayBlockingQueue<>(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final BlockingQueue<Boolean> sawCancel = new ArrayBlockingQueue<>(1);

    private MultiAgentResult run(Run run) {
      started.add(run.taskId());
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the run");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sawCancel.add(run.progress().cancelled());
      return result(run, "partial", "stopped early");
    }

    /** The id of the held task, once its run started. */
    String awaitStart() throws InterruptedException {
      return started.poll(30, TimeUnit.SECONDS);
    }

    void release() {
      release.countDown();
    }

    /** Whether the released run saw a cancellation. */
    Boolean sawCancel() throws InterruptedException {
      return sawCancel.poll(30, TimeUnit.SECONDS);
    }
  }
}
