package dev.agentfn.tool;

import com.google.gson.JsonObject;
import dev.agentfn.calendar.CalendarEvent;
import dev.agentfn.calendar.CalendarStore;
import dev.agentfn.calendar.CalendarUnavailableException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** {@code calendar}: lists or adds the caller's events on a date. */
public final class CalendarTool implements Tool {
  private static final ArgsSchema SCHEMA = ArgsSchema.of(
      ArgsSchema.oneOf("action", "list the events of a day, or add one", List.of("list", "add")),
      ArgsSchema.required("date", "the day, as YYYY-MM-DD", 10),
      ArgsSchema.optional("title", "the event's title (required for add)", 200));

  private final CalendarStore store;

  public CalendarTool(CalendarStore store) {
    this.store = store;
  }

  @Override
  public String name() {
    return "calendar";
  }

  @Override
  public String description() {
    return "The caller's calendar: action 'list' shows the events on a date, action 'add' adds an event "
        + "with a title on a date. Dates are YYYY-MM-DD.";
  }

  @Override
  public ArgsSchema schema() {
    return SCHEMA;
  }

  @Override
  public List<String> validate(JsonObject args) {
    List<String> errors = new ArrayList<>(SCHEMA.validate(args));
    if (errors.isEmpty()) {
      String date = args.get("date").getAsString();
      if (!date.contains("{{") && parseDate(date) == null) {
        errors.add("args.date must be a date as YYYY-MM-DD");
      }
      if ("add".equals(args.get("action").getAsString())
          && (!args.has("title") || args.get("title").getAsString().isBlank())) {
        errors.add("args.title is required when action is add");
      }
    }
    return errors;
  }

  @Override
  public ToolOutcome run(JsonObject args, ToolContext context) {
    LocalDate date = parseDate(args.get("date").getAsString());
    if (date == null) {
      return ToolOutcome.failure("the date must be YYYY-MM-DD");
    }
    try {
      if ("add".equals(args.get("action").getAsString())) {
        CalendarEvent event = store.add(context.callerId(), date, args.get("title").getAsString().strip());
        return ToolOutcome.success("added \"" + event.title() + "\" on " + event.date());
      }
      return ToolOutcome.success(describe(date, store.list(context.callerId(), date)));
    } catch (CalendarUnavailableException e) {
      return ToolOutcome.failure(e.getMessage());
    }
  }

  private static String describe(LocalDate date, List<CalendarEvent> events) {
    if (events.isEmpty()) {
      return "no events on " + date;
    }
    return events.size() + " event(s) on " + date + ": "
        + events.stream().map(e -> "\"" + e.title() + "\"").collect(Collectors.joining(", "));
  }

  private static LocalDate parseDate(String text) {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
