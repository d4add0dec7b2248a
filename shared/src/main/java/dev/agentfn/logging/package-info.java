/**
 * Structured logs: the per-request access line and the request's log context (request id, function,
 * Cloud Trace), written through the Log4j API. The backend and its JSON layout for Cloud Logging are
 * the deployable's (functions/adapter); java.util.logging and System.Logger are routed into it.
 */
package dev.agentfn.logging;
