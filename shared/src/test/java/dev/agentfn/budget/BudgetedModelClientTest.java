package dev.agentfn.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentfn.api.ApiException;
import dev.agentfn.config.Config;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.Turn;
import dev.agentfn.model.Usage;
import dev.agentfn.testing.MutableClock;
import dev.agentfn.testing.ScriptedModelClient;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every model call with a payer reserves its worst case, settles to its cost, releases on failure. */
class BudgetedModelClientTest {
  private static final String KEY = "key:aaaaaaaaaaaa";
  /** $1 per input token, $10 per output token: easy sums. */
  private final ModelCatalog catalog = ModelCatalog.from(Config.fromEnv(Map.of(
      "MODEL_PRICES", "gemini-3.1-flash-lite=1000000/10000000")));
  private final ScriptedModelClient model = new ScriptedModelClient();
  private final Budgets budgets = Budgets.inMemory(BudgetLimits.of(new BigDecimal("100"), Map.of(), List.of()),
      BudgetPeriod.DAY, new MutableClock(Instant.parse("2026-12-06T12:00:00Z")));
  private final BudgetedModelClient client = new BudgetedModelClient(model, budgets, catalog);

  @Test
  void theWorstCaseIsEveryInputCharacterAsATokenPlusTheOutputCap() {
    ModelRequest request = new ModelRequest("gemini-3.1-flash-lite", "12345", "sys", null, 3, "{}", false, null,
        List.of(new Turn(Turn.Role.USER, "ab"))).paidBy(KEY);

    assertEquals((5 + 3 + 2 + 2) * Usd.NANOS_PER_USD + 3 * 10 * Usd.NANOS_PER_USD, client.worstCase(request));
  }

  @Test
  void withoutAnOutputCapTheModelsWholeOutputIsReservedAndUnknownModelsCostNothing() {
    assertEquals(1 * Usd.NANOS_PER_USD + 65_536L * 10 * Usd.NANOS_PER_USD,
        client.worstCase(ModelRequest.of("gemini-3.1-flash-lite", "x")));
    assertEquals(0, client.worstCase(ModelRequest.of("offline", "x")));
  }

  @Test
  void aCallSettlesToItsRealCostSoTheRestStaysAvailable() {
    // Worst case $1 + 5 × $10 = $51; real cost 1 in, 1 out = $11.
    model.otherwise(request -> new ModelReply("ok", request.model(), Usage.of(1, 1)));
    ModelRequest request = new ModelRequest("gemini-3.1-flash-lite", "q", null, null, 5, null, false, null).paidBy(KEY);

    client.generate(request); // $11 spent of $100
    client.generate(request); // $22

    // $78 left: a $51 reservation fits once more, a second one would not.
    budgets.reserve(KEY, 51 * Usd.NANOS_PER_USD);
    assertThrows(BudgetExceededException.class, () -> client.generate(request));
    assertEquals(2, model.calls());
  }

  @Test
  void aFailedCallReleasesItsReservation() {
    model.fail(ApiException.upstreamUnavailable("down", 1, null));
    ModelRequest request = new ModelRequest("gemini-3.1-flash-lite", "q", null, null, 9, null, false, null).paidBy(KEY);

    assertThrows(ApiException.class, () -> client.generate(request));

    budgets.reserve(KEY, 100 * Usd.NANOS_PER_USD);
  }

  @Test
  void callsWithoutAPayerAreNotCharged() {
    ModelRequest request = new ModelRequest("gemini-3.1-flash-lite", "q", null, null, 9, null, false, null);
    for (int i = 0; i < 20; i++) {
      client.generate(request);
    }
    budgets.reserve(KEY, 100 * Usd.NANOS_PER_USD);
  }
}
