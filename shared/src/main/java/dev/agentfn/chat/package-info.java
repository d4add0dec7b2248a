/** Chat: answering one query through the router, the cache and a model, and its HTTP endpoint. */
package dev.agentfn.chat;
