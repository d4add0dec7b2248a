/**
 * The API's own documentation: the OpenAPI 3 document of the HTTP contract at {@code /openapi.json}
 * and Swagger UI at {@code /docs}, served from the JAR (the Swagger UI webjar), never from a CDN.
 */
package dev.agentfn.docs;
