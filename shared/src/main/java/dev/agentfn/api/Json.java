package dev.agentfn.api;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The API's JSON: snake_case field names, nulls written, strict parsing with caller-safe errors. */
public final class Json {
  /** Deepest nesting accepted in a request body. */
  public static final int MAX_NESTING = 64;

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

  public static String write(Object value) {
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
      JsonElement element = JsonParser.parseReader(reader);
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw ApiException.invalidArgument("malformed JSON: unexpected data after the value");
      }
      return element;
    } catch (JsonParseException | IOException | IllegalStateException e) {
      throw ApiException.invalidArgument("malformed JSON" + position(e));
    } catch (StackOverflowError e) {
      throw ApiException.invalidArgument("malformed JSON: nested too deeply");
    }
  }

  private static String position(Exception e) {
    String message = e.getMessage();
    if (message != null && message.contains("nesting limit")) {
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
}
