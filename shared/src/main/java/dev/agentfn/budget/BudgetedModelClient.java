package dev.agentfn.budget;

import dev.agentfn.api.ChatRequest;
import dev.agentfn.model.ModelCatalog;
import dev.agentfn.model.ModelClient;
import dev.agentfn.model.ModelInfo;
import dev.agentfn.model.ModelReply;
import dev.agentfn.model.ModelRequest;
import dev.agentfn.model.Turn;
import dev.agentfn.model.Usage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link ModelClient} that charges each call to the budget of its {@link ModelRequest#payer()}:
 * it reserves the call's worst case before the call (the input estimated at one token per character,
 * plus {@code max_output_tokens} or, without one, {@value ChatRequest#MAX_OUTPUT_TOKENS} output tokens,
 * at the model's prices in {@link ModelCatalog}), settles to the reply's real cost after it, and
 * releases the reservation when the call fails. Calls without a payer are not charged. Thread-safe.
 */
public final class BudgetedModelClient implements ModelClient {
  private final ModelClient delegate;
  private final Budgets budgets;
  private final ModelCatalog catalog;

  public BudgetedModelClient(ModelClient delegate, Budgets budgets, ModelCatalog catalog) {
    this.delegate = delegate;
    this.budgets = budgets;
    this.catalog = catalog;
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public void prepare() {
    delegate.prepare();
  }

  @Override
  public ModelReply generate(ModelRequest request) {
    return charged(request, () -> delegate.generate(request));
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> onDelta) {
    return charged(request, () -> delegate.stream(request, onDelta));
  }

  private ModelReply charged(ModelRequest request, Supplier<ModelReply> call) {
    Reservation reservation = budgets.reserve(request.payer(), worstCase(request));
    ModelReply reply;
    try {
      reply = call.get();
    } catch (RuntimeException | Error e) {
      reservation.release();
      throw e;
    }
    reservation.settle(cost(reply.model(), reply.usage()));
    return reply;
  }

  /** The most {@code request} can cost, in nano-dollars. */
  long worstCase(ModelRequest request) {
    long inputChars = request.prompt().length() + length(request.systemInstruction())
        + length(request.responseJsonSchema());
    for (Turn turn : request.history()) {
      inputChars += turn.text().length();
    }
    long output = request.maxOutputTokens() != null ? request.maxOutputTokens() : ChatRequest.MAX_OUTPUT_TOKENS;
    return cost(request.model(), Usage.of(inputChars, output));
  }

  private long cost(String model, Usage usage) {
    return catalog.find(model).map(info -> nanos(info, usage)).orElse(0L);
  }

  private static long nanos(ModelInfo info, Usage usage) {
    return Usd.nanos(usage.inputTokens(), info.inputUsdPerMtok()) + Usd.nanos(usage.outputTokens(), info.outputUsdPerMtok());
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }
}
