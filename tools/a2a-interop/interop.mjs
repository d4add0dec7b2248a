// Drives an A2A agent with the official A2A JS SDK client (protocol 1.0, JSON-RPC binding):
// fetches the agent card, sends a message (blocking), reads the task back with GetTask, streams a
// second message, and asks for an unknown task. Prints one JSON summary line for the caller to check.
// Usage: node interop.mjs BASE_URL "task text"
import { randomUUID } from 'node:crypto';
import { Role, TaskState } from '@a2a-js/sdk';
import { ClientFactory } from '@a2a-js/sdk/client';

const [baseUrl, text] = process.argv.slice(2);
if (!baseUrl || !text) {
  console.error('usage: node interop.mjs BASE_URL "task text"');
  process.exit(2);
}

const message = (words) => ({
  messageId: randomUUID(),
  role: Role.ROLE_USER,
  parts: [{ content: { $case: 'text', value: words } }],
});
const texts = (artifact) => artifact.parts.filter((p) => p.content?.$case === 'text').map((p) => p.content.value);
const datas = (artifact) => artifact.parts.filter((p) => p.content?.$case === 'data').map((p) => p.content.value);
const summary = (task) => ({
  id: task.id,
  contextId: task.contextId,
  state: TaskState[task.status.state],
  answer: task.artifacts.flatMap(texts).join('\n'),
  data: task.artifacts.flatMap(datas),
});

const client = await new ClientFactory().createFromUrl(baseUrl);
const card = await client.getAgentCard();
const sent = await client.sendMessage({ message: message(text) });
if (!('status' in sent)) {
  throw new Error('SendMessage returned a Message, not a Task');
}
const got = await client.getTask({ id: sent.id });

const streamed = [];
for await (const event of client.sendMessageStream({ message: message(text) })) {
  const { $case, value } = event.payload;
  streamed.push({ kind: $case, state: TaskState[value.status?.state] ?? null });
}

let unknownTask;
try {
  await client.getTask({ id: 'no-such-task' });
  unknownTask = 'found';
} catch (error) {
  unknownTask = error.constructor.name;
}

console.log(JSON.stringify({
  card: {
    name: card.name,
    interfaces: card.supportedInterfaces,
    streaming: card.capabilities?.streaming ?? false,
    protocolVersion: client.protocolVersion,
  },
  sent: summary(sent),
  got: summary(got),
  streamed,
  unknownTask,
}));
