package dev.agentfn.calendar;

import java.time.LocalDate;
import java.util.Objects;

/** One calendar event: an id, the day it is on, and its title. */
public record CalendarEvent(String id, LocalDate date, String title) {
  public CalendarEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(title, "title");
  }
}
