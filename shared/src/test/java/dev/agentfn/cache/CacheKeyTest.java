package dev.agentfn.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Set;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class CacheKeyTest {
  private static String key(String query) {
    return CacheKey.of("m", null, null, null, "global", query);
  }

  @Test
  void normalisesWhitespaceAndUnicodeButKeepsCase() {
    assertEquals(key("what is ai"), key("  what   is\n\tai "));
    assertEquals(key("caf\u00e9"), key("cafe\u0301"));
    assertNotEquals(key("What is AI"), key("what is ai"));
  }

  @Test
  void everyParameterChangesTheKey() {
    Set<String> keys = new HashSet<>();
    keys.add(CacheKey.of("m", null, null, null, "global", "q"));
    keys.add(CacheKey.of("m2", null, null, null, "global", "q"));
    keys.add(CacheKey.of("m", 0.5, null, null, "global", "q"));
    keys.add(CacheKey.of("m", null, 100, null, "global", "q"));
    keys.add(CacheKey.of("m", null, null, "v2", "global", "q"));
    keys.add(CacheKey.of("m", null, null, null, "caller", "q"));
    keys.add(CacheKey.of("m", null, null, null, "global", "q2"));
    assertEquals(7, keys.size());
  }

  @Test
  void isLowerCaseHexSha256() {
    assertEquals(64, key("q").length());
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", CacheKey.sha256Hex(""));
  }
}
