package dev.agentfn.agent;

import com.google.gson.JsonObject;
import dev.agentfn.tool.ToolRegistry;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic planner, always available (the offline provider's planner and the fallback
 * when the model's plan is invalid): splits the task on sequencing words (然后, 再, 并且, 接着;
 * then, and then, after that), recognises calendar, weather and arithmetic requests in Chinese and
 * English, sends {@code @<slug> text} and {@code ask <slug>: text} to the remote agent tool
 * {@code agent:<slug>} when there is one, and everything else to {@code llm}. Subtasks are
 * independent, except that an {@code llm} step referring back ("the result", "it", 结果, 它) gets
 * the previous step's result. Thread-safe.
 */
public final class RulesPlanner {
  private static final Pattern SPLIT = Pattern.compile(
      "\\s*[，,;；]?\\s*(?:然后|接着|并且|再|(?i:\\band\\s+then\\b|\\bafter\\s+that\\b|\\bthen\\b))\\s*[，,:：]?\\s*");
  private static final Pattern LEADING = Pattern.compile(
      "^(?:请你?|帮我|麻烦你?|(?i:please|can\\s+you|could\\s+you|also))\\s*[，,]?\\s*");
  private static final Pattern CALENDAR = Pattern.compile(
      "日程|日历|行程|备忘|(?i:\\bcalendar\\b|\\bagenda\\b|\\bappointments?\\b|\\bevents?\\b)");
  private static final Pattern CALENDAR_ADD = Pattern.compile(
      "添加|加入|加上|新增|安排|记下|创建|预约|(?i:\\badd\\b|\\bcreate\\b|\\bschedule\\b|\\bbook\\b|\\bput\\b)");
  private static final Pattern WEATHER = Pattern.compile(
      "天气|气温|温度|下雨|(?i:\\bweather\\b|\\btemperature\\b|\\bforecast\\b)");
  private static final Pattern EXPRESSION = Pattern.compile(
      "(?:(?i:sqrt|abs|round|min|max|pow)\\s*[(（]|[0-9０-９.]|[-+*/×÷%^()（）,，]|\\s)+");
  private static final Pattern OPERATOR = Pattern.compile("[0-9０-９.)）]\\s*(?:[-+*/×÷%^]|\\*\\*)\\s*[-+]?[0-9０-９.(（a-z]");
  private static final Pattern FUNCTION = Pattern.compile("(?i)(?:sqrt|abs|round|min|max|pow)\\s*[(（]");
  private static final Pattern CALCULATE_VERB = Pattern.compile("^(?:计算|算一下|算|求|(?i:calculate|compute|evaluate))\\s*[:：]?\\s*(.+)$");
  /** An identifier followed by a call, member access or index: code, not arithmetic. */
  private static final Pattern CODE_LIKE = Pattern.compile("([A-Za-z_$][A-Za-z0-9_$]*)\\s*[(.\\[]");
  /** Words by which a step refers to the previous step's result. */
  private static final Pattern REFERS_BACK = Pattern.compile(
      "结果|它|上面|上述|(?i:\\bit\\b|\\bthat\\b|\\bthe\\s+result\\b|\\bthe\\s+answer\\b)");
  private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})");
  private static final Pattern CHINESE_DATE = Pattern.compile("(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})[日号]");
  private static final Pattern QUOTED = Pattern.compile("[\"“'‘「『]([^\"”'’」』]{1,200})[\"”'’」』]");
  private static final Pattern AFTER_COLON = Pattern.compile("[:：]\\s*(.{1,200})$");
  private static final Pattern ENGLISH_TITLE = Pattern.compile("(?i)\\b(?:called|titled|named|for)\\s+(.{1,200}?)\\s*(?:\\bon\\b.*|\\bto\\b.*|[.!?]*)$");
  private static final Pattern CHINESE_WEATHER_NOISE = Pattern.compile(
      "请|帮我|查询|查一下|查查|查|看看|看一下|告诉我|一下|今天|明天|现在|目前|当前|的|天气|气温|温度|怎么样|如何|情况|预报|多少度|会不会下雨|下雨吗|[？?。！!，,\\s]");
  private static final List<String> ENGLISH_WEATHER_NOISE = List.of("what's", "whats", "what", "is", "the", "weather",
      "like", "in", "for", "at", "of", "today", "now", "right", "how's", "hows", "how", "tell", "me", "about",
      "check", "current", "currently", "temperature", "forecast", "please", "get", "show", "look", "up", "it");
  /** {@code @slug text}: a message for a remote agent. */
  private static final Pattern MENTION = Pattern.compile("^@([A-Za-z0-9][A-Za-z0-9-]*)[\\s:：,，]+(\\S.*)$",
      Pattern.DOTALL);
  /** {@code ask slug: text}: the same. */
  private static final Pattern ASK = Pattern.compile(
      "^(?i:ask)\\s+@?([A-Za-z0-9][A-Za-z0-9-]*)\\s*[:：,，]\\s*(\\S.*)$", Pattern.DOTALL);
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE;

  private final Clock clock;
  private final ToolRegistry tools;

  /**
   * A planner that resolves relative dates (今天, tomorrow) with {@code clock} and finds remote
   * agents in {@code tools}.
   */
  public RulesPlanner(Clock clock, ToolRegistry tools) {
    this.clock = clock;
    this.tools = tools;
  }

  /** A plan of at most {@code maxSubtasks} independent subtasks for {@code task}. */
  public Plan plan(String task, int maxSubtasks) {
    List<String> parts = new ArrayList<>();
    for (String raw : SPLIT.split(task.strip())) {
      String part = clean(raw);
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    if (parts.isEmpty()) {
      parts.add(task.strip());
    }
    int recognised = Math.min(parts.size(), maxSubtasks - (parts.size() > maxSubtasks ? 1 : 0));
    List<Subtask> subtasks = new ArrayList<>();
    for (int i = 0; i < recognised; i++) {
      Subtask subtask = subtask("s" + (i + 1), parts.get(i));
      subtasks.add(i > 0 && "llm".equals(subtask.tool()) && REFERS_BACK.matcher(parts.get(i)).find()
          ? usingPrevious(subtask, "s" + i) : subtask);
    }
    if (parts.size() > maxSubtasks) {
      String rest = String.join("，", parts.subList(recognised, parts.size()));
      subtasks.add(llm("s" + maxSubtasks, rest));
    }
    return new Plan(subtasks);
  }

  private Subtask subtask(String id, String part) {
    return agent(id, part).or(() -> calendar(id, part)).or(() -> weather(id, part)).or(() -> arithmetic(id, part)).orElseGet(() -> llm(id, part));
  }

  /** An {@code llm} step that refers back gets the previous step's result as data. */
  private static Subtask usingPrevious(Subtask subtask, String previous) {
    String prompt = subtask.args().get("prompt").getAsString() + " (" + previous + " result: {{" + previous + "}})";
    return new Subtask(subtask.id(), subtask.description(), "llm", args("prompt", prompt), List.of(previous));
  }

  private static Subtask llm(String id, String part) {
    return new Subtask(id, part, "llm", args("prompt", part), List.of());
  }

  /** {@code @slug text} or {@code ask slug: text}, when {@code agent:slug} is a tool. */
  private Optional<Subtask> agent(String id, String part) {
    for (Pattern pattern : List.of(MENTION, ASK)) {
      Matcher matcher = pattern.matcher(part);
      if (matcher.matches()) {
        String tool = "agent:" + matcher.group(1).toLowerCase(Locale.ROOT);
        if (tools.find(tool).isPresent()) {
          return Optional.of(new Subtask(id, part, tool, args("message", matcher.group(2).strip()), List.of()));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<Subtask> calendar(String id, String part) {
    boolean keyword = CALENDAR.matcher(part).find();
    boolean add = CALENDAR_ADD.matcher(part).find();
    boolean meeting = part.contains("会议") || part.toLowerCase(Locale.ROOT).contains("meeting");
    if (!keyword && !(add && meeting)) {
      return Optional.empty();
    }
    LocalDate date = date(part);
    JsonObject args = new JsonObject();
    args.addProperty("action", add ? "add" : "list");
    args.addProperty("date", date.format(ISO));
    if (add) {
      args.addProperty("title", title(part));
    }
    return Optional.of(new Subtask(id, part, "calendar", args, List.of()));
  }

  private Optional<Subtask> weather(String id, String part) {
    if (!WEATHER.matcher(part).find()) {
      return Optional.empty();
    }
    String location = hasHan(part) ? CHINESE_WEATHER_NOISE.matcher(part).replaceAll("") : englishLocation(part);
    if (location.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new Subtask(id, part, "weather", args("location", location), List.of()));
  }

  private static Optional<Subtask> arithmetic(String id, String part) {
    Matcher verb = CALCULATE_VERB.matcher(part);
    if (verb.matches() && codeLike(verb.group(1))) {
      return Optional.of(new Subtask(id, part, "calculate", args("expression", verb.group(1).strip()), List.of()));
    }
    String best = null;
    Matcher matcher = EXPRESSION.matcher(part);
    while (matcher.find()) {
      String candidate = matcher.group().strip().replaceAll("^[,，]+|[,，]+$", "").strip();
      boolean looksLikeMath = candidate.chars().anyMatch(Character::isDigit)
          && (OPERATOR.matcher(candidate).find() || FUNCTION.matcher(candidate).find());
      if (looksLikeMath && (best == null || candidate.length() > best.length())) {
        best = candidate;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    return Optional.of(new Subtask(id, part, "calculate", args("expression", best), List.of()));
  }

  /** Whether {@code text} calls or dereferences a name that is not one of the calculator's functions. */
  private static boolean codeLike(String text) {
    Matcher matcher = CODE_LIKE.matcher(text);
    while (matcher.find()) {
      if (!FUNCTION.matcher(matcher.group(1) + "(").matches()) {
        return true;
      }
    }
    return false;
  }

  private LocalDate date(String part) {
    LocalDate today = LocalDate.now(clock);
    try {
      Matcher iso = ISO_DATE.matcher(part);
      if (iso.find()) {
        return LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)), Integer.parseInt(iso.group(3)));
      }
      Matcher chinese = CHINESE_DATE.matcher(part);
      if (chinese.find()) {
        int year = chinese.group(1) == null ? today.getYear() : Integer.parseInt(chinese.group(1));
        return LocalDate.of(year, Integer.parseInt(chinese.group(2)), Integer.parseInt(chinese.group(3)));
      }
    } catch (DateTimeException e) {
      return today;
    }
    String lower = part.toLowerCase(Locale.ROOT);
    if (part.contains("后天") || lower.contains("day after tomorrow")) {
      return today.plusDays(2);
    }
    if (part.contains("明天") || lower.contains("tomorrow")) {
      return today.plusDays(1);
    }
    return today;
  }

  private static String title(String part) {
    for (Pattern pattern : List.of(QUOTED, AFTER_COLON, ENGLISH_TITLE)) {
      Matcher matcher = pattern.matcher(part);
      if (matcher.find() && !matcher.group(1).isBlank()) {
        return matcher.group(1).strip();
      }
    }
    return part.length() > 200 ? part.substring(0, 200) : part;
  }

  private static String englishLocation(String part) {
    String[] words = part.replaceAll("[?？.!！,，]", " ").strip().split("\\s+");
    List<String> kept = Arrays.stream(words)
        .filter(w -> !ENGLISH_WEATHER_NOISE.contains(w.toLowerCase(Locale.ROOT)))
        .map(w -> w.endsWith("'s") ? w.substring(0, w.length() - 2) : w)
        .toList();
    return String.join(" ", kept);
  }

  private static String clean(String raw) {
    String part = raw.strip();
    String before;
    do {
      before = part;
      part = LEADING.matcher(part).replaceFirst("").strip();
    } while (!part.equals(before));
    return part.replaceAll("[。.!！？?，,；;\\s]+$", "").strip();
  }

  private static boolean hasHan(String text) {
    return text.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
  }

  private static JsonObject args(String name, String value) {
    JsonObject args = new JsonObject();
    args.addProperty(name, value);
    return args;
  }
}
