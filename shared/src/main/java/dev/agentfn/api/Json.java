package dev.agentfn.api;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/** The API's JSON: snake_case field names, nulls written, strict parsing with caller-safe errors. */
public final class Json {
  /** Deepest nesting accepted in a request body. */
  public static final int MAX_NESTING = 64;
  /** Longest number literal accepted (longer ones cost quadratic time to convert). */
  public static final int MAX_NUMBER_CHARS = 100;

  private static final Gson GSON = new GsonBuilder()
      .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
      .serializeNulls()
      .disableHtmlEscaping()
      .create();

  private Json() {}

  /** The shared Gson for responses (thread-safe). */
  public static Gson gson() {
    return GSON;
  }

  /**
   * {@code value} as JSON, as the shared Gson writes it; plain values ({@link JsonText#isPlain}: maps,
   * lists, strings, numbers, {@link JsonWritable}s) by {@link JsonText}, without reflection.
   */
  public static String write(Object value) {
    if (JsonText.isPlain(value)) {
      return new JsonText(512).value(value).toString();
    }
    return GSON.toJson(value);
  }

  /**
   * Decodes a request body as strict UTF-8 JSON whose top level is an object. Malformed bytes,
   * malformed JSON, trailing data, excessive nesting or another top-level type are
   * {@code invalid_argument}.
   */
  public static JsonObject parseObject(byte[] body) {
    JsonElement element = parse(body);
    if (!element.isJsonObject()) {
      throw ApiException.invalidArgument("request body must be a JSON object");
    }
    return element.getAsJsonObject();
  }

  /** Like {@link #parseObject} but any JSON value is accepted at the top level. */
  public static JsonElement parse(byte[] body) {
    String text = decodeUtf8(body);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw ApiException.invalidArgument("request body is empty; a JSON object is required");
    }
    try (JsonReader reader = new JsonReader(new StringReader(text))) {
      reader.setStrictness(Strictness.STRICT);
      reader.setNestingLimit(MAX_NESTING);
      JsonElement element = readTree(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw ApiException.invalidArgument("malformed JSON: unexpected data after the value");
      }
      return element;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      throw ApiException.invalidArgument("malformed JSON" + position(e));
    }
  }

  /**
   * Builds the tree without recursion, refusing what Gson's own tree builder lets through: duplicate
   * keys (Gson keeps the last one silently), unpaired UTF-16 surrogates from {@code \\u} escapes,
   * and overlong numbers.
   */
  private static JsonElement readTree(JsonReader reader) throws IOException {
    Deque<JsonElement> open = new ArrayDeque<>();
    String name = null;
    while (true) {
      JsonToken token = reader.peek();
      JsonElement value;
      switch (token) {
        case BEGIN_OBJECT -> {
          reader.beginObject();
          value = new JsonObject();
        }
        case BEGIN_ARRAY -> {
          reader.beginArray();
          value = new JsonArray();
        }
        case END_OBJECT, END_ARRAY -> {
          if (token == JsonToken.END_OBJECT) {
            reader.endObject();
          } else {
            reader.endArray();
          }
          JsonElement closed = open.pop();
          if (open.isEmpty()) {
            return closed;
          }
          continue;
        }
        case NAME -> {
          name = checked(reader.nextName(), "a key");
          if (open.peek().getAsJsonObject().has(name)) {
            throw ApiException.invalidArgument("malformed JSON: duplicate key \"" + printable(name) + "\"");
          }
          continue;
        }
        case STRING -> value = new JsonPrimitive(checked(reader.nextString(), "a string"));
        case NUMBER -> {
          String number = reader.nextString();
          if (number.length() > MAX_NUMBER_CHARS) {
            throw ApiException.invalidArgument("malformed JSON: a number is longer than " + MAX_NUMBER_CHARS
                + " characters");
          }
          value = new JsonPrimitive(new BigDecimal(number));
        }
        case BOOLEAN -> value = new JsonPrimitive(reader.nextBoolean());
        case NULL -> {
          reader.nextNull();
          value = JsonNull.INSTANCE;
        }
        default -> throw new IllegalStateException("unexpected " + token);
      }
      JsonElement parent = open.peek();
      if (parent == null) {
        if (!value.isJsonObject() && !value.isJsonArray()) {
          return value;
        }
      } else if (parent.isJsonObject()) {
        parent.getAsJsonObject().add(name, value);
      } else {
        parent.getAsJsonArray().add(value);
      }
      if (value.isJsonObject() || value.isJsonArray()) {
        open.push(value);
      }
    }
  }

  /** {@code text} when its UTF-16 is well formed; an unpaired surrogate is {@code invalid_argument}. */
  private static String checked(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw ApiException.invalidArgument("malformed JSON: " + what + " contains an unpaired surrogate (\\u"
            + Integer.toHexString(c) + ")");
      }
    }
    return text;
  }

  private static String printable(String text) {
    String safe = text.replaceAll("[^\\x20-\\x7E]", "?");
    return safe.length() > 64 ? safe.substring(0, 64) + "…" : safe;
  }

  private static String position(Exception e) {
    String message = e.getMessage();
    if (message != null && message.toLowerCase(Locale.ROOT).contains("nesting limit")) {
      return ": nested deeper than " + MAX_NESTING + " levels";
    }
    if (message != null) {
      int at = message.indexOf(" at line ");
      if (at >= 0) {
        int end = message.indexOf(" path ", at);
        return ":" + message.substring(at, end > 0 ? end : message.length()).replace("\n", " ");
      }
    }
    return "";
  }

  private static String decodeUtf8(byte[] body) {
    if (isAscii(body)) {
      // Most bodies are ASCII: then the bytes are the Latin-1 string as they are, no decoder needed.
      return new String(body, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.invalidArgument("request body is not valid UTF-8");
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
