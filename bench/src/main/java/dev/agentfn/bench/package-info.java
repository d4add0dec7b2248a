/** The benchmark harness: commands that measure figures against baselines from the same run (not tests). */
package dev.agentfn.bench;
