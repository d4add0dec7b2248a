package dev.agentfn.calendar;

import java.time.LocalDate;
import java.util.List;

/** The port to where calendar events live, scoped per owner (a caller id). Thread-safe. */
public interface CalendarStore {

  /** The owner's events on {@code date}, in the order they were added. */
  List<CalendarEvent> list(String owner, LocalDate date);

  /** Adds an event for the owner and returns it. */
  CalendarEvent add(String owner, LocalDate date, String title);

  /** An in-memory store (the embedded default; per instance). */
  static CalendarStore inMemory() {
    return new InMemoryCalendarStore();
  }
}
