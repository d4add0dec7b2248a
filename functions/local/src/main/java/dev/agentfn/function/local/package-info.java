/** Development only: the gateway that serves every function's paths from one local process. */
package dev.agentfn.function.local;
