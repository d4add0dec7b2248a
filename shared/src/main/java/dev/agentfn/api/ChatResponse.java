package dev.agentfn.api;

import dev.agentfn.model.Usage;

/** A {@code POST /chat} response (API.md); serialised with snake_case names. */
public record ChatResponse(
    String answer,
    String modelUsed,
    String routingReason,
    long latencyMs,
    boolean cached,
    String cacheLevel,
    Usage usage,
    double costUsd,
    String requestId) {}
