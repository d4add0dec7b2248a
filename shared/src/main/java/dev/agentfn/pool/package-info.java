/**
 * Worker pools shared by every request of an instance: bounded in threads and in queued work, and
 * fair between callers and between a caller's requests, so that one caller's flood cannot delay
 * another caller's small request.
 */
package dev.agentfn.pool;
