/**
 * Firestore, shared by everything that keeps state across instances (the L2 answer cache, global
 * usage stats, A2A tasks, calendar events, coordination between instances): the one client per
 * instance, and {@link dev.agentfn.firestore.Claims}, the {@code create()}-based primitive that
 * numbered logs, leases and allowance slices are built on.
 */
package dev.agentfn.firestore;
