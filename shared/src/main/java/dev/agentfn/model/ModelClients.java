package dev.agentfn.model;

import dev.agentfn.config.Config;

/** Builds the configured {@link ModelClient}. */
public final class ModelClients {
  private ModelClients() {}

  /** The client for {@link Config#effectiveProvider()}. */
  public static ModelClient create(Config config) {
    return switch (config.effectiveProvider()) {
      case "offline" -> new OfflineModelClient(config.offlineLatency());
      default -> throw new IllegalStateException("the gemini provider is not built yet");
    };
  }
}
