package dev.agentfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesAnObjectWithEveryKindOfValue() {
    JsonObject o = Json.parseObject(utf8("{\"s\":\"π😀\",\"n\":1.5e2,\"b\":true,\"z\":null,\"a\":[1,{\"k\":[]}],\"o\":{}}"));
    assertEquals("π😀", o.get("s").getAsString());
    assertEquals(150, o.get("n").getAsInt());
    assertTrue(o.get("z").isJsonNull());
    assertEquals(2, o.getAsJsonArray("a").size());
  }

  @Test
  void aLeadingByteOrderMarkIsIgnored() {
    assertEquals("x", Json.parseObject(utf8("\uFEFF{\"q\":\"x\"}")).get("q").getAsString());
  }

  @Test
  void duplicateKeysAreRefusedAtAnyDepth() {
    assertInvalid("{\"query\":\"a\",\"query\":\"b\"}", "duplicate key \"query\"");
    assertInvalid("{\"o\":{\"k\":1,\"k\":null}}", "duplicate key \"k\"");
  }

  @Test
  void unpairedSurrogatesAreRefusedInValuesAndKeys() {
    assertInvalid("{\"query\":\"\\ud800\"}", "unpaired surrogate");
    assertInvalid("{\"query\":\"x\\udc00y\"}", "unpaired surrogate");
    assertInvalid("{\"\\ud83d\":1}", "unpaired surrogate");
    assertEquals("😀", Json.parseObject(utf8("{\"q\":\"\\ud83d\\ude00\"}")).get("q").getAsString());
  }

  @Test
  void fiveThousandDeepNestingIsRefusedWithoutAStackOverflow() {
    String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertInvalid(deep, "nested deeper than " + Json.MAX_NESTING);
  }

  @Test
  void overlongNumbersAreRefused() {
    assertInvalid("{\"n\":" + "9".repeat(150) + "}", "number is longer");
    assertInvalid("{\"n\":1" + "0".repeat(5000) + "}", "malformed JSON");
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] body = {'{', '"', 'q', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    ApiException e = assertThrows(ApiException.class, () -> Json.parseObject(body));
    assertEquals("request body is not valid UTF-8", e.getMessage());
    byte[] encodedSurrogate = {'{', '"', 'q', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
    assertThrows(ApiException.class, () -> Json.parseObject(encodedSurrogate));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{", "}", "{\"a\":}", "{\"a\":1}x", "[1]", "\"s\"", "null", "{'a':1}",
      "{\"a\":NaN}", "{\"a\":1,}", "{a:1}", "{\"a\":01}"})
  void malformedOrNonObjectBodiesAreInvalidArgument(String body) {
    ApiException e = assertThrows(ApiException.class, () -> Json.parseObject(utf8(body)));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
  }

  private static void assertInvalid(String body, String fragment) {
    ApiException e = assertThrows(ApiException.class, () -> Json.parseObject(utf8(body)));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
