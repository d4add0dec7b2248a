package dev.agentfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ChatRequestTest {

  private static ChatRequest parse(String json) {
    return ChatRequest.fromJson(Json.parseObject(json.getBytes(StandardCharsets.UTF_8)), "");
  }

  @Test
  void appliesTheDefaultsOfTheContract() {
    ChatRequest request = parse("{\"query\": \"  什么是人工智能？ \"}");
    assertEquals("什么是人工智能？", request.query());
    assertEquals(TaskType.GENERAL, request.taskType());
    assertNull(request.model());
    assertTrue(request.useCache());
    assertFalse(request.stream());
    assertNull(request.temperature());
    assertNull(request.maxOutputTokens());
  }

  @Test
  void readsEveryField() {
    ChatRequest request = parse("{\"query\":\"q\",\"task_type\":\"complex\",\"model\":\"m\",\"use_cache\":false,"
        + "\"stream\":true,\"temperature\":0.5,\"max_output_tokens\":100,\"session_id\":\"Trip_2026-12\"}");
    assertEquals(TaskType.COMPLEX, request.taskType());
    assertEquals("m", request.model());
    assertFalse(request.useCache());
    assertTrue(request.stream());
    assertEquals(0.5, request.temperature());
    assertEquals(100, request.maxOutputTokens());
    assertEquals("Trip_2026-12", request.sessionId());
  }

  @Test
  void nullFieldsCountAsAbsent() {
    ChatRequest request = parse("{\"query\":\"q\",\"model\":null,\"temperature\":null,\"task_type\":null}");
    assertNull(request.model());
    assertEquals(TaskType.GENERAL, request.taskType());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{}|query is required",
      "{\"query\":\"   \"}|query must not be empty",
      "{\"query\":42}|query must be a string",
      "{\"query\":\"q\",\"task_type\":\"hard\"}|task_type must be one of simple, complex, general",
      "{\"query\":\"q\",\"temperature\":3}|temperature must be between 0 and 2",
      "{\"query\":\"q\",\"temperature\":\"hot\"}|temperature must be a number",
      "{\"query\":\"q\",\"max_output_tokens\":0}|max_output_tokens must be between 1 and 65536",
      "{\"query\":\"q\",\"max_output_tokens\":1.5}|max_output_tokens must be a whole number",
      "{\"query\":\"q\",\"max_output_tokens\":1e400}|max_output_tokens must be between 1 and 65536",
      "{\"query\":\"q\",\"use_cache\":\"yes\"}|use_cache must be true or false",
      "{\"query\":\"q\",\"session_id\":\"\"}|session_id must be 1 to 128 letters, digits, '_' or '-'",
      "{\"query\":\"q\",\"session_id\":\"a/b\"}|session_id must be 1 to 128 letters, digits, '_' or '-'",
      "{\"query\":\"q\",\"session_id\":\"会话\"}|session_id must be 1 to 128 letters, digits, '_' or '-'",
      "{\"query\":\"q\",\"session_id\":7}|session_id must be a string",
      "[1,2]|request body must be a JSON object",
      "{\"query\":\"q\"|malformed JSON",
      "{\"query\":\"q\"} {}|malformed JSON",
      "{'query':'q'}|malformed JSON",
  })
  void rejectsBadInputWithAMessageNamingTheProblem(String json, String message) {
    ApiException e = assertThrows(ApiException.class, () -> parse(json));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void rejectsAQueryOverTheLimit() {
    String json = "{\"query\":\"" + "x".repeat(ChatRequest.MAX_QUERY_CHARS + 1) + "\"}";
    ApiException e = assertThrows(ApiException.class, () -> parse(json));
    assertTrue(e.getMessage().contains("at most 32000"));
    assertEquals(32_000, parse("{\"query\":\"" + "字".repeat(32_000) + "\"}").query().length());
  }

  @Test
  void rejectsInvalidUtf8AndDeepNesting() {
    byte[] invalid = {'{', '"', 'q', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    assertEquals("request body is not valid UTF-8",
        assertThrows(ApiException.class, () -> Json.parseObject(invalid)).getMessage());
    String deep = "[".repeat(5000) + "]".repeat(5000);
    ApiException e = assertThrows(ApiException.class, () -> Json.parse(deep.getBytes(StandardCharsets.UTF_8)));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
  }

  @Test
  void acceptsAByteOrderMark() {
    assertEquals("q", ChatRequest.fromJson(Json.parseObject(
        ("\uFEFF{\"query\":\"q\"}").getBytes(StandardCharsets.UTF_8)), "").query());
  }
}
