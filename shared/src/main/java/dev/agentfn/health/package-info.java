/** Health: liveness and dependency checks, the model table, usage and cache figures. */
package dev.agentfn.health;
