/**
 * Models: the {@link dev.agentfn.model.ModelClient} port, its providers (Gemini, offline), the
 * catalog of models with their tiers and prices, and the router that picks a model per query.
 */
package dev.agentfn.model;
