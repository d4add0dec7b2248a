/**
 * The multi-agent task over the A2A protocol (1.0, with 0.3 compatibility): the agent card, the
 * JSON-RPC endpoint, and the task store port (Firestore across instances, in memory otherwise).
 */
package dev.agentfn.a2a;
