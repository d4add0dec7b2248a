package dev.agentfn.calendar;

import com.google.api.core.ApiFuture;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calendar events in Firestore (collection {@code calendar_events}), shared by all instances: one
 * document per event with {@code owner}, {@code date} (YYYY-MM-DD), {@code title} and
 * {@code createdAt}. Lists use equality filters only (no composite index needed) and sort in memory.
 */
public final class FirestoreCalendarStore implements CalendarStore {
  /** The collection the events live in. */
  public static final String COLLECTION = "calendar_events";
  private static final System.Logger LOG = System.getLogger(FirestoreCalendarStore.class.getName());
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_EVENTS_PER_DAY = 500;

  private final CollectionReference events;
  private final Clock clock;

  public FirestoreCalendarStore(Firestore firestore, Clock clock) {
    this.events = firestore.collection(COLLECTION);
    this.clock = clock;
  }

  @Override
  public List<CalendarEvent> list(String owner, LocalDate date) {
    List<QueryDocumentSnapshot> documents = await(events.whereEqualTo("owner", owner)
        .whereEqualTo("date", date.toString()).limit(MAX_EVENTS_PER_DAY).get()).getDocuments();
    return documents.stream()
        .sorted(Comparator.comparing((QueryDocumentSnapshot d) -> d.getTimestamp("createdAt"),
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(QueryDocumentSnapshot::getId))
        .map(d -> new CalendarEvent(d.getId(), LocalDate.parse(d.getString("date")), d.getString("title")))
        .toList();
  }

  @Override
  public CalendarEvent add(String owner, LocalDate date, String title) {
    String id = UUID.randomUUID().toString();
    await(events.document(id).set(Map.of("owner", owner, "date", date.toString(), "title", title,
        "createdAt", Timestamp.of(java.util.Date.from(clock.instant())))));
    return new CalendarEvent(id, date, title);
  }

  private static <T> T await(ApiFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new CalendarUnavailableException("the calendar call was interrupted", e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new CalendarUnavailableException("the calendar store did not answer within " + TIMEOUT.toMillis() + " ms", e);
    } catch (ExecutionException e) {
      LOG.log(Level.WARNING, "calendar store call failed: " + e.getCause());
      throw new CalendarUnavailableException("the calendar store is unavailable", e.getCause());
    }
  }
}
