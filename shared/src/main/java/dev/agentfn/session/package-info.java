/**
 * Conversations: server-side sessions that {@code POST /chat} continues with a {@code session_id}.
 * A session is an append-only log of turns, one record per turn, owned by its caller; each turn
 * claims its number when it is recorded, so concurrent turns on any instances are all kept, each
 * once, in order. The model sees the recent turns in full and the older ones as a running summary
 * within a token budget. Stored in Firestore when configured, else in the instance's memory.
 */
package dev.agentfn.session;
