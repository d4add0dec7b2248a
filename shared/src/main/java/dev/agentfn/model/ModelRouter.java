package dev.agentfn.model;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.TaskType;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Picks the fast or the strong model for a query without calling any model: {@code simple} and
 * {@code complex} choose directly, an explicit model overrides, and {@code general} is decided by a
 * deterministic complexity score.
 */
public final class ModelRouter {
  private static final Cue REASONING = new Cue(
      "分析|解释|比较|推理|为什么|证明|设计|评估|\\b(analy[sz]e|explain|compare|why|reason|prove|design|evaluate|trade-?offs?)\\b",
      "分析", "解释", "比较", "推理", "为什么", "证明", "设计", "评估", "analy", "explain", "compare", "why", "reason",
      "prove", "design", "evaluate", "trade");
  private static final Cue CODE = new Cue(
      "```|\\b(code|function|algorithm|implement|debug|refactor|sql|regex|java|python)\\b|代码|算法|实现",
      "```", "code", "function", "algorithm", "implement", "debug", "refactor", "sql", "regex", "java", "python",
      "代码", "算法", "实现");
  private static final Cue MULTI_PART = new Cue(
      "然后|并且|接着|以及|\\b(then|and also|after that|step by step)\\b|\\n\\s*\\d+[.)]",
      "然后", "并且", "接着", "以及", "then", "and also", "after that", "step by step", "\n");
  private static final int LONG_QUERY_CHARS = 400;
  /** Score at or above which {@code general} goes to the strong model. */
  static final int STRONG_THRESHOLD = 2;

  private final ModelCatalog catalog;

  public ModelRouter(ModelCatalog catalog) {
    this.catalog = catalog;
  }

  /** Chooses the model for one query. */
  public Route route(TaskType taskType, String query, String explicitModel) {
    if (explicitModel != null) {
      if (catalog.find(explicitModel).isEmpty()) {
        throw ApiException.invalidArgument("model must be one of GET /models");
      }
      return new Route(explicitModel, "model requested explicitly");
    }
    return switch (taskType) {
      case SIMPLE -> new Route(catalog.fast(), "task_type simple");
      case COMPLEX -> new Route(catalog.strong(), "task_type complex");
      case GENERAL -> scored(query);
    };
  }

  private Route scored(String query) {
    String lower = query.toLowerCase(Locale.ROOT);
    StringBuilder why = new StringBuilder();
    int score = 0;
    if (query.length() >= LONG_QUERY_CHARS) {
      score += 2;
      why.append("long query, ");
    }
    if (REASONING.in(lower)) {
      score += 2;
      why.append("asks for reasoning, ");
    }
    if (CODE.in(lower)) {
      score += 2;
      why.append("involves code, ");
    }
    if (MULTI_PART.in(lower)) {
      score += 1;
      why.append("multi-part request, ");
    }
    if (score >= STRONG_THRESHOLD) {
      return new Route(catalog.strong(), why.substring(0, why.length() - 2) + " (score " + score + ")");
    }
    String reason = score == 0 ? "short factual query" : why.substring(0, why.length() - 2) + " (score " + score + ")";
    return new Route(catalog.fast(), reason);
  }

  /**
   * A regex over the lower-cased query, with the substrings every match contains: most queries hold
   * none of them, and a few {@code contains} calls then spare the alternation regex (the largest
   * single item of the cache-hit path's profile).
   */
  private record Cue(Pattern pattern, String[] hints) {
    Cue(String regex, String... hints) {
      this(Pattern.compile(regex), hints);
    }

    boolean in(String lower) {
      for (String hint : hints) {
        if (lower.contains(hint)) {
          return pattern.matcher(lower).find();
        }
      }
      return false;
    }
  }
}
