package dev.agentfn.weather;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Open-Meteo over HTTP: geocoding ({@code GEOCODING_BASE_URL/v1/search}) resolves the place name,
 * then the forecast API ({@code WEATHER_BASE_URL/v1/forecast}) gives current conditions. One
 * {@link HttpClient} per instance; every call has a timeout.
 */
public final class OpenMeteoWeatherSource implements WeatherSource {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
  private static final Map<Integer, String> WMO_CODES = Map.ofEntries(
      Map.entry(0, "clear sky"), Map.entry(1, "mainly clear"), Map.entry(2, "partly cloudy"),
      Map.entry(3, "overcast"), Map.entry(45, "fog"), Map.entry(48, "depositing rime fog"),
      Map.entry(51, "light drizzle"), Map.entry(53, "drizzle"), Map.entry(55, "dense drizzle"),
      Map.entry(56, "freezing drizzle"), Map.entry(57, "dense freezing drizzle"),
      Map.entry(61, "slight rain"), Map.entry(63, "rain"), Map.entry(65, "heavy rain"),
      Map.entry(66, "freezing rain"), Map.entry(67, "heavy freezing rain"),
      Map.entry(71, "slight snow"), Map.entry(73, "snow"), Map.entry(75, "heavy snow"),
      Map.entry(77, "snow grains"), Map.entry(80, "slight rain showers"), Map.entry(81, "rain showers"),
      Map.entry(82, "violent rain showers"), Map.entry(85, "snow showers"), Map.entry(86, "heavy snow showers"),
      Map.entry(95, "thunderstorm"), Map.entry(96, "thunderstorm with hail"), Map.entry(99, "thunderstorm with heavy hail"));

  private final HttpClient http;
  private final String geocodingBaseUrl;
  private final String weatherBaseUrl;
  private final Duration timeout;

  /** A source over the given base URLs (without a trailing slash), with production timeouts. */
  public OpenMeteoWeatherSource(String geocodingBaseUrl, String weatherBaseUrl) {
    this(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build(),
        geocodingBaseUrl, weatherBaseUrl, REQUEST_TIMEOUT);
  }

  OpenMeteoWeatherSource(HttpClient http, String geocodingBaseUrl, String weatherBaseUrl, Duration timeout) {
    this.http = http;
    this.geocodingBaseUrl = geocodingBaseUrl;
    this.weatherBaseUrl = weatherBaseUrl;
    this.timeout = timeout;
  }

  @Override
  public CurrentWeather current(String place) {
    String name = place.strip();
    if (name.isEmpty()) {
      throw new WeatherException("the location is empty");
    }
    boolean chinese = name.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    JsonObject geo = get(geocodingBaseUrl + "/v1/search?" + query(Map.of("name", name, "count", "1",
        "language", chinese ? "zh" : "en", "format", "json")), "geocoding");
    JsonArray results = geo.has("results") && geo.get("results").isJsonArray() ? geo.getAsJsonArray("results") : new JsonArray();
    if (results.isEmpty()) {
      throw new WeatherException("unknown place: " + shorten(name));
    }
    JsonObject hit = results.get(0).getAsJsonObject();
    double latitude = number(hit, "latitude");
    double longitude = number(hit, "longitude");
    JsonObject forecast = get(weatherBaseUrl + "/v1/forecast?" + query(Map.of(
        "latitude", Double.toString(latitude), "longitude", Double.toString(longitude),
        "current", "temperature_2m,apparent_temperature,relative_humidity_2m,weather_code,wind_speed_10m",
        "timezone", "auto")), "forecast");
    if (!forecast.has("current") || !forecast.get("current").isJsonObject()) {
      throw new WeatherException("the weather service returned no current conditions");
    }
    JsonObject current = forecast.getAsJsonObject("current");
    int code = (int) number(current, "weather_code");
    return new CurrentWeather(placeName(hit), text(current, "time"), number(current, "temperature_2m"),
        number(current, "apparent_temperature"), (int) Math.round(number(current, "relative_humidity_2m")),
        number(current, "wind_speed_10m"), WMO_CODES.getOrDefault(code, "weather code " + code));
  }

  private JsonObject get(String url, String what) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("Accept", "application/json").GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new WeatherException("the weather service (" + what + ") did not answer within " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw new WeatherException("the weather service (" + what + ") is unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeatherException("the weather lookup was interrupted");
    }
    if (response.statusCode() != 200) {
      throw new WeatherException("the weather service (" + what + ") answered HTTP " + response.statusCode());
    }
    try {
      JsonElement body = JsonParser.parseString(response.body());
      if (!body.isJsonObject()) {
        throw new WeatherException("the weather service (" + what + ") sent an unexpected answer");
      }
      return body.getAsJsonObject();
    } catch (RuntimeException e) {
      throw e instanceof WeatherException w ? w
          : new WeatherException("the weather service (" + what + ") sent malformed JSON");
    }
  }

  private static String placeName(JsonObject hit) {
    StringJoiner joiner = new StringJoiner(", ");
    for (String field : new String[] {"name", "admin1", "country"}) {
      String value = text(hit, field);
      if (value != null && !value.isBlank() && !joiner.toString().contains(value)) {
        joiner.add(value);
      }
    }
    return joiner.toString();
  }

  private static double number(JsonObject object, String field) {
    JsonElement value = object.get(field);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      throw new WeatherException("the weather service's answer lacks " + field);
    }
    return value.getAsDouble();
  }

  private static String text(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }

  private static String query(Map<String, String> parameters) {
    StringJoiner joiner = new StringJoiner("&");
    parameters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        joiner.add(e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)));
    return joiner.toString();
  }

  private static String shorten(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "…" : text;
  }
}
