/**
 * Who may call and how often: API keys compared in constant time, per-caller token buckets, and the
 * {@link dev.agentfn.http.Guard} that applies both before a handler runs.
 */
package dev.agentfn.access;
