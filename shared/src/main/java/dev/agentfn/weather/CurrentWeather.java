package dev.agentfn.weather;

import java.util.Locale;
import java.util.Objects;

/**
 * Current conditions at one place.
 *
 * @param place the resolved place, e.g. {@code 北京, 中国}
 * @param time local observation time (ISO-8601)
 * @param conditions a short description such as {@code clear sky}
 */
public record CurrentWeather(String place, String time, double temperatureC, double apparentTemperatureC,
    int humidityPercent, double windKmh, String conditions) {

  public CurrentWeather {
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(conditions, "conditions");
  }

  /** One line for people and models, e.g. {@code 北京, 中国: 12.3°C (feels like 10.1°C), clear sky, humidity 40%, wind 5.2 km/h}. */
  public String describe() {
    return String.format(Locale.ROOT, "%s: %.1f°C (feels like %.1f°C), %s, humidity %d%%, wind %.1f km/h%s",
        place, temperatureC, apparentTemperatureC, conditions, humidityPercent, windKmh,
        time == null ? "" : " (observed " + time + " local time)");
  }
}
