package dev.agentfn.a2a.client;

import dev.agentfn.config.Config;
import dev.agentfn.tool.Tool;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The remote agents of {@code A2A_AGENTS} as tools: one {@code agent:<slug>} per agent whose card
 * is known, the slug made from the card's name (a repeated slug gets {@code -2}, {@code -3} in
 * configuration order). Only these configured agents are ever called. Thread-safe.
 */
public final class RemoteAgents implements Supplier<List<Tool>> {
  private static final int MAX_THREADS = 4;

  private final List<RemoteAgent> agents;

  /**
   * @param background runs card fetches and cancellations (bounded; shared by all requests of the instance)
   */
  RemoteAgents(List<Config.RemoteAgent> settings, String metadataHost, HttpClient http, Clock clock,
      Executor background) {
    A2aHttp client = new A2aHttp(http, clock);
    GoogleIdTokens idTokens = new GoogleIdTokens(http, metadataHost, clock);
    List<RemoteAgent> list = new ArrayList<>();
    for (Config.RemoteAgent setting : settings) {
      list.add(new RemoteAgent(setting.baseUrl(), setting.headerName() == null ? Map.of()
          : Map.of(setting.headerName(), setting.headerValue()), setting.googleIdToken() ? idTokens : null, client,
          clock, background));
    }
    this.agents = List.copyOf(list);
  }

  /**
   * The agents of {@code settings} over the JDK's HTTP client, with a small pool of daemon threads
   * (create once per instance); Google ID tokens come from the metadata server at {@code metadataHost}.
   */
  public static RemoteAgents create(List<Config.RemoteAgent> settings, String metadataHost, Clock clock) {
    AtomicInteger count = new AtomicInteger();
    ExecutorService background = Executors.newFixedThreadPool(MAX_THREADS, runnable -> {
      Thread thread = new Thread(runnable, "agentfn-a2a-client-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    return new RemoteAgents(settings, metadataHost, A2aHttp.defaultClient(), clock, background);
  }

  /**
   * The agents whose card is known, as tools. Fetches the cards never fetched yet (waiting for them
   * at most {@link RemoteAgent#CARD_TIMEOUT}) and refreshes expired ones in the background.
   */
  @Override
  public List<Tool> get() {
    List<CompletableFuture<Void>> missing = new ArrayList<>();
    for (RemoteAgent agent : agents) {
      CompletableFuture<Void> fetch = agent.refreshIfDue();
      if (agent.card() == null) {
        missing.add(fetch);
      }
    }
    if (!missing.isEmpty()) {
      try {
        CompletableFuture.allOf(missing.toArray(CompletableFuture[]::new))
            .get(RemoteAgent.CARD_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // the agents whose card did not come are left out; fetchCard logged why
      }
    }
    List<Tool> tools = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (RemoteAgent agent : agents) {
      AgentCard card = agent.card();
      if (card == null) {
        continue;
      }
      String base = "agent:" + AgentCard.slug(card.name());
      String name = base;
      for (int n = 2; !names.add(name); n++) {
        name = base + "-" + n;
      }
      tools.add(new AgentTool(name, card, agent));
    }
    return tools;
  }
}
