// A tiny A2A agent built on the official A2A JS SDK server (protocol 1.0, JSON-RPC binding), for the
// integration tests of agentfn's A2A client. It answers "echo: <text>" as an artifact; a message
// starting with "hang" keeps its task working until the task is canceled (CancelTask) or 60 s pass.
// It records what it saw (task texts, context ids, Agentfn-Hops and whether a valid Authorization
// came, canceled task ids) at GET /log. With a TOKEN, JSON-RPC calls need "Authorization: Bearer TOKEN".
// Usage: node echo-agent.mjs [--no-streaming] [TOKEN]   (prints "READY port=N" once listening)
import express from 'express';
import { randomUUID } from 'node:crypto';
import { A2A_PROTOCOL_VERSION, AGENT_CARD_PATH, TaskState } from '@a2a-js/sdk';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';

const args = process.argv.slice(2);
const streaming = !args.includes('--no-streaming');
const token = args.find((a) => !a.startsWith('--'));
const log = { messages: [], requests: [], canceled: [] };
const cancelRequests = new Map();

const status = (taskId, contextId, state) => AgentEvent.statusUpdate({
  taskId, contextId, status: { state, timestamp: new Date().toISOString(), message: undefined }, metadata: {},
});

class EchoExecutor {
  cancelTask = async (taskId) => {
    log.canceled.push(taskId);
    cancelRequests.get(taskId)?.();
  };

  async execute(context, bus) {
    const { taskId, contextId, userMessage } = context;
    const text = userMessage.parts.filter((p) => p.content?.$case === 'text').map((p) => p.content.value).join('\n');
    log.messages.push({ text, contextId, taskId });
    if (!context.task) {
      bus.publish(AgentEvent.task({
        id: taskId, contextId, history: [userMessage], artifacts: [], metadata: undefined,
        status: { state: TaskState.TASK_STATE_WORKING, timestamp: new Date().toISOString(), message: undefined },
      }));
    }
    if (text.startsWith('hang')) {
      await new Promise((resolve) => {
        cancelRequests.set(taskId, resolve);
        setTimeout(resolve, 60_000);
      });
      cancelRequests.delete(taskId);
      bus.publish(status(taskId, contextId, TaskState.TASK_STATE_CANCELED));
      bus.finished();
      return;
    }
    bus.publish(AgentEvent.artifactUpdate({
      taskId, contextId, append: false, lastChunk: true, metadata: undefined,
      artifact: {
        artifactId: randomUUID(), name: 'echo', description: '', extensions: [], metadata: undefined,
        parts: [{ content: { $case: 'text', value: `echo: ${text}` }, metadata: undefined, filename: '', mediaType: 'text/plain' }],
      },
    }));
    bus.publish(status(taskId, contextId, TaskState.TASK_STATE_COMPLETED));
    bus.finished();
  }
}

const app = express();
app.get('/log', (req, res) => res.json(log));
app.use('/a2a/jsonrpc', (req, res, next) => {
  const authorized = !token || req.header('Authorization') === `Bearer ${token}`;
  log.requests.push({ hops: req.header('Agentfn-Hops') ?? null, authorized });
  if (!authorized) {
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  next();
});
const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const card = {
    name: 'Echo Agent',
    description: 'Echoes the text it is sent.',
    supportedInterfaces: [{ url: `http://127.0.0.1:${port}/a2a/jsonrpc`, protocolBinding: 'JSONRPC', tenant: '',
      protocolVersion: A2A_PROTOCOL_VERSION }],
    version: '1.0.0',
    capabilities: { streaming, pushNotifications: false, extensions: [], extendedAgentCard: false },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [{ id: 'echo', name: 'Echo', description: 'Says back what it was told.', tags: ['echo'],
      examples: ['hello'], inputModes: ['text/plain'], outputModes: ['text/plain'], securityRequirements: [] }],
    documentationUrl: '',
    signatures: [],
  };
  const requestHandler = new DefaultRequestHandler(card, new InMemoryTaskStore(), new EchoExecutor());
  app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: requestHandler }));
  app.use('/a2a/jsonrpc', jsonRpcHandler({ requestHandler, userBuilder: UserBuilder.noAuthentication }));
  console.log(`READY port=${port}`);
});
