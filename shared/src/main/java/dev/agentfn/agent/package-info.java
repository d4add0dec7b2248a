/** Agents: the planner that turns a task into a plan of tool subtasks, and the executor that runs it. */
package dev.agentfn.agent;
