package dev.agentfn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ServerException;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stub speaks the protocol the real SDK expects. */
class GeminiStubTest {
  private GeminiStub stub;
  private Client client;

  @BeforeEach
  void start() throws Exception {
    stub = GeminiStub.start();
    client = Client.builder().apiKey("x")
        .httpOptions(HttpOptions.builder().baseUrl(stub.baseUrl())
            .retryOptions(HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of())).build())
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    stub.close();
  }

  @Test
  void sdkReadsTextUsageAndRecordsTheRequest() {
    stub.enqueue(GeminiStub.chunks("Hel", "lo").usage(7, 3, 4));
    GenerateContentResponse response = client.models.generateContent("m1", "question", null);
    assertEquals("Hello", response.text());
    assertEquals(4, response.usageMetadata().orElseThrow().thoughtsTokenCount().orElseThrow());
    GeminiStub.Recorded request = stub.requests().get(0);
    assertEquals("m1", request.model());
    assertEquals("x", request.apiKey());
    assertTrue(request.body().contains("question"));
  }

  @Test
  void streamsOneEventPerChunk() {
    stub.enqueue(GeminiStub.chunks("Hel", "lo"));
    StringBuilder text = new StringBuilder();
    int events = 0;
    try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream("m1", "q", null)) {
      for (GenerateContentResponse chunk : stream) {
        text.append(chunk.text());
        events++;
      }
    }
    assertEquals("Hello", text.toString());
    assertEquals(2, events);
    assertEquals("alt=sse", stub.requests().get(0).query());
  }

  @Test
  void errorStatusBecomesServerException() {
    stub.enqueue(GeminiStub.status(503));
    ServerException e = assertThrows(ServerException.class, () -> client.models.generateContent("m1", "q", null));
    assertEquals(503, e.code());
    assertEquals(1, stub.generateCalls());
  }
}
