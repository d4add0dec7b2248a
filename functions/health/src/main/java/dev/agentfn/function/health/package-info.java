/** The health Cloud Function: {@code GET /health} (also at {@code /}), {@code /models}, {@code /stats}, {@code /cache/stats}. */
package dev.agentfn.function.health;
