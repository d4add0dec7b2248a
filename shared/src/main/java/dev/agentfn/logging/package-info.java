/**
 * Structured logs for Cloud Logging: one JSON object per line on stdout, written by one writer
 * thread (callers queue finished lines; a full queue drops and counts). java.util.logging, and with
 * it {@code System.Logger}, the invoker, Jetty and the client libraries, is routed into these lines;
 * the per-request access line and the request's log context (request id, function, Cloud Trace) are
 * added while a request is served.
 */
package dev.agentfn.logging;
