/**
 * Spend budgets per API key: a limit per key and period (UTC day or month), held by reservations of
 * each model call's worst case that settle to its real cost, in a ledger that lives in this instance
 * or, across instances, in Firestore as allowance slices claimed with {@code create()}.
 */
package dev.agentfn.budget;
