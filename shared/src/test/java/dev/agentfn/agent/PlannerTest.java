package dev.agentfn.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.calendar.CalendarStore;
import dev.agentfn.model.History;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.Turn;
import dev.agentfn.testing.ScriptedModelClient;
import dev.agentfn.tool.ToolRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final Instant DEADLINE = Instant.parse("2030-01-01T00:00:00Z");
  private static final String TASK = "请帮我计算 25×4，然后查询北京的天气";
  private static final String VALID = """
      {"subtasks": [
        {"id": "s1", "description": "计算 25×4", "tool": "calculate", "args": {"expression": "25*4"}, "depends_on": []},
        {"id": "s2", "description": "查询北京天气", "tool": "weather", "args": {"location": "北京"}, "depends_on": []},
        {"id": "s3", "description": "double it", "tool": "calculate", "args": {"expression": "{{s1}} * 2"}, "depends_on": ["s1"]}
      ]}""";

  private final ScriptedModelClient model = new ScriptedModelClient();
  private final ToolRegistry tools = ToolRegistry.standard(model, "fast-model", place -> {
    throw new AssertionError("not called");
  }, CalendarStore.inMemory());
  private final Planner planner = new Planner(new LlmPlanner(model, "strong-model", tools, new PlanValidator(tools)),
      new RulesPlanner(Clock.fixed(DEADLINE, ZoneOffset.UTC), tools));
  private final List<ModelReply> metered = new ArrayList<>();

  private Planner.Planned plan(int max) {
    return planner.plan(TASK, History.NONE, max, "caller-1", DEADLINE, metered::add);
  }

  @Test
  void theModelPlannerSeesTheConversationBeforeTheTask() {
    model.reply(VALID);
    History history = new History("the user plans a trip", List.of(Turn.user("Weather in Beijing?"),
        Turn.model("Sunny, 3°C.")));

    planner.plan(TASK, history, 8, "caller-1", DEADLINE, metered::add);

    ModelRequest request = model.requests().get(0);
    assertEquals(history.turns(), request.history());
    assertTrue(request.systemInstruction().startsWith("You are the planner"), request.systemInstruction());
    assertTrue(request.systemInstruction().endsWith("the user plans a trip"), request.systemInstruction());
  }

  @Test
  void aValidModelPlanIsUsedAsIs() {
    model.reply(VALID);

    Planner.Planned planned = plan(8);

    assertEquals("llm", planned.planner());
    assertEquals("strong-model", planned.plannerModel());
    assertEquals("calculate(expression=25*4); weather(location=北京); calculate(expression={{s1}} * 2)",
        RulesPlannerTest.render(planned.plan()));
    assertEquals(List.of("s1"), planned.plan().subtasks().get(2).dependsOn());
    assertEquals(1, model.calls());
    assertEquals(1, metered.size(), "the planner's usage is counted");
    ModelRequest request = model.requests().get(0);
    assertEquals("strong-model", request.model());
    assertEquals(DEADLINE, request.deadline());
    assertNotNull(request.responseJsonSchema());
    assertTrue(request.responseJsonSchema().contains("\"depends_on\""), request.responseJsonSchema());
    assertTrue(request.responseJsonSchema().contains("\"maxItems\":8"), request.responseJsonSchema());
    assertTrue(request.prompt().contains("- calculate: "), request.prompt());
    assertTrue(request.prompt().contains("- weather: "), request.prompt());
    assertTrue(request.prompt().endsWith(TASK), request.prompt());
  }

  @Test
  void theModelPlannerSeesRemoteAgentsAsTools() {
    ToolRegistry withAgent = tools.withRemote(() -> List.of(RulesPlannerTest.agent("agent:echo-agent")));
    Planner agentPlanner = new Planner(new LlmPlanner(model, "strong-model", withAgent, new PlanValidator(withAgent)),
        new RulesPlanner(Clock.fixed(DEADLINE, ZoneOffset.UTC), withAgent));
    model.reply("""
        {"subtasks": [{"id": "s1", "description": "ask", "tool": "agent:echo-agent", "args": {"message": "hi"}, "depends_on": []}]}""");

    Planner.Planned planned = agentPlanner.plan("ask the echo agent to say hi", History.NONE, 8, "caller-1", DEADLINE,
        metered::add);

    assertEquals("llm", planned.planner());
    assertEquals("agent:echo-agent(message=hi)", RulesPlannerTest.render(planned.plan()));
    ModelRequest request = model.requests().get(0);
    assertTrue(request.prompt().contains("- agent:echo-agent: a remote agent"), request.prompt());
    assertTrue(request.responseJsonSchema().contains("\"agent:echo-agent\""), request.responseJsonSchema());
  }

  @Test
  void anInvalidPlanGetsOneRepairRoundWithTheErrors() {
    model.reply("""
        {"subtasks": [{"id": "s1", "description": "x", "tool": "calculate", "args": {"formula": "25*4"}, "depends_on": []}]}""")
        .reply(VALID);

    Planner.Planned planned = plan(8);

    assertEquals("llm", planned.planner());
    assertEquals(2, model.calls());
    String repair = model.requests().get(1).prompt();
    assertTrue(repair.contains("subtask s1: args.expression is required"), repair);
    assertTrue(repair.contains("subtask s1: args.formula is not an argument of this tool"), repair);
    assertTrue(repair.contains("\"formula\""), "the previous plan is sent back: " + repair);
    assertEquals(2, metered.size());
  }

  @Test
  void aPlanStillInvalidAfterRepairFallsBackToTheRulesPlanner() {
    String unknownTool = """
        {"subtasks": [{"id": "s1", "description": "x", "tool": "shell", "args": {"cmd": "rm -rf /"}, "depends_on": []}]}""";
    model.reply(unknownTool).reply(unknownTool);

    Planner.Planned planned = plan(8);

    assertEquals("rules", planned.planner());
    assertNull(planned.plannerModel());
    assertEquals("calculate(expression=25×4); weather(location=北京)", RulesPlannerTest.render(planned.plan()));
    assertEquals(2, model.calls());
    assertTrue(model.requests().get(1).prompt().contains("subtask s1: unknown tool 'shell' (known: calculate, search, "
        + "weather, calendar, llm)"), model.requests().get(1).prompt());
  }

  @Test
  void aCyclicPlanIsRejected() {
    String cyclic = """
        {"subtasks": [
          {"id": "s1", "description": "a", "tool": "calculate", "args": {"expression": "{{s2}}+1"}, "depends_on": ["s2"]},
          {"id": "s2", "description": "b", "tool": "calculate", "args": {"expression": "{{s1}}+1"}, "depends_on": ["s1"]}
        ]}""";
    model.reply(cyclic).reply(cyclic);

    assertEquals("rules", plan(8).planner());
    assertTrue(model.requests().get(1).prompt().contains("the dependencies form a cycle: s1 -> s2 -> s1"),
        model.requests().get(1).prompt());
  }

  @Test
  void anOversizedPlanIsRejected() {
    StringBuilder oversized = new StringBuilder("{\"subtasks\": [");
    for (int i = 1; i <= 5; i++) {
      oversized.append(i > 1 ? "," : "").append("{\"id\": \"s").append(i)
          .append("\", \"description\": \"d\", \"tool\": \"calculate\", \"args\": {\"expression\": \"1+").append(i)
          .append("\"}, \"depends_on\": []}");
    }
    String plan = oversized.append("]}").toString();
    model.reply(plan).reply(plan);

    Planner.Planned planned = plan(4);

    assertEquals("rules", planned.planner());
    assertTrue(model.requests().get(1).prompt().contains("the plan has 5 subtasks; at most 4 are allowed"));
  }

  @Test
  void placeholdersMustNameDependenciesThatExist() {
    String plan = """
        {"subtasks": [
          {"id": "s1", "description": "a", "tool": "calculate", "args": {"expression": "2+2"}, "depends_on": []},
          {"id": "s2", "description": "b", "tool": "llm", "args": {"prompt": "explain {{s1}}"}, "depends_on": []},
          {"id": "s3", "description": "c", "tool": "llm", "args": {"prompt": "x"}, "depends_on": ["s9"]}
        ]}""";
    model.reply(plan).reply(plan);

    plan(8);

    String repair = model.requests().get(1).prompt();
    assertTrue(repair.contains("subtask s2: uses {{s1}} but does not list s1 in depends_on"), repair);
    assertTrue(repair.contains("subtask s3: depends on s9, which is not in the plan"), repair);
  }

  @Test
  void aReplyThatIsNotAPlanGetsRepaired() {
    model.reply("Sure! Here is the plan: step 1 ...").reply("```json\n" + VALID + "\n```");

    Planner.Planned planned = plan(8);

    assertEquals("llm", planned.planner());
    assertTrue(model.requests().get(1).prompt().contains("the reply is not a plan object"));
  }

  @Test
  void anUnavailableModelFallsBackToTheRulesPlanner() {
    model.fail(ApiException.upstreamUnavailable("the model provider is unavailable", 1, null));

    Planner.Planned planned = plan(8);

    assertEquals("rules", planned.planner());
    assertEquals(1, model.calls());
  }

  @Test
  void aPassedDeadlineIsNotHiddenByTheFallback() {
    model.fail(ApiException.deadlineExceeded("the model did not answer before the deadline"));

    assertThrows(ApiException.class, () -> plan(8));
  }

  @Test
  void withoutAModelPlannerTheRulesPlan() {
    Planner rulesOnly = new Planner(null, new RulesPlanner(Clock.systemUTC(), tools));

    Planner.Planned planned = rulesOnly.plan(TASK, History.NONE, 8, "caller-1", DEADLINE, metered::add);

    assertEquals("rules", planned.planner());
    assertEquals(0, model.calls());
  }
}
