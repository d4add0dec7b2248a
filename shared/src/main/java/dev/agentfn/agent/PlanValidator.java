package dev.agentfn.agent;

import dev.agentfn.tool.Tool;
import dev.agentfn.tool.ToolRegistry;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a plan before it runs: 1..max subtasks, unique ids, known tools, arguments valid for the
 * tool's schema, dependencies that exist and form no cycle, and {@code {{sN}}} placeholders that
 * only name dependencies. Returns every problem found, each naming the subtask.
 */
public final class PlanValidator {
  /** A reference to an earlier subtask's result inside an argument. */
  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_-]+)\\s*}}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  private final ToolRegistry tools;

  public PlanValidator(ToolRegistry tools) {
    this.tools = tools;
  }

  /** Every problem of {@code plan} (empty when it may run). */
  public List<String> validate(Plan plan, int maxSubtasks) {
    List<String> errors = new ArrayList<>();
    List<Subtask> subtasks = plan.subtasks();
    if (subtasks.isEmpty()) {
      errors.add("the plan has no subtasks");
      return errors;
    }
    if (subtasks.size() > maxSubtasks) {
      errors.add("the plan has " + subtasks.size() + " subtasks; at most " + maxSubtasks + " are allowed");
    }
    Set<String> ids = new HashSet<>();
    for (Subtask subtask : subtasks) {
      if (!ID.matcher(subtask.id()).matches()) {
        errors.add("subtask id '" + clip(subtask.id()) + "' must be 1-32 letters, digits, '-' or '_'");
      } else if (!ids.add(subtask.id())) {
        errors.add("subtask id " + subtask.id() + " is used twice");
      }
    }
    for (Subtask subtask : subtasks) {
      String at = "subtask " + clip(subtask.id()) + ": ";
      Tool tool = tools.find(subtask.tool()).orElse(null);
      if (tool == null) {
        errors.add(at + "unknown tool '" + clip(subtask.tool()) + "' (known: " + String.join(", ", tools.names()) + ")");
      } else {
        tool.validate(subtask.args()).forEach(e -> errors.add(at + e));
      }
      for (String dependency : subtask.dependsOn()) {
        if (!ids.contains(dependency)) {
          errors.add(at + "depends on " + clip(dependency) + ", which is not in the plan");
        } else if (dependency.equals(subtask.id())) {
          errors.add(at + "depends on itself");
        }
      }
      for (String reference : placeholders(subtask)) {
        if (!subtask.dependsOn().contains(reference)) {
          errors.add(at + "uses {{" + clip(reference) + "}} but does not list " + clip(reference) + " in depends_on");
        }
      }
    }
    cycle(subtasks).ifPresent(errors::add);
    return errors;
  }

  /** The subtask ids named by {@code {{sN}}} placeholders in the subtask's arguments. */
  static Set<String> placeholders(Subtask subtask) {
    Set<String> found = new HashSet<>();
    for (Map.Entry<String, JsonElement> entry : subtask.args().entrySet()) {
      if (entry.getValue().isJsonPrimitive()) {
        Matcher matcher = PLACEHOLDER.matcher(entry.getValue().getAsString());
        while (matcher.find()) {
          found.add(matcher.group(1));
        }
      }
    }
    return found;
  }

  private static java.util.Optional<String> cycle(List<Subtask> subtasks) {
    Map<String, List<String>> edges = new HashMap<>();
    subtasks.forEach(s -> edges.putIfAbsent(s.id(), s.dependsOn()));
    Map<String, Integer> state = new HashMap<>();
    for (Subtask subtask : subtasks) {
      List<String> path = new ArrayList<>();
      if (visit(subtask.id(), edges, state, path)) {
        return java.util.Optional.of("the dependencies form a cycle: " + String.join(" -> ", path));
      }
    }
    return java.util.Optional.empty();
  }

  /** Depth-first search; state 1 = on the current path, 2 = done. True when a cycle is found. */
  private static boolean visit(String id, Map<String, List<String>> edges, Map<String, Integer> state, List<String> path) {
    Integer seen = state.get(id);
    if (seen != null) {
      if (seen == 1) {
        path.add(id);
        return true;
      }
      return false;
    }
    state.put(id, 1);
    path.add(id);
    for (String next : edges.getOrDefault(id, List.of())) {
      if (edges.containsKey(next) && !next.equals(id) && visit(next, edges, state, path)) {
        return true;
      }
    }
    path.remove(path.size() - 1);
    state.put(id, 2);
    return false;
  }

  private static String clip(String text) {
    String printable = text.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
  }
}
