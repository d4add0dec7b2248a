package dev.agentfn.tool;

import com.google.gson.JsonObject;
import java.util.List;

/** One tool: a name, a description for the planner, a JSON Schema for its arguments, and the call itself. Thread-safe. */
public interface Tool {

  /** The name plans refer to, e.g. {@code calculate}. */
  String name();

  /** What the tool does and when to use it (shown to the planner model). */
  String description();

  /** The JSON Schema of the arguments object. */
  ArgsSchema schema();

  /** Runs the tool; failures are {@link ToolOutcome.Failure} values, not exceptions. */
  ToolOutcome run(JsonObject args, ToolContext context);

  /** Problems with {@code args} beyond the schema (none by default); each message names the argument. */
  default List<String> validate(JsonObject args) {
    return schema().validate(args);
  }

  /**
   * How an earlier subtask's result is embedded into this tool's arguments. Tools that pass
   * arguments to a model override this to mark the result as untrusted data.
   */
  default String embed(String subtaskId, String result) {
    return result;
  }
}
