package dev.agentfn.model;

import dev.agentfn.config.Config;
import dev.agentfn.resilience.CircuitBreakers;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Builds the configured {@link ModelClient}. */
public final class ModelClients {
  private ModelClients() {}

  /**
   * The client for {@link Config#effectiveProvider()}, its breakers in {@code breakers}. Gemini's SDK classes are loaded only when
   * this builds the gemini client (the health function carries no SDK and never calls this).
   */
  public static ModelClient create(Config config, CircuitBreakers breakers) {
    return switch (config.effectiveProvider()) {
      case "offline" -> new OfflineModelClient(config.offlineLatency());
      case "gemini" -> gemini(config, breakers, Clock.systemUTC(), Sleeper.SYSTEM);
      default -> throw new IllegalStateException("unknown provider " + config.effectiveProvider());
    };
  }

  /** The breaker settings of the model client: one breaker per model, judged on the provider's faults only. */
  public static CircuitBreakers breakers() {
    return new CircuitBreakers(RetryPolicy.breakers());
  }

  /** Gemini behind the one retry loop, with the given breakers, clock and sleeper (tests pass fakes). */
  static ModelClient gemini(Config config, CircuitBreakers breakers, Clock clock, Sleeper sleeper) {
    return new ResilientModelClient(new GeminiModelClient(config, clock), RetryPolicy.from(config), breakers, clock,
        sleeper, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * A cheap probe of the configured provider for {@code /health?deep=true}: {@code ok} or a short
   * reason; never throws. Needs no model SDK.
   */
  public static Supplier<String> probe(Config config) {
    if (!"gemini".equals(config.effectiveProvider())) {
      return () -> "ok";
    }
    return new GeminiProbe(config, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build())::probe;
  }
}
