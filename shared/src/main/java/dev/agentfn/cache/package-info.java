/**
 * The answer cache: keys, the in-instance Caffeine level (L1) and the port to the shared store
 * (L2) with its implementations.
 */
package dev.agentfn.cache;
