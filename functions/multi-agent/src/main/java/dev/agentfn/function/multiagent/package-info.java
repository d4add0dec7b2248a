/** The multi-agent Cloud Function: {@code POST /chat/multi-agent} (also at {@code /}) and A2A. */
package dev.agentfn.function.multiagent;
