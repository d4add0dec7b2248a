package dev.agentfn.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.agentfn.pool.FairPool;
import dev.agentfn.testing.MutableClock;
import dev.agentfn.tool.ArgsSchema;
import dev.agentfn.tool.CalculateTool;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The subtask pool under contention: one caller's flood must not hold up another caller. */
class SubtaskFairnessTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
  private final Instant deadline = clock.instant().plusSeconds(120);
  private final CountDownLatch release = new CountDownLatch(1);
  private final Semaphore slowStarted = new Semaphore(0);
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    release.countDown();
    callers.shutdownNow();
  }

  @Test
  void sixLargePlansOfOneCallerDoNotDelayAnotherCallersCalculation() throws Exception {
    PlanExecutor executor = PlanExecutor.create(new ToolRegistry(List.of(slowTool(), new CalculateTool())),
        Duration.ofSeconds(60), clock);
    Plan large = new Plan(IntStream.rangeClosed(1, 8).mapToObj(i -> subtask("s" + i, "slow", new JsonObject())).toList());
    List<Future<List<SubtaskReport>>> flood = new ArrayList<>();
    for (int task = 0; task < 6; task++) {
      flood.add(callers.submit(() -> executor.run(large, "key:flooder", deadline, r -> {}, TaskRunner.Progress.NONE)));
    }
    assertTrue(slowStarted.tryAcquire(16, 10, TimeUnit.SECONDS), "the flood fills the pool as far as it may");

    JsonObject expression = new JsonObject();
    expression.addProperty("expression", "25*4");
    Future<List<SubtaskReport>> calculation = callers.submit(() -> executor.run(
        new Plan(List.of(subtask("s1", "calculate", expression))), "key:other", deadline, r -> {},
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
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1) {
      @Override
      public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        armed.add(unit.toMillis(delay));
        return super.schedule(command, delay, unit);
      }
    };
    try (FairPool pool = new FairPool("test", new FairPool.Limits(1, 1, 1, 8, 8))) {
      PlanExecutor executor = new PlanExecutor(new ToolRegistry(List.of(slowTool())), pool, timer,
          Duration.ofSeconds(30), clock);
      Plan two = new Plan(List.of(subtask("s1", "slow", new JsonObject()), subtask("s2", "slow", new JsonObject())));
      Future<List<SubtaskReport>> run = callers.submit(() -> executor.run(two, "key:a", deadline, r -> {},
          TaskRunner.Progress.NONE));
      assertTrue(slowStarted.tryAcquire(1, 10, TimeUnit.SECONDS));
      assertEquals(1, armed.size(), "s2 waits for the one worker with no timeout running: " + armed);

      clock.advance(Duration.ofSeconds(20));
      release.countDown();
      run.get(10, TimeUnit.SECONDS).forEach(r -> assertEquals("completed", r.status()));
      assertEquals(List.of(30_000L, 30_000L), armed, "s2 gets its full 30 s from when it started");
    } finally {
      timer.shutdownNow();
    }
  }

  /** A tool that blocks until the test releases it. */
  private Tool slowTool() {
    return new Tool() {
      @Override
      public String name() {
        return "slow";
      }

      @Override
      public String description() {
        return "waits";
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
        slowStarted.release();
        try {
          return release.await(30, TimeUnit.SECONDS) ? ToolOutcome.success("slow done") : ToolOutcome.failure("never released");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ToolOutcome.failure("interrupted");
        }
      }
    };
  }

  private static Subtask subtask(String id, String tool, JsonObject args) {
    return new Subtask(id, id, tool, args, List.of());
  }
}
