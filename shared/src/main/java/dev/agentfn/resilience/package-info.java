/**
 * Resilience against failing dependencies: one circuit breaker type (a failure rate over a
 * time-based sliding window, with a minimum number of calls) used by the model client per model and
 * by the Firestore answer cache, and a registry of named breakers that {@code /health} reports.
 */
package dev.agentfn.resilience;
