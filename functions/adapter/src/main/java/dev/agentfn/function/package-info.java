/** The bridge from the Functions Framework's HTTP types to the core's {@link dev.agentfn.http.HttpService}. */
package dev.agentfn.function;
