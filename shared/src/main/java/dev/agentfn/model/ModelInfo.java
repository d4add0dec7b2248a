package dev.agentfn.model;

import java.util.Objects;

/** One model of the catalog: its name, router tier and list prices in USD per million tokens. */
public record ModelInfo(String name, String tier, double inputUsdPerMtok, double outputUsdPerMtok) {
  public static final String FAST = "fast";
  public static final String STRONG = "strong";

  public ModelInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tier, "tier");
    if (inputUsdPerMtok < 0 || outputUsdPerMtok < 0) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }

  /** The cost of the given usage at this model's prices. */
  public double cost(Usage usage) {
    return (usage.inputTokens() * inputUsdPerMtok + usage.outputTokens() * outputUsdPerMtok) / 1_000_000d;
  }
}
