// Drives the gateway with the official OpenAI JavaScript SDK and prints what each call gave, as JSON, for
// the C# test to check. Usage: node conformance.mjs <gateway base URL ending in /v1> <client key> <question>
import OpenAI, { NotFoundError, AuthenticationError } from "openai";

const [baseURL, apiKey, question] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const messages = [{ role: "user", content: question }];
const result = {};

const completion = await client.chat.completions.create({ model: "qwen-writing-7b", messages });
result.completion = { model: completion.model, text: completion.choices[0].message.content, finish: completion.choices[0].finish_reason, usage: completion.usage };

const routed = await client.chat.completions.create({ model: "auto", messages }).withResponse();
result.routed = { model: routed.data.model, header: routed.response.headers.get("x-semantic-router-model") };

const stream = await client.chat.completions.create({ model: "qwen-code-32b", messages, stream: true, stream_options: { include_usage: true } });
let text = "", chunks = 0, usage = null;
for await (const chunk of stream) {
  chunks++;
  text += chunk.choices[0]?.delta?.content ?? "";
  if (chunk.usage) usage = chunk.usage;
}
result.stream = { text, chunks, usage };

const models = [];
for await (const model of client.models.list()) models.push(model.id);
result.models = models;

try {
  await client.chat.completions.create({ model: "gpt-nonexistent", messages });
  result.notFound = { thrown: false };
} catch (e) {
  result.notFound = { thrown: true, notFoundError: e instanceof NotFoundError, status: e.status, code: e.code };
}

try {
  await new OpenAI({ baseURL, apiKey: "sk-wrong", maxRetries: 0 }).chat.completions.create({ model: "qwen-max", messages });
  result.unauthenticated = { thrown: false };
} catch (e) {
  result.unauthenticated = { thrown: true, authenticationError: e instanceof AuthenticationError, status: e.status };
}

console.log(JSON.stringify(result));
