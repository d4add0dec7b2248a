package dev.agentfn.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.agentfn.pool.FairPool;
import dev.agentfn.testing.MutableClock;
import dev.agentfn.tool.ArgsSchema;
import dev.agentfn.tool.CalculateTool;
import dev.agentfn.tool.TaskScope;
import dev.agentfn.tool.Tool;
import dev.agentfn.tool.ToolContext;
import dev.agentfn.tool.ToolOutcome;
import dev.agentfn.tool.ToolRegistry;
import dev.agentfn.tool.UntrustedData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlanExecutorTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final FairPool pool = new FairPool("test", new FairPool.Limits(4, 4, 4, 64, 64));
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T08:00:00Z"));
  private final Instant deadline = clock.instant().plusSeconds(60);

  @AfterEach
  void stop() {
    release.countDown();
    callers.shutdownNow();
    pool.close();
    timer.shutdownNow();
  }

  @Test
  void independentSubtasksRunInParallel() {
    CyclicBarrier allThreeStarted = new CyclicBarrier(3);
    Tool meet = tool("meet", (args, context) -> {
      try {
        allThreeStarted.await(10, TimeUnit.SECONDS);
        return ToolOutcome.success("met");
      } catch (Exception e) {
        return ToolOutcome.failure("the others never started");
      }
    });
    Plan plan = new Plan(List.of(subtask("s1", "meet"), subtask("s2", "meet"), subtask("s3", "meet")));

    List<SubtaskReport> reports = executor(Duration.ofSeconds(30), meet).run(plan, new TaskScope("caller", 0), deadline, r -> {}, TaskRunner.Progress.NONE);

    reports.forEach(r -> assertEquals("completed", r.status(), r.toString()));
    int lastStart = 0;
    int firstEnd = Integer.MAX_VALUE;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).startsWith("start")) {
        lastStart = Math.max(lastStart, i);
      } else {
        firstEnd = Math.min(firstEnd, i);
      }
    }
    assertTrue(lastStart < firstEnd, "every subtask started before any ended: " + events);
  }

  @Test
  void aDependentSubtaskGetsItsDependencysResult() {
    Plan plan = new Plan(List.of(
        new Subtask("s1", "add", "calculate", args("expression", "20+5"), List.of()),
        new Subtask("s2", "times four", "calculate", args("expression", "{{s1}} * 4"), List.of("s1")),
        new Subtask("s3", "explain", "echo", args("text", "explain {{ s2 }}"), List.of("s2"))));

    List<SubtaskReport> reports = executor(Duration.ofSeconds(30), new CalculateTool(), tool("echo",
        (args, context) -> ToolOutcome.success(args.get("text").getAsString())))
        .run(plan, new TaskScope("caller", 0), deadline, r -> {}, TaskRunner.Progress.NONE);

    assertEquals("25", reports.get(0).result());
    assertEquals("100", reports.get(1).result());
    assertEquals("25 * 4", reports.get(1).args().get("expression").getAsString(), "the report shows the args used");
    assertEquals("explain " + UntrustedData.wrap("s2", "100"), reports.get(2).result(),
        "a result embedded for a model is delimited as data");
  }

  @Test
  void aFailureSkipsItsDependentsTransitivelyButNotIndependentSubtasks() {
    Plan plan = new Plan(List.of(
        new Subtask("s1", "bad", "calculate", args("expression", "1/0"), List.of()),
        new Subtask("s2", "uses s1", "calculate", args("expression", "{{s1}}+1"), List.of("s1")),
        new Subtask("s3", "uses s2", "calculate", args("expression", "{{s2}}+1"), List.of("s2")),
        new Subtask("s4", "independent", "calculate", args("expression", "2+2"), List.of()),
        new Subtask("s5", "throws", "boom", new JsonObject(), List.of())));
    List<String> progress = new CopyOnWriteArrayList<>();

    List<SubtaskReport> reports = executor(Duration.ofSeconds(30), new CalculateTool(),
        tool("boom", (args, context) -> {
          throw new IllegalStateException("secret internal detail");
        }))
        .run(plan, new TaskScope("caller", 0), deadline, r -> {}, new TaskRunner.Progress() {
          @Override
          public void subtask(SubtaskReport report) {
            progress.add(report.id() + ":" + report.status());
          }
        });

    assertEquals("failed", reports.get(0).status());
    assertEquals("cannot calculate: division by zero", reports.get(0).error());
    assertEquals("skipped", reports.get(1).status());
    assertEquals("depends on s1, which failed", reports.get(1).error());
    assertEquals("skipped", reports.get(2).status());
    assertEquals("depends on s2, which was skipped", reports.get(2).error());
    assertEquals("completed", reports.get(3).status());
    assertEquals("failed", reports.get(4).status());
    assertEquals("the boom tool failed unexpectedly", reports.get(4).error());
    assertEquals("failed", MultiAgentService.status(List.of(reports.get(0))));
    assertEquals("partial", MultiAgentService.status(reports));
    assertTrue(progress.containsAll(List.of("s1:running", "s1:failed", "s2:skipped", "s3:skipped", "s4:running",
        "s4:completed", "s5:failed")), progress.toString());
  }

  @Test
  void aSubtaskThatOverrunsItsTimeoutFailsAndIsInterrupted() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    Tool hang = tool("hang", (args, context) -> {
      try {
        new CountDownLatch(1).await(30, TimeUnit.SECONDS);
        return ToolOutcome.success("not interrupted");
      } catch (InterruptedException e) {
        interrupted.countDown();
        return ToolOutcome.success("too late");
      }
    });
    Plan plan = new Plan(List.of(subtask("s1", "hang"), new Subtask("s2", "after", "hang", new JsonObject(), List.of("s1"))));

    List<SubtaskReport> reports = executor(Duration.ofMillis(50), hang).run(plan, new TaskScope("caller", 0), deadline, r -> {},
        TaskRunner.Progress.NONE);

    assertEquals("failed", reports.get(0).status());
    assertEquals("timed out after 50 ms", reports.get(0).error());
    assertEquals("skipped", reports.get(1).status());
    assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the hung tool's thread is interrupted");
  }

  @Test
  void whenTheRequestDeadlinePassesRunningSubtasksFailAndTheRestAreSkipped() {
    CountDownLatch release = new CountDownLatch(1);
    Tool slow = tool("slow", (args, context) -> {
      clock.advance(Duration.ofSeconds(61));
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ToolOutcome.success("late");
    });
    Plan plan = new Plan(List.of(subtask("s1", "slow"), new Subtask("s2", "after", "slow", new JsonObject(), List.of("s1"))));

    List<SubtaskReport> reports = executor(Duration.ofSeconds(30), slow).run(plan, new TaskScope("caller", 0), deadline, r -> {},
        TaskRunner.Progress.NONE);
    release.countDown();

    assertEquals("failed", reports.get(0).status());
    assertEquals("the request's deadline passed", reports.get(0).error());
    assertEquals("skipped", reports.get(1).status());
    assertEquals("the request's deadline passed", reports.get(1).error());
  }

  @Test
  void cancellationStopsTheRemainingSubtasks() {
    Plan plan = new Plan(List.of(
        new Subtask("s1", "first", "calculate", args("expression", "1+1"), List.of()),
        new Subtask("s2", "second", "calculate", args("expression", "{{s1}}+1"), List.of("s1"))));
    List<String> seen = new CopyOnWriteArrayList<>();

    List<SubtaskReport> reports = executor(Duration.ofSeconds(30), new CalculateTool()).run(plan, new TaskScope("caller", 0), deadline,
        r -> {}, new TaskRunner.Progress() {
          @Override
          public void subtask(SubtaskReport report) {
            seen.add(report.id() + ":" + report.status());
          }

          @Override
          public boolean cancelled() {
            return seen.contains("s1:completed");
          }
        });

    assertEquals("completed", reports.get(0).status());
    assertEquals("skipped", reports.get(1).status());
    assertEquals("the task was cancelled", reports.get(1).error());
  }

  @Test
  void toolsSeeTheCallerAndATimeoutBoundedByTheDeadline() {
    List<ToolContext> contexts = new ArrayList<>();
    Tool record = tool("record", (args, context) -> {
      contexts.add(context);
      return ToolOutcome.success("ok");
    });

    TaskScope scope = new TaskScope("caller-7", 2);
    executor(Duration.ofSeconds(5), record).run(new Plan(List.of(subtask("s1", "record"))), scope, deadline,
        r -> {}, TaskRunner.Progress.NONE);

    assertEquals("caller-7", contexts.get(0).callerId());
    assertEquals(scope, contexts.get(0).task());
    assertEquals(clock.instant().plusSeconds(5), contexts.get(0).deadline());
  }

  // ---- fairness under contention: one caller's flood must not hold up another caller

  private final Instant longDeadline = clock.instant().plusSeconds(120);
  private final CountDownLatch release = new CountDownLatch(1);
  private final Semaphore slowStarted = new Semaphore(0);
  private final ExecutorService callers = Executors.newCachedThreadPool();
  /** Blocks until the test releases it. */
  private final Tool slowTool = tool("slow", (args, context) -> {
    slowStarted.release();
    try {
      return release.await(30, TimeUnit.SECONDS) ? ToolOutcome.success("slow done") : ToolOutcome.failure("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolOutcome.failure("interrupted");
    }
  });

  @Test
  void sixLargePlansOfOneCallerDoNotDelayAnotherCallersCalculation() throws Exception {
    PlanExecutor executor = PlanExecutor.create(new ToolRegistry(List.of(slowTool, new CalculateTool())),
        Duration.ofSeconds(60), clock);
    Plan large = new Plan(IntStream.rangeClosed(1, 8).mapToObj(i -> subtask("s" + i, "slow")).toList());
    List<Future<List<SubtaskReport>>> flood = new ArrayList<>();
    for (int task = 0; task < 6; task++) {
      flood.add(callers.submit(() -> executor.run(large, new TaskScope("key:flooder", 0), longDeadline, r -> {}, TaskRunner.Progress.NONE)));
    }
    assertTrue(slowStarted.tryAcquire(16, 10, TimeUnit.SECONDS), "the flood fills the pool as far as it may");

    JsonObject expression = new JsonObject();
    expression.addProperty("expression", "25*4");
    Future<List<SubtaskReport>> calculation = callers.submit(() -> executor.run(
        new Plan(List.of(new Subtask("s1", "s1", "calculate", expression, List.of()))), new TaskScope("key:other", 0), longDeadline, r -> {},
        TaskRunner.Progress.NONE));

    List<SubtaskReport> reports = calculation.get(10, TimeUnit.SECONDS);
    assertEquals("completed", reports.get(0).status());
    assertEquals("100", reports.get(0).result());
    assertEquals(1, release.getCount(), "it finished while every slow subtask of the flood was still blocked");

    release.countDown();
    for (Future<List<SubtaskReport>> task : flood) {
      task.get(10, TimeUnit.SECONDS).forEach(r -> assertEquals("completed", r.status()));
    }
  }

  @Test
  void aSubtaskTimeoutStartsWhenTheSubtaskStartsNotWhileItWaitsForAWorker() throws Exception {
    List<Long> armed = new CopyOnWriteArrayList<>();
    ScheduledThreadPoolExecutor recording = new ScheduledThreadPoolExecutor(1) {
      @Override
      public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        armed.add(unit.toMillis(delay));
        return super.schedule(command, delay, unit);
      }
    };
    try (FairPool single = new FairPool("test", new FairPool.Limits(1, 1, 1, 8, 8))) {
      PlanExecutor executor = new PlanExecutor(new ToolRegistry(List.of(slowTool)), single, recording,
          Duration.ofSeconds(30), clock);
      Plan two = new Plan(List.of(subtask("s1", "slow"), subtask("s2", "slow")));
      Future<List<SubtaskReport>> run = callers.submit(() -> executor.run(two, new TaskScope("key:a", 0), longDeadline, r -> {},
          TaskRunner.Progress.NONE));
      assertTrue(slowStarted.tryAcquire(1, 10, TimeUnit.SECONDS));
      assertEquals(1, armed.size(), "s2 waits for the one worker with no timeout running: " + armed);

      clock.advance(Duration.ofSeconds(20));
      release.countDown();
      run.get(10, TimeUnit.SECONDS).forEach(r -> assertEquals("completed", r.status()));
      assertEquals(List.of(30_000L, 30_000L), armed, "s2 gets its full 30 s from when it started");
    } finally {
      recording.shutdownNow();
    }
  }

  private PlanExecutor executor(Duration subtaskTimeout, Tool... tools) {
    return new PlanExecutor(new ToolRegistry(List.of(tools)), pool, timer, subtaskTimeout, clock);
  }

  private Tool tool(String name, BiFunction<JsonObject, ToolContext, ToolOutcome> body) {
    return new Tool() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return name;
      }

      @Override
      public ArgsSchema schema() {
        return ArgsSchema.of(ArgsSchema.optional("text", "text", 100));
      }

      @Override
      public String embed(String subtaskId, String result) {
        return UntrustedData.wrap(subtaskId, result);
      }

      @Override
      public ToolOutcome run(JsonObject args, ToolContext context) {
        events.add("start " + name);
        try {
          return body.apply(args, context);
        } finally {
          events.add("end " + name);
        }
      }
    };
  }

  private static Subtask subtask(String id, String tool) {
    return new Subtask(id, id, tool, new JsonObject(), List.of());
  }

  private static JsonObject args(String name, String value) {
    JsonObject args = new JsonObject();
    args.addProperty(name, value);
    return args;
  }
}
