// The official Anthropic JavaScript SDK against the gateway: messages.create, messages.stream, a tool call, errors.
// Usage: node conformance.mjs <gateway base URL> <client key> <question> <tool model>
import Anthropic from "@anthropic-ai/sdk";

const [baseURL, apiKey, question, toolModel] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey, maxRetries: 0 });
const result = {};

const created = await client.messages.create({
  model: "auto", max_tokens: 300, system: "Be brief.",
  messages: [{ role: "user", content: question }],
});
result.create = { model: created.model, text: created.content[0].text, stop: created.stop_reason, usage: created.usage };

const stream = client.messages.stream({ model: "qwen-code-32b", max_tokens: 300, messages: [{ role: "user", content: question }] });
let deltas = 0, streamed = "";
stream.on("text", (text) => { deltas++; streamed += text; });
const final = await stream.finalMessage();
result.stream = { deltas, text: streamed, finalText: final.content[0].text, stop: final.stop_reason, usage: final.usage };

const tools = [{ name: "lookup", description: "Looks a question up", input_schema: { type: "object", properties: { question: { type: "string" } } } }];
const toolUse = await client.messages.create({
  model: toolModel, max_tokens: 300, tools, tool_choice: { type: "any" },
  messages: [{ role: "user", content: question }],
});
const call = toolUse.content.find((b) => b.type === "tool_use");
const toolStream = client.messages.stream({
  model: toolModel, max_tokens: 300, tools, tool_choice: { type: "tool", name: "lookup" },
  messages: [{ role: "user", content: question }],
});
const toolFinal = await toolStream.finalMessage();
const answered = await client.messages.create({
  model: toolModel, max_tokens: 300, tools,
  messages: [
    { role: "user", content: question },
    { role: "assistant", content: [call] },
    { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "42" }] },
  ],
});
result.tools = {
  stop: toolUse.stop_reason, name: call.name, inputType: typeof call.input,
  streamStop: toolFinal.stop_reason, streamName: toolFinal.content.find((b) => b.type === "tool_use")?.name,
  streamInput: toolFinal.content.find((b) => b.type === "tool_use")?.input,
  answeredStop: answered.stop_reason,
};

try {
  await client.messages.create({ model: "no-such-model", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
} catch (e) {
  result.notFound = { notFoundError: e instanceof Anthropic.NotFoundError, status: e.status };
}
try {
  await new Anthropic({ baseURL, apiKey: "sk-wrong", maxRetries: 0 }).messages.create({ model: "auto", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });
} catch (e) {
  result.unauthenticated = { authenticationError: e instanceof Anthropic.AuthenticationError };
}
console.log(JSON.stringify(result));
