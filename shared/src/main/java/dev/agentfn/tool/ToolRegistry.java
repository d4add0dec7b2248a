package dev.agentfn.tool;

import dev.agentfn.calendar.CalendarStore;
import dev.agentfn.model.ModelClient;
import dev.agentfn.weather.WeatherSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every tool by name, in a stable order: the local tools, then the remote ones (agents whose set
 * can change as their cards come and go), asked for afresh on every lookup. Thread-safe.
 */
public final class ToolRegistry {
  private final Map<String, Tool> local;
  private final Supplier<? extends Collection<Tool>> remote;

  public ToolRegistry(List<Tool> tools) {
    Map<String, Tool> byName = new LinkedHashMap<>();
    for (Tool tool : tools) {
      if (byName.put(tool.name(), tool) != null) {
        throw new IllegalArgumentException("two tools are named " + tool.name());
      }
    }
    this.local = Collections.unmodifiableMap(byName);
    this.remote = List::of;
  }

  private ToolRegistry(Map<String, Tool> local, Supplier<? extends Collection<Tool>> remote) {
    this.local = local;
    this.remote = remote;
  }

  /** The standard tools: calculate, search, weather, calendar, llm ({@code fastModel} serves search and llm). */
  public static ToolRegistry standard(ModelClient model, String fastModel, WeatherSource weather,
      CalendarStore calendar) {
    return new ToolRegistry(List.of(new CalculateTool(), ModelTool.search(model, fastModel), new WeatherTool(weather),
        new CalendarTool(calendar), ModelTool.llm(model, fastModel)));
  }

  /**
   * These tools and the remote ones {@code remote} lists at each lookup (names distinct from the
   * local ones; it is asked on every lookup, so it must answer from memory).
   */
  public ToolRegistry withRemote(Supplier<? extends Collection<Tool>> remote) {
    return new ToolRegistry(local, remote);
  }

  public Optional<Tool> find(String name) {
    Tool tool = local.get(name);
    if (tool != null) {
      return Optional.of(tool);
    }
    return remote.get().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  public Collection<Tool> all() {
    List<Tool> all = new ArrayList<>(local.values());
    all.addAll(remote.get());
    return all;
  }

  /** The local tools only: never asks for the remote ones (which may mean fetching their cards). */
  public Collection<Tool> local() {
    return local.values();
  }

  public List<String> names() {
    return all().stream().map(Tool::name).toList();
  }
}
