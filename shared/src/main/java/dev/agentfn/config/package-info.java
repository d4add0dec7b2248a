/** Configuration: every environment variable the product reads, parsed and validated once. */
package dev.agentfn.config;
