/**
 * Chat: answering one query, or the last message of a conversation, through the router, the cache
 * and a model, and the {@code POST /chat} endpoint.
 */
package dev.agentfn.chat;
