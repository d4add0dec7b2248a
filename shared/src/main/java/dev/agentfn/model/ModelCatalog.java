package dev.agentfn.model;

import dev.agentfn.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models callers may name, with tiers and prices, and which one serves each router tier. */
public final class ModelCatalog {
  /** Current list prices (USD per million tokens) of the models offered by default. */
  static final List<ModelInfo> KNOWN = List.of(
      new ModelInfo("gemini-3.1-flash-lite", ModelInfo.FAST, 0.25, 1.50),
      new ModelInfo("gemini-3.5-flash", ModelInfo.STRONG, 1.50, 9.00),
      new ModelInfo("gemini-3.1-pro-preview", ModelInfo.STRONG, 2.00, 12.00));

  private final String fast;
  private final String strong;
  private final Map<String, ModelInfo> models;

  public ModelCatalog(String fast, String strong, List<ModelInfo> models) {
    this.fast = fast;
    this.strong = strong;
    Map<String, ModelInfo> byName = new LinkedHashMap<>();
    for (ModelInfo info : models) {
      byName.put(info.name(), info);
    }
    if (!byName.containsKey(fast) || !byName.containsKey(strong)) {
      throw new IllegalArgumentException("the fast and strong models must be in the catalog");
    }
    this.models = Map.copyOf(byName);
  }

  /**
   * The known models plus the configured tiers (unknown names are priced at zero), with the prices
   * of {@code MODEL_PRICES} replacing the defaults (a model priced there but not known is added, in
   * the fast tier when it is {@code MODEL_FAST}, else the strong one).
   */
  public static ModelCatalog from(Config config) {
    List<ModelInfo> all = new ArrayList<>(KNOWN);
    addIfMissing(all, config.modelFast(), ModelInfo.FAST);
    addIfMissing(all, config.modelStrong(), ModelInfo.STRONG);
    config.modelPrices().forEach((name, price) -> {
      addIfMissing(all, name, name.equals(config.modelFast()) ? ModelInfo.FAST : ModelInfo.STRONG);
      all.replaceAll(m -> m.name().equals(name)
          ? new ModelInfo(name, m.tier(), price.inputUsdPerMtok(), price.outputUsdPerMtok()) : m);
    });
    return new ModelCatalog(config.modelFast(), config.modelStrong(), all);
  }

  private static void addIfMissing(List<ModelInfo> all, String name, String tier) {
    if (all.stream().noneMatch(m -> m.name().equals(name))) {
      all.add(new ModelInfo(name, tier, 0, 0));
    }
  }

  public String fast() {
    return fast;
  }

  public String strong() {
    return strong;
  }

  public Optional<ModelInfo> find(String name) {
    return Optional.ofNullable(models.get(name));
  }

  /** All models, fast tier first, in a stable order. */
  public List<ModelInfo> models() {
    List<ModelInfo> list = new ArrayList<>(models.values());
    list.sort((a, b) -> a.tier().equals(b.tier()) ? a.name().compareTo(b.name()) : a.tier().equals(ModelInfo.FAST) ? -1 : 1);
    return list;
  }

  /** The cost of {@code usage} on {@code model}; zero for models without a price (e.g. offline). */
  public double cost(String model, Usage usage) {
    ModelInfo info = models.get(model);
    return info == null ? 0 : info.cost(usage);
  }
}
