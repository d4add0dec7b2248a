package dev.agentfn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.TaskType;
import dev.agentfn.config.Config;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ModelRouterTest {
  private final ModelCatalog catalog = ModelCatalog.from(Config.defaults());
  private final ModelRouter router = new ModelRouter(catalog);

  @Test
  void taskTypeChoosesTheTierDirectly() {
    assertEquals(catalog.fast(), router.route(TaskType.SIMPLE, "为什么天空是蓝色的？请详细分析", null).model());
    assertEquals(catalog.strong(), router.route(TaskType.COMPLEX, "hi", null).model());
  }

  @Test
  void anExplicitModelOverridesAndMustBeKnown() {
    Route route = router.route(TaskType.SIMPLE, "hi", "gemini-3.1-pro-preview");
    assertEquals("gemini-3.1-pro-preview", route.model());
    assertEquals("model requested explicitly", route.reason());
    assertThrows(ApiException.class, () -> router.route(TaskType.GENERAL, "hi", "gpt-4"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "什么是人工智能？|fast",
      "What is the capital of France?|fast",
      "请分析并比较 TCP 和 UDP 的优缺点|strong",
      "Explain why the sky is blue|strong",
      "Write a Java function that reverses a list|strong",
      "为什么要实现这个算法|strong",
      "Compare the trade-offs of caching|strong",
      "Weigh the tradeoff, then debug the SQL|strong",
      "Is a whyteboard a word|fast",
      "Compile the codex step by step|fast",
  })
  void generalQueriesAreScored(String query, String tier) {
    Route route = router.route(TaskType.GENERAL, query, null);
    assertEquals(tier.equals("fast") ? catalog.fast() : catalog.strong(), route.model(), route.reason());
  }

  @Test
  void aNumberedListIsAMultiPartRequest() {
    assertEquals("multi-part request (score 1)", router.route(TaskType.GENERAL, "steps:\n 1) install\n 2) run", null)
        .reason());
    assertEquals("short factual query", router.route(TaskType.GENERAL, "steps: 1) install 2) run", null).reason());
  }

  @Test
  void aLongQueryGoesToTheStrongModelWithAReadableReason() {
    Route route = router.route(TaskType.GENERAL, "word ".repeat(100), null);
    assertEquals(catalog.strong(), route.model());
    assertEquals("long query (score 2)", route.reason());
    assertEquals("short factual query", router.route(TaskType.GENERAL, "hello", null).reason());
  }
}
