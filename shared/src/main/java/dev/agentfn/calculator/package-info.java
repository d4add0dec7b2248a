/** A safe arithmetic expression evaluator with exact decimal arithmetic and guards against hostile input. */
package dev.agentfn.calculator;
