package dev.agentfn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OfflineModelClientTest {
  private final OfflineModelClient client = new OfflineModelClient(Duration.ZERO);

  @Test
  void answersDeterministicallyAndLabelsTheAnswerOffline() {
    ModelReply first = client.generate(ModelRequest.of("gemini-3.5-flash", "什么是人工智能？"));
    ModelReply second = client.generate(ModelRequest.of("gemini-3.5-flash", "什么是人工智能？"));
    assertEquals(first, second);
    assertEquals("offline", first.model());
    assertEquals("offline", client.provider());
    assertTrue(first.text().contains("什么是人工智能？"));
  }

  @Test
  void estimatesTokensPerCjkCharacterAndPerFourOtherCharacters() {
    assertEquals(0, OfflineModelClient.estimateTokens(""));
    assertEquals(1, OfflineModelClient.estimateTokens("hi"));
    assertEquals(2, OfflineModelClient.estimateTokens("abcdefgh"));
    assertEquals(4, OfflineModelClient.estimateTokens("人工智能"));
    ModelReply reply = client.generate(ModelRequest.of("m", "人工智能"));
    assertEquals(4, reply.usage().inputTokens());
    assertEquals(reply.usage().inputTokens() + reply.usage().outputTokens(), reply.usage().totalTokens());
  }

  @Test
  void echoesAtMostTwoHundredCharactersOfALongQuery() {
    ModelReply reply = client.generate(ModelRequest.of("m", "x".repeat(5000)));
    assertTrue(reply.text().length() < 400, reply.text());
  }

  @Test
  void simulatedLatencyRespectsTheDeadline() {
    OfflineModelClient slow = new OfflineModelClient(Duration.ofSeconds(30));
    ModelRequest request = ModelRequest.of("m", "q").withDeadline(Instant.now().minusMillis(1));
    ApiException e = assertThrows(ApiException.class, () -> slow.generate(request));
    assertEquals(ErrorCode.DEADLINE_EXCEEDED, e.code());
  }
}
