package dev.agentfn.model;

/** The router's choice: which model answers, and why (shown to callers as {@code routing_reason}). */
public record Route(String model, String reason) {}
