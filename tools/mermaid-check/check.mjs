// Parses each Mermaid file named on the command line with the real Mermaid parser (the `mermaid`
// package's `mermaid.parse`, under a jsdom window because Mermaid expects a browser). Prints one line
// per file and exits 1 if any file fails to parse, 2 on bad usage. It renders nothing and never
// touches the network.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node check.mjs FILE.mmd...");
  process.exit(2);
}

const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMParser = dom.window.DOMParser;
globalThis.Element = dom.window.Element;
globalThis.HTMLElement = dom.window.HTMLElement;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const file of files) {
  const text = readFileSync(file, "utf8");
  try {
    const result = await mermaid.parse(text);
    console.log(`ok ${file} (${result.diagramType})`);
  } catch (err) {
    failed += 1;
    console.log(`error ${file}: ${String(err?.message ?? err).split("\n").join("\n  ")}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
