/**
 * The OpenAI-compatible surface: {@code POST /v1/chat/completions} (plain and streamed) and
 * {@code GET /v1/models}, answered by the chat service (router, cache, fallback, stats), with errors
 * in OpenAI's shape, so that OpenAI clients and frameworks use agentfn by changing their base URL.
 */
package dev.agentfn.openai;
