/** The batch Cloud Function: {@code POST /chat/batch} (also at {@code /}). */
package dev.agentfn.function.batch;
