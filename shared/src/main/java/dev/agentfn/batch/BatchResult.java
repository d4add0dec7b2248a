package dev.agentfn.batch;

import dev.agentfn.model.Usage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished batch: one result per item in request order, and the summary. {@code usage} and
 * {@code costUsd} count what this batch spent: each model call once; cache hits and in-batch
 * duplicates add nothing.
 */
public record BatchResult(List<ItemResult> results, long totalLatencyMs, Usage usage, double costUsd,
    String requestId) {
  public BatchResult {
    results = List.copyOf(results);
  }

  public int succeeded() {
    return (int) results.stream().filter(ItemResult.Answered.class::isInstance).count();
  }

  public int failed() {
    return results.size() - succeeded();
  }

  /** The response body: the results and the summary. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("results", results.stream().map(ItemResult::toJson).toList());
    json.putAll(summary());
    return json;
  }

  /** The summary alone (the last line of an NDJSON response). */
  public Map<String, Object> summary() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("succeeded", succeeded());
    json.put("failed", failed());
    json.put("total_latency_ms", totalLatencyMs);
    json.put("usage", usage);
    json.put("cost_usd", costUsd);
    json.put("request_id", requestId);
    return json;
  }
}
