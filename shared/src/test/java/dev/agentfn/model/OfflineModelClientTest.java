package dev.agentfn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
  void aConversationChangesTheAnswerAndCountsItsHistoryAsInput() {
    ModelRequest alone = ModelRequest.of("m", "and in Shanghai?");
    ModelReply plain = client.generate(alone);
    ModelReply inBeijing = client.generate(alone.withHistory(List.of(Turn.user("weather in Beijing"), Turn.model("12°C"))));
    ModelReply inParis = client.generate(alone.withHistory(List.of(Turn.user("weather in Paris"), Turn.model("9°C"))));

    assertTrue(inBeijing.text().contains("2 earlier messages starting \"weather in Beijing\""), inBeijing.text());
    assertNotEquals(inBeijing.text(), inParis.text());
    assertNotEquals(plain.text(), inBeijing.text());
    assertEquals(plain.usage().inputTokens() + OfflineModelClient.estimateTokens("weather in Beijing")
        + OfflineModelClient.estimateTokens("12°C"), inBeijing.usage().inputTokens());
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
