package dev.agentfn.weather;

/** The weather could not be found (unknown place, service down, timeout); the message is caller-safe. */
public final class WeatherException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WeatherException(String message) {
    super(message);
  }
}
