// Drives the gateway with the official OpenAI JavaScript SDK (chat completions, responses, models) and prints what each call gave, as JSON, for
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

const response = await client.responses.create({ model: "auto", instructions: "Be brief.", input: question });
result.response = { model: response.model, text: response.output_text, status: response.status, usage: response.usage };

const events = await client.responses.create({ model: "qwen-code-32b", input: question, stream: true });
let responseText = "", deltas = 0, completed = null;
for await (const event of events) {
  if (event.type === "response.output_text.delta") { deltas++; responseText += event.delta; }
  if (event.type === "response.completed") completed = event.response;
}
result.responseStream = {
  text: responseText, deltas,
  completedText: completed?.output.flatMap((item) => item.content ?? []).map((part) => part.text).join(""), usage: completed?.usage,
};

const tools = [{ type: "function", name: "lookup", description: "Looks a question up", parameters: { type: "object", properties: { question: { type: "string" } } } }];
const toolResponse = await client.responses.create({ model: "qwen-max", input: question, tools, tool_choice: "required" });
const call = toolResponse.output.find((item) => item.type === "function_call");
const answered = await client.responses.create({
  model: "qwen-max", tools,
  input: [{ role: "user", content: question }, call, { type: "function_call_output", call_id: call.call_id, output: "42" }],
});
result.responseTools = { name: call.name, arguments: JSON.parse(call.arguments), echoedTool: toolResponse.tools[0]?.name, toolChoice: toolResponse.tool_choice, answered: answered.output_text };

const retrieved = await client.models.retrieve("qwen-max");
result.retrieved = { id: retrieved.id, object: retrieved.object };

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
