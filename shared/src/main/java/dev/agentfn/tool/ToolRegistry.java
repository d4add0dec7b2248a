package dev.agentfn.tool;

import dev.agentfn.calendar.CalendarStore;
import dev.agentfn.model.ModelClient;
import dev.agentfn.weather.WeatherSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every tool by name, in a stable order. Immutable and thread-safe. */
public final class ToolRegistry {
  private final Map<String, Tool> tools;

  public ToolRegistry(List<Tool> tools) {
    Map<String, Tool> byName = new LinkedHashMap<>();
    for (Tool tool : tools) {
      if (byName.put(tool.name(), tool) != null) {
        throw new IllegalArgumentException("two tools are named " + tool.name());
      }
    }
    this.tools = java.util.Collections.unmodifiableMap(byName);
  }

  /** The standard tools: calculate, search, weather, calendar, llm ({@code fastModel} serves search and llm). */
  public static ToolRegistry standard(ModelClient model, String fastModel, WeatherSource weather, CalendarStore calendar) {
    return new ToolRegistry(List.of(new CalculateTool(), ModelTool.search(model, fastModel), new WeatherTool(weather),
        new CalendarTool(calendar), ModelTool.llm(model, fastModel)));
  }

  public Optional<Tool> find(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  public Collection<Tool> all() {
    return tools.values();
  }

  public List<String> names() {
    return List.copyOf(tools.keySet());
  }
}
