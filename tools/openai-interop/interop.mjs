// Drives agentfn's OpenAI-compatible endpoints with the official openai JS client: lists the models,
// asks a multi-message conversation twice (the second answer comes from the cache), streams another
// with usage, has an answer cut at the token limit (plain and streamed) and one stopped for safety, and provokes the client's authentication and not-found errors and a bad request.
// Prints one JSON summary line for the caller to check.
// Usage: node interop.mjs BASE_URL API_KEY
import OpenAI from 'openai';

const [baseUrl, apiKey] = process.argv.slice(2);
if (!baseUrl || !apiKey) {
  console.error('usage: node interop.mjs BASE_URL API_KEY');
  process.exit(2);
}

const client = new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey, maxRetries: 0, timeout: 30_000 });

const conversation = [
  { role: 'system', content: 'You are terse.' },
  { role: 'developer', content: [{ type: 'text', text: 'Answer in English.' }] },
  { role: 'user', content: 'What is the capital of France?' },
  { role: 'assistant', content: 'Paris.' },
  { role: 'user', content: [{ type: 'text', text: 'And of Italy?' }] },
];

const caught = async (call) => {
  try {
    await call();
    return { raised: null };
  } catch (error) {
    return { raised: error.constructor.name, status: error.status, code: error.code ?? null, param: error.param ?? null,
      type: error.type ?? null };
  }
};

const completion = (c) => ({
  id: c.id, object: c.object, model: c.model, content: c.choices[0].message.content,
  role: c.choices[0].message.role, finishReason: c.choices[0].finish_reason, usage: c.usage, agentfn: c.agentfn,
});

const models = (await client.models.list()).data.map((m) => m.id);
const first = await client.chat.completions.create({ model: 'auto', messages: conversation, temperature: 0.2,
  max_tokens: 200, user: 'alice@example.com' });
const again = await client.chat.completions.create({ model: 'auto', messages: conversation, temperature: 0.2,
  max_tokens: 200, user: 'alice@example.com' });

const chunks = [];
const stream = await client.chat.completions.create({ model: models[1], stream: true,
  stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Count to three.' }] });
for await (const chunk of stream) {
  chunks.push({ object: chunk.object, model: chunk.model, choices: chunk.choices.length,
    role: chunk.choices[0]?.delta?.role ?? null, content: chunk.choices[0]?.delta?.content ?? null,
    finishReason: chunk.choices[0]?.finish_reason ?? null, usage: chunk.usage ?? null });
}

const story = (n) => [{ role: 'user', content: `Write a long story, part ${n}.` }];
const cut = await client.chat.completions.create({ model: 'auto', max_tokens: 5, messages: story(1) });
const cutChunks = [];
const cutStream = await client.chat.completions.create({ model: 'auto', max_completion_tokens: 5, stream: true,
  messages: story(2) });
for await (const chunk of cutStream) {
  cutChunks.push({ content: chunk.choices[0]?.delta?.content ?? null, finishReason: chunk.choices[0]?.finish_reason ?? null });
}
const filtered = await client.chat.completions.create({ model: 'auto', messages: story(3) });

const wrongKey = await caught(() => new OpenAI({ baseURL: `${baseUrl}/v1`, apiKey: 'not-a-key', maxRetries: 0 })
  .chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }));
const unknownModel = await caught(() => client.chat.completions.create({ model: 'gpt-4o',
  messages: [{ role: 'user', content: 'hi' }] }));
const lastNotUser = await caught(() => client.chat.completions.create({ model: 'auto',
  messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] }));

console.log(JSON.stringify({
  models,
  first: completion(first),
  again: completion(again),
  streamed: { chunks, content: chunks.map((c) => c.content ?? '').join('') },
  cut: completion(cut),
  cutStreamed: { chunks: cutChunks, content: cutChunks.map((c) => c.content ?? '').join('') },
  filtered: completion(filtered),
  wrongKey,
  unknownModel,
  lastNotUser,
}));
