package dev.agentfn.batch;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallContext;
import dev.agentfn.api.ChatRequest;
import dev.agentfn.api.ChatResponse;
import dev.agentfn.api.ErrorCode;
import dev.agentfn.chat.ChatService;
import dev.agentfn.model.Usage;
import dev.agentfn.pool.FairPool;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a batch: every valid item goes through {@link ChatService} (router, cache, usage), identical
 * items (same cache key after routing, same {@code use_cache}) share one call, and the batch stops
 * at its deadline (the request's deadline less a reserve for writing the response): items not
 * finished by then fail with {@code deadline_exceeded}. Items run on the instance's bounded
 * {@link FairPool}: at most {@code concurrency} items of a request at once, callers take turns, and
 * a caller (or the instance) with too many items waiting is refused with {@code 429} ({@code 503})
 * before anything runs. The instance-wide ceiling on model calls is the model client's
 * ({@link dev.agentfn.model.BoundedModelClient}). Thread-safe; one per instance.
 */
public final class BatchService {
  private static final System.Logger LOG = System.getLogger(BatchService.class.getName());
  /** Time kept back from the request's deadline to write the response. */
  static final Duration RESPONSE_RESERVE = Duration.ofMillis(250);

  private final ChatService chat;
  private final FairPool pool;
  private final Duration reserve;
  private final Clock clock;

  /**
   * A service with its own pool ({@link #limits}).
   *
   * @param concurrency items of one request running at once ({@code BATCH_CONCURRENCY})
   * @param maxItems items of one request ({@code BATCH_MAX_ITEMS})
   * @param modelConcurrency model calls in flight per instance ({@code MODEL_MAX_CONCURRENCY})
   */
  public BatchService(ChatService chat, int concurrency, int maxItems, int modelConcurrency) {
    this(chat, new FairPool("batch", limits(concurrency, maxItems, modelConcurrency)), RESPONSE_RESERVE,
        Clock.systemUTC());
  }

  BatchService(ChatService chat, FairPool pool, Duration reserve, Clock clock) {
    this.chat = chat;
    this.pool = pool;
    this.reserve = reserve;
    this.clock = clock;
  }

  /**
   * The pool's bounds: as many workers as model calls may be in flight (more would only wait for
   * the model client's permits), at least {@code concurrency}; a caller uses at most half of them
   * (or {@code concurrency}, if more), may have 4 full batches running or waiting, the instance 16.
   */
  public static FairPool.Limits limits(int concurrency, int maxItems, int modelConcurrency) {
    int threads = Math.max(concurrency, Math.min(modelConcurrency, 256));
    return new FairPool.Limits(threads, concurrency, Math.max(concurrency, threads / 2), 4 * maxItems,
        16 * maxItems);
  }

  /**
   * Runs {@code batch} and returns its results in request order. {@code onResult} sees each result
   * on the calling thread as soon as it is known (completion order), e.g. to stream it.
   *
   * @throws ApiException {@code rate_limited} or {@code overloaded} when the pool has no room for it
   */
  public BatchResult run(BatchRequest batch, CallContext context, Consumer<ItemResult> onResult) {
    return admit(batch, context).run(onResult);
  }

  /**
   * Reserves room in the pool for {@code batch} (so that a refusal comes before any response is
   * written); {@link Admitted#run} then runs it, and must be called.
   *
   * @throws ApiException {@code rate_limited} or {@code overloaded} when the pool has no room for it
   */
  public Admitted admit(BatchRequest batch, CallContext context) {
    FairPool.Lane lane = pool.open(context.callerId(), batch.items().size());
    return onResult -> {
      try (lane) {
        return run(batch, context, onResult, lane);
      }
    };
  }

  /** A batch with room reserved in the pool. */
  @FunctionalInterface
  public interface Admitted {
    /** Runs it, as {@link BatchService#run} does. */
    BatchResult run(Consumer<ItemResult> onResult);
  }

  private BatchResult run(BatchRequest batch, CallContext context, Consumer<ItemResult> onResult,
      FairPool.Lane lane) {
    long start = System.nanoTime();
    Instant deadline = context.deadline().minus(reserve);
    CallContext itemContext = new CallContext(context.requestId(), context.callerId(), deadline, context.notes());
    ItemResult[] slots = new ItemResult[batch.items().size()];
    List<Group> groups = group(batch.items(), slots, onResult);
    BlockingQueue<Group> done = new LinkedBlockingQueue<>();
    List<Future<?>> workers = start(groups, itemContext, done, lane);
    Usage usage = Usage.ZERO;
    double cost = 0;
    try {
      for (int finished = 0; finished < groups.size(); finished++) {
        Group group = await(done, deadline);
        if (group == null) {
          break;
        }
        for (int n = 0; n < group.indices.size(); n++) {
          int index = group.indices.get(n);
          slots[index] = group.outcome.result(index, n > 0);
          onResult.accept(slots[index]);
        }
        if (group.outcome instanceof Outcome.Answer answer && !answer.response().cached()) {
          usage = usage.plus(answer.response().usage());
          cost += answer.response().costUsd();
        }
      }
    } finally {
      workers.forEach(worker -> worker.cancel(true));
    }
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] == null) {
        slots[i] = new ItemResult.Failed(i,
            ApiException.deadlineExceeded("the batch deadline passed before this item finished"));
        onResult.accept(slots[i]);
      }
    }
    return new BatchResult(List.of(slots), (System.nanoTime() - start) / 1_000_000, usage, cost,
        context.requestId());
  }

  /** Groups the valid items by what they ask; rejected items (and unknown models) fail in their slot. */
  private List<Group> group(List<BatchRequest.Item> items, ItemResult[] slots, Consumer<ItemResult> onResult) {
    Map<String, Group> byKey = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        if (items.get(i) instanceof BatchRequest.Rejected rejected) {
          throw rejected.error();
        }
        ChatRequest request = ((BatchRequest.Parsed) items.get(i)).request();
        String key = chat.cacheKey(request) + (request.useCache() ? "" : "|uncached");
        byKey.computeIfAbsent(key, k -> new Group(request)).indices.add(i);
      } catch (ApiException e) {
        slots[i] = new ItemResult.Failed(i, e);
        onResult.accept(slots[i]);
      }
    }
    return new ArrayList<>(byKey.values());
  }

  /** Queues every group on the request's lane, which runs at most {@code concurrency} of them at once. */
  private List<Future<?>> start(List<Group> groups, CallContext context, BlockingQueue<Group> done,
      FairPool.Lane lane) {
    List<Future<?>> workers = new ArrayList<>();
    for (Group group : groups) {
      workers.add(lane.submit(() -> {
        if (!clock.instant().isBefore(context.deadline())) {
          return;
        }
        group.outcome = answer(group.request, context);
        done.add(group);
      }));
    }
    return workers;
  }

  private Outcome answer(ChatRequest request, CallContext context) {
    try {
      return new Outcome.Answer(chat.chat(request, context));
    } catch (ApiException e) {
      return new Outcome.Error(e);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "batch item of request " + context.requestId() + " failed: " + e, e);
      return new Outcome.Error(new ApiException(ErrorCode.INTERNAL,
          "internal error; quote request id " + context.requestId() + " when reporting it"));
    }
  }

  /** The next finished group, or null when the deadline passes first. */
  private Group await(BlockingQueue<Group> done, Instant deadline) {
    try {
      long left = Duration.between(clock.instant(), deadline).toNanos();
      return left <= 0 ? done.poll() : done.poll(left, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Identical items of one batch: answered once, by the first. */
  private static final class Group {
    final ChatRequest request;
    final List<Integer> indices = new ArrayList<>();
    /** Written by a worker before the group is queued as done; read after taking it. */
    Outcome outcome;

    Group(ChatRequest request) {
      this.request = request;
    }
  }

  /** What one call produced. */
  private sealed interface Outcome {
    ItemResult result(int index, boolean duplicate);

    record Answer(ChatResponse response) implements Outcome {
      @Override
      public ItemResult result(int index, boolean duplicate) {
        return new ItemResult.Answered(index, response, duplicate);
      }
    }

    record Error(ApiException error) implements Outcome {
      @Override
      public ItemResult result(int index, boolean duplicate) {
        return new ItemResult.Failed(index, error);
      }
    }
  }
}
