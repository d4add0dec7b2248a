package dev.agentfn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.testing.Eventually;
import dev.agentfn.testing.ScriptedModelClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedModelClientTest {
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  @Test
  void neverLetsMoreCallsThanTheCeilingInFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ScriptedModelClient model = new ScriptedModelClient().otherwise(request -> {
      most.accumulateAndGet(inside.incrementAndGet(), Math::max);
      Eventually.await(release);
      inside.decrementAndGet();
      return new ModelReply("ok", request.model(), Usage.of(1, 1));
    });
    BoundedModelClient bounded = new BoundedModelClient(model, 2);

    List<Future<ModelReply>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(callers.submit(() -> bounded.generate(ModelRequest.of("m", "q"))));
    }
    Eventually.until("two calls inside and three waiting", () -> model.calls() >= 2 && bounded.waiting() >= 3);
    assertEquals(2, bounded.inFlight());
    assertEquals(2, model.calls(), "the other three wait for a slot");
    release.countDown();
    for (Future<ModelReply> call : calls) {
      assertEquals("ok", call.get(10, TimeUnit.SECONDS).text());
    }
    assertEquals(2, most.get());
    assertEquals(5, model.calls());
    assertEquals(0, bounded.inFlight());
  }

  @Test
  void aCallerWhoseDeadlinePassesWhileWaitingGetsDeadlineExceeded() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ScriptedModelClient model = new ScriptedModelClient().otherwise(request -> {
      Eventually.await(release);
      return new ModelReply("ok", request.model(), Usage.of(1, 1));
    });
    BoundedModelClient bounded = new BoundedModelClient(model, 1);
    Future<ModelReply> holder = callers.submit(() -> bounded.generate(ModelRequest.of("m", "first")));
    Eventually.until("the first call holds the slot", () -> bounded.inFlight() >= 1);

    ApiException error = assertThrows(ApiException.class,
        () -> bounded.generate(ModelRequest.of("m", "late").withDeadline(Instant.now())));

    assertEquals(ErrorCode.DEADLINE_EXCEEDED, error.code());
    assertEquals(1, model.calls(), "the late caller never reached the model");
    release.countDown();
    assertEquals("ok", holder.get(10, TimeUnit.SECONDS).text());
    assertEquals(0, bounded.inFlight());
  }

  @Test
  void releasesItsSlotWhenTheModelFails() {
    ScriptedModelClient model = new ScriptedModelClient()
        .fail(ApiException.upstreamUnavailable("down", 1, null));
    BoundedModelClient bounded = new BoundedModelClient(model, 1);

    assertThrows(ApiException.class, () -> bounded.generate(ModelRequest.of("m", "q")));

    assertEquals("answer to: again", bounded.generate(ModelRequest.of("m", "again")).text());
  }

  @Test
  void prepareReachesTheModelBehindTheCeilingAndTheRetryLoop() {
    AtomicInteger prepared = new AtomicInteger();
    ModelClient model = new ModelClient() {
      @Override
      public void prepare() {
        prepared.incrementAndGet();
      }

      @Override
      public String provider() {
        return "fake";
      }

      @Override
      public ModelReply generate(ModelRequest request) {
        throw new AssertionError("prepare must not call the model");
      }
    };
    new BoundedModelClient(new ResilientModelClient(model, new RetryPolicy(3, Duration.ofSeconds(1),
        Duration.ZERO, Duration.ZERO), ModelClients.breakers(), Clock.systemUTC(), pause -> { }, () -> 0.5), 1)
        .prepare();
    assertEquals(1, prepared.get());
  }
}
