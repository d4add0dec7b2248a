/** Tools the executor can call (calculate, weather, search, calendar, llm), each with a JSON Schema for its arguments, in one registry. */
package dev.agentfn.tool;
