package dev.agentfn.tool;

import com.google.gson.JsonObject;
import dev.agentfn.weather.WeatherException;
import dev.agentfn.weather.WeatherSource;

/** {@code weather}: current conditions at a place named in Chinese or English. */
public final class WeatherTool implements Tool {
  private static final ArgsSchema SCHEMA = ArgsSchema.of(ArgsSchema.required("location",
      "a city or place name, e.g. 北京 or Paris", 200));

  private final WeatherSource source;

  public WeatherTool(WeatherSource source) {
    this.source = source;
  }

  @Override
  public String name() {
    return "weather";
  }

  @Override
  public String description() {
    return "Current weather (temperature, conditions, humidity, wind) at a named place, live from Open-Meteo.";
  }

  @Override
  public ArgsSchema schema() {
    return SCHEMA;
  }

  @Override
  public ToolOutcome run(JsonObject args, ToolContext context) {
    try {
      return ToolOutcome.success(source.current(args.get("location").getAsString()).describe());
    } catch (WeatherException e) {
      return ToolOutcome.failure(e.getMessage());
    }
  }
}
