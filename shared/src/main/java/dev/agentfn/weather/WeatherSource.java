package dev.agentfn.weather;

/** The port to a weather service. Thread-safe. */
public interface WeatherSource {

  /** Current conditions at the place named {@code place} (any language); throws {@link WeatherException}. */
  CurrentWeather current(String place);
}
