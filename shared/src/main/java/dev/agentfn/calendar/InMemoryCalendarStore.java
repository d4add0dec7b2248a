package dev.agentfn.calendar;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Calendar events in this instance's memory: the embedded default when Firestore is not configured. */
final class InMemoryCalendarStore implements CalendarStore {
  private final Map<String, List<CalendarEvent>> byOwnerAndDate = new ConcurrentHashMap<>();

  @Override
  public List<CalendarEvent> list(String owner, LocalDate date) {
    return List.copyOf(byOwnerAndDate.getOrDefault(key(owner, date), List.of()));
  }

  @Override
  public CalendarEvent add(String owner, LocalDate date, String title) {
    CalendarEvent event = new CalendarEvent(UUID.randomUUID().toString(), date, title);
    byOwnerAndDate.computeIfAbsent(key(owner, date), k -> new CopyOnWriteArrayList<>()).add(event);
    return event;
  }

  private static String key(String owner, LocalDate date) {
    return owner + "|" + date;
  }
}
