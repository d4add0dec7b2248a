/** The runtime of one instance: configuration, shared objects built once, and each function's HTTP service. */
package dev.agentfn.runtime;
