package dev.agentfn.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentfn.calendar.CalendarStore;
import dev.agentfn.model.OfflineModelClient;
import dev.agentfn.tool.ToolRegistry;
import com.google.gson.JsonObject;
import dev.agentfn.tool.ToolOutcome;
import dev.agentfn.tool.ToolContext;
import dev.agentfn.tool.ArgsSchema;
import dev.agentfn.tool.Tool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulesPlannerTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);
  private final RulesPlanner planner = new RulesPlanner(CLOCK, tools());

  /** Each row: the task, then its plan as {@code tool(arg=value,...)} per subtask, separated by {@code ;}. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "请帮我计算 25×4，然后查询北京的天气 | calculate(expression=25×4); weather(location=北京)",
      "Calculate (12.5 + 7.5) * 3 and then tell me what 2^10 is | calculate(expression=(12.5 + 7.5) * 3); calculate(expression=2^10)",
      "上海今天天气怎么样？ | weather(location=上海)",
      "What's the weather like in New York today? | weather(location=New York)",
      "check the weather in Paris then compute sqrt(16) + 1 | weather(location=Paris); calculate(expression=sqrt(16) + 1)",
      "计算（3+4）×2 接着 算一下 100/8 | calculate(expression=（3+4）×2); calculate(expression=100/8)",
      "先查询明天的日程 | calendar(action=list,date=2026-11-26)",
      "在日历上添加 2026-12-01 的会议：项目评审 | calendar(action=add,date=2026-12-01,title=项目评审)",
      "明天安排一个会议“季度复盘” | calendar(action=add,date=2026-11-26,title=季度复盘)",
      "add an event called Design review on 2026-12-03 to my calendar | calendar(action=add,date=2026-12-03,title=Design review)",
      "what is on my calendar today | calendar(action=list,date=2026-11-25)",
      "什么是人工智能？ | llm(prompt=什么是人工智能)",
      "Explain quantum computing, after that summarise it in one line | llm(prompt=Explain quantum computing); llm(prompt=summarise it in one line (s1 result: {{s1}}))",
      "计算 25×4，然后用一句话解释这个结果 | calculate(expression=25×4); llm(prompt=用一句话解释这个结果 (s1 result: {{s1}}))",
      "算 7 除以 2 并且 写一首诗 | llm(prompt=算 7 除以 2); llm(prompt=写一首诗)",
      "Tell me a joke | llm(prompt=Tell me a joke)",
      "calculate System.exit(0) | calculate(expression=System.exit(0))",
      "计算 __import__('os').system('ls') | calculate(expression=__import__('os').system('ls'))",
      "compute sqrt(2) * max(1, 2) | calculate(expression=sqrt(2) * max(1, 2))",
      "calculate the area of a circle | llm(prompt=calculate the area of a circle)",
  })
  void plansChineseAndEnglishTasks(String task, String expected) {
    Plan plan = planner.plan(task, 8);

    assertEquals(expected, render(plan));
    assertEquals(List.of(), new PlanValidator(tools()).validate(plan, 8), "the rules planner's plans are valid");
  }

  @Test
  void aStepThatRefersBackDependsOnThePreviousOne() {
    Plan plan = planner.plan("what is 6*7, then explain the result", 8);

    assertEquals(List.of("s1"), plan.subtasks().get(1).dependsOn());
    assertEquals(List.of(), plan.subtasks().get(0).dependsOn());
  }

  @Test
  void subtasksAreNumberedAndIndependent() {
    Plan plan = planner.plan("1+1 then 2+2 then 3+3", 8);

    assertEquals(List.of("s1", "s2", "s3"), plan.subtasks().stream().map(Subtask::id).toList());
    plan.subtasks().forEach(s -> assertEquals(List.of(), s.dependsOn()));
  }

  @Test
  void mentionsAndAskRouteToAConfiguredAgentAndUnknownNamesStayText() {
    RulesPlanner withAgent = new RulesPlanner(CLOCK, tools().withRemote(() -> List.of(agent("agent:echo-agent"))));

    assertEquals("agent:echo-agent(message=hello there); calculate(expression=2+3)",
        render(withAgent.plan("@echo-agent hello there, then 2+3", 8)));
    assertEquals("agent:echo-agent(message=what's new)", render(withAgent.plan("ask Echo-Agent: what's new", 8)));
    assertEquals("agent:echo-agent(message=@echo-agent 1+1)", render(withAgent.plan("@echo-agent @echo-agent 1+1", 8)));
    assertEquals("llm(prompt=@someone-else hello)", render(withAgent.plan("@someone-else hello", 8)));
    assertEquals("llm(prompt=@echo-agent hello)", render(planner.plan("@echo-agent hello", 8)),
        "no agent of that name is configured");
  }

  /** A stand-in for a remote agent tool named {@code name} (it is never run). */
  static Tool agent(String name) {
    return new Tool() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "a remote agent";
      }

      @Override
      public ArgsSchema schema() {
        return ArgsSchema.of(ArgsSchema.required("message", "the message", 8_000));
      }

      @Override
      public ToolOutcome run(JsonObject args, ToolContext context) {
        throw new AssertionError("not called");
      }
    };
  }

  @Test
  void partsBeyondTheLimitAreMergedIntoOneLlmSubtask() {
    Plan plan = planner.plan("1+1 then 2+2 then 3+3 then 4+4", 2);

    assertEquals("calculate(expression=1+1); llm(prompt=2+2，3+3，4+4)", render(plan));
  }

  private static ToolRegistry tools() {
    return ToolRegistry.standard(new OfflineModelClient(Duration.ZERO), "offline", place -> {
      throw new AssertionError("not called");
    }, CalendarStore.inMemory());
  }

  static String render(Plan plan) {
    return plan.subtasks().stream()
        .map(s -> s.tool() + "(" + s.args().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue().getAsString()).collect(Collectors.joining(",")) + ")")
        .collect(Collectors.joining("; "));
  }
}
