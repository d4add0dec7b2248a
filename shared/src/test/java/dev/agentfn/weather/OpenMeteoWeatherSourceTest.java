package dev.agentfn.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.testing.OpenMeteoStub;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenMeteoWeatherSourceTest {
  private OpenMeteoStub stub;
  private OpenMeteoWeatherSource source;

  @BeforeEach
  void start() throws Exception {
    stub = OpenMeteoStub.start();
    source = new OpenMeteoWeatherSource(stub.baseUrl(), stub.baseUrl());
  }

  @AfterEach
  void stop() {
    stub.close();
  }

  @Test
  void chineseNameIsGeocodedInChineseThenCurrentConditionsAreRead() {
    CurrentWeather weather = source.current("北京");

    assertEquals("北京, 中国", weather.place());
    assertEquals(12.5, weather.temperatureC());
    assertEquals("clear sky", weather.conditions());
    assertEquals(40, weather.humidityPercent());
    assertTrue(stub.requests().get(0).startsWith("/v1/search?"), stub.requests().toString());
    assertTrue(stub.requests().get(0).contains("language=zh"), stub.requests().toString());
    assertTrue(stub.requests().get(0).contains("name=%E5%8C%97%E4%BA%AC"), stub.requests().toString());
    assertTrue(stub.requests().get(1).startsWith("/v1/forecast?"), stub.requests().toString());
    assertTrue(stub.requests().get(1).contains("latitude=39.9075"), stub.requests().toString());
    assertTrue(stub.requests().get(1).contains("current=temperature_2m"), stub.requests().toString());
  }

  @Test
  void englishNameIsGeocodedInEnglishAndDescribed() {
    CurrentWeather weather = source.current("Paris");

    assertTrue(stub.requests().get(0).contains("language=en"));
    assertEquals("Paris, France: 8.0°C (feels like 6.0°C), slight rain, humidity 40%, wind 5.2 km/h "
        + "(observed 2026-11-25T12:00 local time)", weather.describe());
  }

  @Test
  void unknownPlaceIsAClearError() {
    WeatherException error = assertThrows(WeatherException.class, () -> source.current("Atlantis"));

    assertEquals("unknown place: Atlantis", error.getMessage());
    assertEquals(1, stub.requests().size());
  }

  @Test
  void upstreamErrorStatusIsAClearErrorWithoutTheUpstreamBody() {
    stub.failWith(503);

    WeatherException error = assertThrows(WeatherException.class, () -> source.current("Paris"));

    assertEquals("the weather service (geocoding) answered HTTP 503", error.getMessage());
  }

  @Test
  void slowUpstreamTimesOut() {
    stub.latency(2_000);
    OpenMeteoWeatherSource impatient = new OpenMeteoWeatherSource(HttpClient.newHttpClient(), stub.baseUrl(),
        stub.baseUrl(), Duration.ofMillis(100));

    WeatherException error = assertThrows(WeatherException.class, () -> impatient.current("Paris"));

    assertEquals("the weather service (geocoding) did not answer within 100 ms", error.getMessage());
  }

  @Test
  void unreachableUpstreamIsAClearError() {
    stub.close();

    WeatherException error = assertThrows(WeatherException.class, () -> source.current("Paris"));

    assertEquals("the weather service (geocoding) is unreachable", error.getMessage());
  }
}
