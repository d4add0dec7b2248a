/** The chat Cloud Function: {@code POST /chat} (also at {@code /}). */
package dev.agentfn.function.chat;
