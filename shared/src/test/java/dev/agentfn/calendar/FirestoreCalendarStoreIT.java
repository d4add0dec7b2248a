package dev.agentfn.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import dev.agentfn.testing.FirestoreEmulator;
import dev.agentfn.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The calendar store with the real Firestore client against the emulator: shared across instances, scoped per caller. */
class FirestoreCalendarStoreIT {
  private static final String PROJECT = "demo-calendar-it";
  private static final LocalDate DAY = LocalDate.parse("2026-12-01");
  @AutoClose
  private static final FirestoreEmulator emulator = FirestoreEmulator.start();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));

  @BeforeEach
  void emptyEmulator() throws Exception {
    emulator.empty();
  }

  @Test
  void eventsAddedOnOneInstanceAreListedOnAnotherInOrder() {
    CalendarStore instanceA = new FirestoreCalendarStore(emulator.client(PROJECT), clock);
    CalendarStore instanceB = new FirestoreCalendarStore(emulator.client(PROJECT), clock);

    CalendarEvent first = instanceA.add("caller-1", DAY, "Design review");
    clock.advance(Duration.ofSeconds(1));
    CalendarEvent second = instanceB.add("caller-1", DAY, "Lunch");
    instanceA.add("caller-1", DAY.plusDays(1), "Tomorrow's thing");

    assertEquals(DAY, second.date());
    assertEquals("Lunch", second.title());
    assertEquals(List.of(first, second), instanceB.list("caller-1", DAY));
    assertEquals(List.of(first, second), instanceA.list("caller-1", DAY));
    assertEquals(List.of("Tomorrow's thing"),
        instanceA.list("caller-1", DAY.plusDays(1)).stream().map(CalendarEvent::title).toList());
  }

  @Test
  void eventsAreScopedPerCaller() {
    CalendarStore store = new FirestoreCalendarStore(emulator.client(PROJECT), clock);

    store.add("caller-1", DAY, "Mine");

    assertEquals(List.of(), store.list("caller-2", DAY));
    assertEquals(1, store.list("caller-1", DAY).size());
  }

  @Test
  void documentsLiveInTheCalendarEventsCollection() throws Exception {
    Firestore client = emulator.client(PROJECT);
    CalendarEvent event = new FirestoreCalendarStore(client, clock).add("caller-1", DAY, "Stored");

    DocumentSnapshot document = client.collection("calendar_events").document(event.id()).get().get(10, TimeUnit.SECONDS);

    assertEquals("caller-1", document.getString("owner"));
    assertEquals("2026-12-01", document.getString("date"));
    assertEquals("Stored", document.getString("title"));
  }

  @Test
  void aDeadEmulatorIsAClearUnavailableError() throws Exception {
    CalendarStore store = new FirestoreCalendarStore(emulator.client(PROJECT), clock);
    emulator.kill();

    CalendarUnavailableException error = assertThrows(CalendarUnavailableException.class, () -> store.list("caller-1", DAY));

    assertEquals(true, error.getMessage().startsWith("the calendar store"), error.getMessage());
  }
}
