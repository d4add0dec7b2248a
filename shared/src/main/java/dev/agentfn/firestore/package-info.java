/**
 * The connection to Firestore, shared by everything that keeps state across instances: the L2
 * answer cache, global usage stats, A2A tasks, calendar events. One client per instance.
 */
package dev.agentfn.firestore;
