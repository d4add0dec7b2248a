package dev.agentfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.agentfn.model.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Json#write} of plain values by {@link JsonText} must be byte for byte what Gson writes. */
class JsonTextTest {
  @Test
  void plainTreesAreWrittenAsGsonWritesThem() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("text", "quote \" backslash \\ \t\b\n\r\f \u0001 \u2028\u2029 é 東京 😀 <html>&='");
    inner.put("none", null);
    inner.put("int", 0);
    inner.put("long", Long.MIN_VALUE);
    inner.put("double", 0.000125);
    inner.put("whole", 3.0);
    inner.put("yes", true);
    inner.put("empty_map", Map.of());
    inner.put("empty_list", List.of());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", "chatcmpl-1");
    body.put("choices", List.of(inner, Arrays.asList("a", null, 1e300, false)));
    body.put("answer", new ChatResponse("a\"b", "m", null, 7, true, null, new Usage(1, 2, 3), 1.5e-7, "r"));
    for (Object value : new Object[] {body, inner, List.of(body), "just a string", 42L, 2.5, true}) {
      assertTrue(JsonText.isPlain(value), String.valueOf(value));
      assertEquals(Json.gson().toJson(value), Json.write(value));
    }
    assertEquals("null", Json.write(null));
  }

  @Test
  void anythingElseIsLeftToGson() {
    Map<Object, Object> numericKey = new LinkedHashMap<>();
    numericKey.put(1, "one");
    Map<String, Object> escapedKey = new LinkedHashMap<>();
    escapedKey.put("a\"b", 1);
    List<Object> nested = new ArrayList<>(List.of(Map.of("amount", new BigDecimal("1.10"))));
    for (Object value : new Object[] {numericKey, escapedKey, nested, Set.of("a"), new JsonObject(), 1.5f,
        new Usage(1, 2, 3)}) {
      assertFalse(JsonText.isPlain(value), String.valueOf(value));
      assertEquals(Json.gson().toJson(value), Json.write(value));
    }
  }
}
