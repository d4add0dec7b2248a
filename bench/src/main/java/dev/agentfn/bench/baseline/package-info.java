/** The baseline function of the benchmarks (built alone into its own JAR by the bench module). */
package dev.agentfn.bench.baseline;
