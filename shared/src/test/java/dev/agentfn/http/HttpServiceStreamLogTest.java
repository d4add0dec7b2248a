package dev.agentfn.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentfn.api.ApiException;
import dev.agentfn.api.CallNotes;
import dev.agentfn.model.Usage;
import dev.agentfn.stats.UsageStats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A streamed response is logged when its stream ends, with its final status and what it noted. */
class HttpServiceStreamLogTest {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final RequestLog log = (exchange, requestId, function) -> (status, latencyMs, notes) ->
      lines.add(status + " " + notes.model() + " " + notes.cacheLevel() + " " + notes.outputTokens()
          + " " + notes.errorCode());
  private final HttpService service = new HttpService("chat", List.of(
      Endpoint.post("/chat", request -> ApiResponse.stream(200, Sse.CONTENT_TYPE, out -> {
        lines.add("streaming");
        request.context().notes().answer("m", null, new Usage(3, 4, 7));
        out.write("data\n".getBytes(StandardCharsets.UTF_8));
      })),
      Endpoint.post("/chat/fail", request -> ApiResponse.stream(200, Sse.CONTENT_TYPE, out -> {
        request.context().notes().streamFailed(ApiException.upstreamUnavailable("down", 5, null));
        out.write("event: error\n".getBytes(StandardCharsets.UTF_8));
      }))), "/chat", Guard.open(), 1024, Duration.ofSeconds(5), new UsageStats(), Clock.systemUTC(), Cors.none(),
      log);

  private ApiResponse post(String path) {
    return service.handle(new SimpleExchange("POST", path, Map.of("Content-Type", "application/json"), Map.of(),
        "{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theLineIsWrittenWhenTheStreamEndsWithWhatTheStreamNoted() throws IOException {
    ApiResponse response = post("/chat");
    assertEquals(List.of(), lines, "nothing is logged before the body is written");
    response.writeBody(new ByteArrayOutputStream());
    assertEquals(List.of("streaming", "200 m miss 4 null"), lines);
  }

  @Test
  void aStreamEndingInAnErrorEventIsLoggedWithTheErrorsStatus() throws IOException {
    post("/chat/fail").writeBody(new ByteArrayOutputStream());
    assertEquals(List.of("503 null null 0 upstream_unavailable"), lines);
  }

  @Test
  void aClientThatWentAwayIsLogged499() {
    OutputStream gone = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("broken pipe");
      }
    };
    assertThrows(IOException.class, () -> post("/chat").writeBody(gone));
    assertEquals(2, lines.size());
    assertTrue(lines.get(1).startsWith("499 "), lines.toString());
  }

  @Test
  void notesOfManyAnswersSayMixedWhenTheirCacheLevelsDiffer() {
    CallNotes notes = new CallNotes();
    notes.answer("m", "l1", Usage.ZERO);
    notes.answer("m", "l1", Usage.ZERO);
    assertEquals("l1", notes.cacheLevel());
    notes.answer("m", null, Usage.ZERO);
    assertEquals("mixed", notes.cacheLevel());
  }
}
