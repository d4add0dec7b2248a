/**
 * HTTP without a server: the request/response values, endpoints, the guard hook and
 * {@link dev.agentfn.http.HttpService}, the behaviour every function shares. Server adapters
 * (the Functions Framework's) translate to and from these types.
 */
package dev.agentfn.http;
