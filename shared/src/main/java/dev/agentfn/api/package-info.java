/**
 * The HTTP contract in plain Java: error codes and the error type, request and response records,
 * their validation and their JSON form. Nothing here does I/O.
 */
package dev.agentfn.api;
