/** Batch: many chat queries in one request, with a result slot per query. */
package dev.agentfn.batch;
