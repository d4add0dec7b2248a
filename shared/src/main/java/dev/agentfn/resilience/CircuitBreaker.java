package dev.agentfn.resilience;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A circuit breaker judging one dependency by its failure rate over a sliding window, as
 * Resilience4j defines it: a time-based window aggregates the outcomes of the last N seconds in
 * one-second buckets, a count-based one keeps the last N outcomes; once at least
 * {@code minimumCalls} outcomes are in the window and the share of failures reaches
 * {@code failureRate}, it opens and refuses calls for {@code openFor}; then it lets one trial call
 * through (half-open), whose success closes it (with an empty window) and whose failure re-opens it.
 * Only outcomes that say something about the dependency are recorded: a call that our own deadline
 * cut short ends with {@link #ignore()}. With {@code minimumFailingCallers} above one, failures must
 * also come from that many distinct callers within the window, so that one caller's own failures (a
 * request the upstream always fails, a flood) never open the breaker for everyone. Build with
 * {@link #builder()}. Thread-safe.
 */
public final class CircuitBreaker {
  /** Where the breaker stands. */
  public enum State { CLOSED, OPEN, HALF_OPEN }

  /** What an outcome changed, for one log line per burst: nothing, the first failure, or recovery. */
  public enum Transition { NONE, STARTED_FAILING, RECOVERED }

  private static final long SECOND = 1_000_000_000L;
  /** Distinct failing callers remembered at most (the oldest failure is forgotten first). */
  private static final int MAX_TRACKED_CALLERS = 64;

  private final double failureRate;
  private final int minimumCalls;
  private final long openForNanos;
  private final Ticker ticker;
  private final Window window;
  private final int minimumFailingCallers;
  private final long callerWindowNanos;
  /** Each recently failing caller and when it last failed, oldest failure first. */
  private final Map<String, Long> failingCallers = new LinkedHashMap<>();
  private State state = State.CLOSED;
  private boolean trialInFlight;
  private long openedAt;
  private String reason;
  private boolean anyOutcome;
  private long lastOutcomeAt;

  private CircuitBreaker(Builder builder) {
    this.failureRate = builder.failureRate;
    this.minimumCalls = builder.minimumCalls;
    this.openForNanos = builder.openFor.toNanos();
    this.ticker = builder.ticker;
    this.window = builder.countWindow > 0 ? new CountWindow(builder.countWindow)
        : new TimeWindow((int) builder.timeWindow.toSeconds());
    this.minimumFailingCallers = builder.minimumFailingCallers;
    this.callerWindowNanos = builder.countWindow > 0 ? Long.MAX_VALUE : builder.timeWindow.toNanos();
  }

  /** A builder with Resilience4j's defaults, scaled down: 50%, at least 10 calls, a 60 s time window, open 30 s. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Asks to make a call: {@link Duration#ZERO} when it may go ahead, else how long until the next
   * trial may. An allowed call must end with {@link #success()}, {@link #failure(String)} or
   * {@link #ignore()}.
   */
  public synchronized Duration acquire() {
    if (state == State.CLOSED) {
      return Duration.ZERO;
    }
    long left = openForNanos - (ticker.read() - openedAt);
    if (left > 0) {
      return Duration.ofNanos(left);
    }
    if (trialInFlight) {
      return Duration.ofSeconds(1);
    }
    state = State.HALF_OPEN;
    trialInFlight = true;
    return Duration.ZERO;
  }

  /** Whether a call may go ahead now ({@link #acquire()} is zero). */
  public boolean tryAcquire() {
    return acquire().isZero();
  }

  /** The dependency answered: a trial's success closes the breaker. */
  public synchronized Transition success() {
    long now = noteOutcome();
    boolean wasFailing = reason != null;
    reason = null;
    if (state == State.CLOSED) {
      window.record(now, false);
    } else {
      close();
    }
    return wasFailing ? Transition.RECOVERED : Transition.NONE;
  }

  /** The dependency failed ({@code why}, for status reports): may open the breaker; a trial's failure re-opens it. */
  public Transition failure(String why) {
    return failure(why, null);
  }

  /**
   * The dependency failed a call made for {@code caller} (null: no caller named; all such calls count
   * as one caller): may open the breaker; a trial's failure re-opens it.
   */
  public synchronized Transition failure(String why, String caller) {
    long now = noteOutcome();
    boolean first = reason == null;
    reason = Objects.requireNonNull(why, "why");
    switch (state) {
      case CLOSED -> {
        window.record(now, true);
        noteFailingCaller(caller == null ? "" : caller, now);
        if (window.calls(now) >= minimumCalls && window.failures(now) >= failureRate * window.calls(now)
            && failingCallers(now) >= minimumFailingCallers) {
          open(now);
        }
      }
      case HALF_OPEN -> open(now);
      case OPEN -> { } // a call let through before it opened, ending late
    }
    return first ? Transition.STARTED_FAILING : Transition.NONE;
  }

  /** The call's outcome says nothing about the dependency (e.g. our deadline cut it): frees a trial, records nothing. */
  public synchronized void ignore() {
    if (state == State.HALF_OPEN) {
      trialInFlight = false;
    }
  }

  public synchronized State state() {
    return state;
  }

  /** Whether the breaker is open and its trial is due (the next {@link #acquire()} would let it through). */
  public synchronized boolean trialDue() {
    return state != State.CLOSED && !trialInFlight && ticker.read() - openedAt >= openForNanos;
  }

  /** Whether no outcome was recorded in the last {@code period} (or ever): what is known may be stale. */
  public synchronized boolean quietFor(Duration period) {
    return !anyOutcome || ticker.read() - lastOutcomeAt >= period.toNanos();
  }

  /** Null when the last recorded outcome was a success (or there was none), else why the last call failed. */
  public synchronized String failing() {
    return reason;
  }

  /** How long until an open breaker lets its trial through (zero when closed or due). */
  public synchronized Duration retryIn() {
    return state == State.CLOSED ? Duration.ZERO
        : Duration.ofNanos(Math.max(0, openForNanos - (ticker.read() - openedAt)));
  }

  private long noteOutcome() {
    anyOutcome = true;
    lastOutcomeAt = ticker.read();
    return lastOutcomeAt;
  }

  private void noteFailingCaller(String caller, long now) {
    failingCallers.remove(caller);
    failingCallers.put(caller, now);
    if (failingCallers.size() > MAX_TRACKED_CALLERS) {
      Iterator<String> oldest = failingCallers.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Distinct callers with a failure in the window (for a count window: since the breaker last closed). */
  private long failingCallers(long now) {
    return failingCallers.values().stream().filter(at -> now - at < callerWindowNanos).count();
  }

  private void open(long now) {
    state = State.OPEN;
    openedAt = now;
    trialInFlight = false;
  }

  private void close() {
    state = State.CLOSED;
    trialInFlight = false;
    window.clear();
    failingCallers.clear();
  }

  /** The outcomes the rate is computed over. */
  private interface Window {
    void record(long now, boolean failed);

    long calls(long now);

    long failures(long now);

    void clear();
  }

  /** The last {@code size} outcomes, in a ring. */
  private static final class CountWindow implements Window {
    private final boolean[] failed;
    private int next;
    private int calls;
    private int failures;

    CountWindow(int size) {
      this.failed = new boolean[size];
    }

    @Override
    public void record(long now, boolean failure) {
      if (calls == failed.length) {
        failures -= failed[next] ? 1 : 0;
      } else {
        calls++;
      }
      failed[next] = failure;
      failures += failure ? 1 : 0;
      next = (next + 1) % failed.length;
    }

    @Override
    public long calls(long now) {
      return calls;
    }

    @Override
    public long failures(long now) {
      return failures;
    }

    @Override
    public void clear() {
      calls = 0;
      failures = 0;
      next = 0;
    }
  }

  /** The outcomes of the last {@code seconds} seconds, aggregated per second. */
  private static final class TimeWindow implements Window {
    private final long[] second;
    private final int[] calls;
    private final int[] failures;

    TimeWindow(int seconds) {
      this.second = new long[seconds];
      this.calls = new int[seconds];
      this.failures = new int[seconds];
      clear();
    }

    @Override
    public void record(long now, boolean failed) {
      long s = Math.floorDiv(now, SECOND);
      int i = (int) Math.floorMod(s, (long) second.length);
      if (second[i] != s) {
        second[i] = s;
        calls[i] = 0;
        failures[i] = 0;
      }
      calls[i]++;
      failures[i] += failed ? 1 : 0;
    }

    @Override
    public long calls(long now) {
      return sum(now, calls);
    }

    @Override
    public long failures(long now) {
      return sum(now, failures);
    }

    private long sum(long now, int[] counts) {
      long oldest = Math.floorDiv(now, SECOND) - second.length;
      long total = 0;
      for (int i = 0; i < second.length; i++) {
        total += second[i] > oldest ? counts[i] : 0;
      }
      return total;
    }

    @Override
    public void clear() {
      Arrays.fill(second, Long.MIN_VALUE);
    }
  }

  /** Settings of a {@link CircuitBreaker}, Caffeine style; {@link #build()} may be called many times. */
  public static final class Builder {
    private double failureRate = 0.5;
    private int minimumCalls = 10;
    private Duration timeWindow = Duration.ofSeconds(60);
    private int countWindow;
    private int minimumFailingCallers = 1;
    private Duration openFor = Duration.ofSeconds(30);
    private Ticker ticker = Ticker.systemTicker();

    private Builder() {}

    /** The share of failures in the window, in (0, 1], at which the breaker opens. */
    public Builder failureRate(double rate) {
      if (!(rate > 0 && rate <= 1)) {
        throw new IllegalArgumentException("failureRate must be in (0, 1], got " + rate);
      }
      this.failureRate = rate;
      return this;
    }

    /** Outcomes the window must hold before the rate is judged (fewer never open it, all failed or not). */
    public Builder minimumCalls(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("minimumCalls must be at least 1, got " + calls);
      }
      this.minimumCalls = calls;
      return this;
    }

    /**
     * Distinct callers ({@link CircuitBreaker#failure(String, String)}) whose failures the window must
     * hold before the rate is judged; one (the default) judges the rate alone.
     */
    public Builder minimumFailingCallers(int callers) {
      if (callers < 1) {
        throw new IllegalArgumentException("minimumFailingCallers must be at least 1, got " + callers);
      }
      this.minimumFailingCallers = callers;
      return this;
    }

    /** A time-based sliding window: the outcomes of the last {@code duration}, in whole seconds (at least one). */
    public Builder timeWindow(Duration duration) {
      if (duration.toSeconds() < 1) {
        throw new IllegalArgumentException("timeWindow must be at least 1 s, got " + duration);
      }
      this.timeWindow = duration;
      this.countWindow = 0;
      return this;
    }

    /** A count-based sliding window: the last {@code calls} outcomes, however old. */
    public Builder countWindow(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("countWindow must be at least 1, got " + calls);
      }
      this.countWindow = calls;
      return this;
    }

    /** How long an open breaker refuses calls before its trial. */
    public Builder openFor(Duration duration) {
      this.openFor = Objects.requireNonNull(duration, "openFor");
      return this;
    }

    /** The time source (tests pass a fake). */
    public Builder ticker(Ticker source) {
      this.ticker = Objects.requireNonNull(source, "ticker");
      return this;
    }

    public CircuitBreaker build() {
      return new CircuitBreaker(this);
    }
  }
}
