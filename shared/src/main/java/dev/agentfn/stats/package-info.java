/** Usage statistics: what this instance (or, aggregated, the whole deployment) has served. */
package dev.agentfn.stats;
