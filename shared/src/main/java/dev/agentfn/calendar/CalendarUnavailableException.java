package dev.agentfn.calendar;

/** The calendar store could not be reached in time; the message is caller-safe. */
public final class CalendarUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CalendarUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
