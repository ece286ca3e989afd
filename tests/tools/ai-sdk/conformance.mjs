// The Vercel AI SDK's default OpenAI provider (provider(model): the Responses API) against the gateway.
// Usage: node conformance.mjs <gateway /v1 URL> <client key> <question> <tool model>
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, jsonSchema, streamText, tool } from "ai";

const [baseURL, apiKey, question, toolModel] = process.argv.slice(2);
const provider = createOpenAI({ baseURL, apiKey });
const result = {};

const generated = await generateText({ model: provider("auto"), system: "Be brief.", prompt: question, maxRetries: 0 });
result.generate = { text: generated.text, finish: generated.finishReason, usage: generated.usage, model: generated.response.modelId };

const streamed = streamText({ model: provider("qwen-code-32b"), prompt: question, maxRetries: 0 });
let chunks = 0, text = "";
for await (const piece of streamed.textStream) { chunks++; text += piece; }
result.stream = { chunks, text, usage: await streamed.usage, finish: await streamed.finishReason };

const tools = { lookup: tool({ description: "Looks a question up", inputSchema: jsonSchema({ type: "object", properties: { model: { type: "string" } } }) }) };
const called = await generateText({ model: provider(toolModel), prompt: question, tools, toolChoice: "required", maxRetries: 0 });
const streamedCall = streamText({ model: provider(toolModel), prompt: question, tools, toolChoice: "required", maxRetries: 0 });
result.tools = {
  finish: called.finishReason, calls: called.toolCalls.map((c) => ({ name: c.toolName, input: c.input })),
  streamFinish: await streamedCall.finishReason, streamCalls: (await streamedCall.toolCalls).map((c) => ({ name: c.toolName, input: c.input })),
};
console.log(JSON.stringify(result));
