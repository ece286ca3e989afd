// Parses Prometheus text from stdin with a reference parser (parse-prometheus-text-format, a port of Prometheus'
// Go text parser; shares no code with ours) and prints the families as JSON: [{"name", "type", "samples"}].
// Exit 1 on a parse error.
import parse from "parse-prometheus-text-format";

let text = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) text += chunk;
try {
  const families = parse(text).map(f => ({ name: f.name, type: f.type.toLowerCase(), samples: f.metrics }));
  process.stdout.write(JSON.stringify(families));
} catch (e) {
  process.stderr.write(`${e.name}: ${e.message}\n`);
  process.exit(1);
}
