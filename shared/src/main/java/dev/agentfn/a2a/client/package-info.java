/**
 * The A2A client: remote agents named in {@code A2A_AGENTS}, each a {@link dev.agentfn.tool.Tool}
 * named {@code agent:<slug>} that the planner can use as a plan step. Their agent cards are cached;
 * calls are bounded in time and size, never follow a redirect to another host, carry the hop
 * count and the configured header, and cancel the remote task when the subtask times out.
 */
package dev.agentfn.a2a.client;
