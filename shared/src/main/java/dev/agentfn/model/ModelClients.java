package dev.agentfn.model;

import dev.agentfn.config.Config;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Builds the configured {@link ModelClient}. */
public final class ModelClients {
  private ModelClients() {}

  /**
   * The client for {@link Config#effectiveProvider()}. Gemini's SDK classes are loaded only when
   * this builds the gemini client (the health function carries no SDK and never calls this).
   */
  public static ModelClient create(Config config) {
    return switch (config.effectiveProvider()) {
      case "offline" -> new OfflineModelClient(config.offlineLatency());
      case "gemini" -> gemini(config, Clock.systemUTC(), Sleeper.SYSTEM);
      default -> throw new IllegalStateException("unknown provider " + config.effectiveProvider());
    };
  }

  /** Gemini behind the one retry loop, with the given clock and sleeper (tests pass fakes). */
  static ModelClient gemini(Config config, Clock clock, Sleeper sleeper) {
    return new ResilientModelClient(new GeminiModelClient(config, clock), RetryPolicy.from(config), clock, sleeper,
        () -> ThreadLocalRandom.current().nextDouble());
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
