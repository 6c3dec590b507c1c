// Adds the phrasings of test/data sets to the asks of the entries they ask for (src/asks/*.ts), so that search
// learns from them. Run after `npm run build`:  node scripts/learn-phrasings.mjs test/data/search-traina.json …
// Never give it a set that measures generalization (check*, held-out, fresh*): test/data/README.md says which.
// Each phrasing goes to the entry of the first endpoint its writer named (with its command, if it names one), else
// to the best-ranked entry that answers it; phrasings already among the asks are skipped.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";

const MEASURES = /search-(check\d*|heldout|fresh\d*)\.json$/;
// Keyed by their writers to an endpoint that does something else (GET /wp-plugins searches wordpress.org, which the
// API doc does not say): learning them would teach search a wrong answer.
const MISKEYED = new Set([
  "give me one list of every plugin we have installed anywhere, across all client sites",
  "list every plugin installed across all our sites",
]);
const root = new URL("../", import.meta.url);
const { searchCatalog, entriesOf } = await import(new URL("dist/catalog/search.js", root).href);
const { answers } = await import(new URL("dist/catalog/evaluate.js", root).href);
const ops = JSON.parse(readFileSync(new URL("dist/operations-index.json", root), "utf8")).operations;
const keyOf = (entry) => (entry.command ? `command:${entry.command.info.name}` : entry.op.name);
const bare = (entry) => !entry.command && entry.op.commands;

function entryFor(item) {
  const first = { ...item, endpoints: [item.endpoints[0]] };
  const ranked = searchCatalog(ops, item.q).filter((hit) => !bare(hit));
  const all = entriesOf(ops).filter((entry) => !bare(entry));
  return ranked.find((h) => answers(h, first)) ?? all.find((e) => answers(e, first)) ?? ranked.find((h) => answers(h, item)) ?? all.find((e) => answers(e, item));
}

// src/asks/<file>.ts: `export const asks: Record<string, readonly string[]> = { "name": [ "ask", … ], … };`
const dir = new URL("src/asks/", root);
const ENTRY = /\n {2}("(?:[^"\\]|\\.)*"): \[\n(.*?)\n {2}\],/gs;
const STRING = /"(?:[^"\\]|\\.)*"/g;
const tables = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .map((file) => {
    const text = readFileSync(new URL(file, dir), "utf8");
    const asks = new Map([...text.matchAll(ENTRY)].map((m) => [JSON.parse(m[1]), m[2].match(STRING).map((s) => JSON.parse(s))]));
    return { file, head: text.slice(0, text.indexOf("= {\n") + 4), asks };
  });
const tableOf = new Map(tables.flatMap((t) => [...t.asks.keys()].map((k) => [k, t])));
const seen = new Set(tables.flatMap((t) => [...t.asks.values()].flat().map((a) => a.toLowerCase())));

let added = 0;
for (const file of process.argv.slice(2)) {
  if (MEASURES.test(file)) throw new Error(`${file} measures generalization: it must never be learned from`);
  for (const item of JSON.parse(readFileSync(file, "utf8")).items) {
    const entry = entryFor(item);
    if (!entry || seen.has(item.q.toLowerCase()) || MISKEYED.has(item.q)) continue;
    const table = tableOf.get(keyOf(entry));
    if (!table) throw new Error(`no table in src/asks holds ${keyOf(entry)}`);
    table.asks.get(keyOf(entry)).push(item.q);
    seen.add(item.q.toLowerCase());
    added++;
  }
}

function render(items) {
  const lines = [];
  let line = "";
  for (const piece of items.map((a) => `${JSON.stringify(a)},`)) {
    if (line && 4 + line.length + 1 + piece.length > 118) {
      lines.push(`    ${line}`);
      line = piece;
    } else line = line ? `${line} ${piece}` : piece;
  }
  if (line) lines.push(`    ${line}`);
  return lines.join("\n");
}
for (const t of tables) {
  const body = [...t.asks].map(([k, v]) => `  ${JSON.stringify(k)}: [\n${render(v)}\n  ],`).join("\n");
  writeFileSync(new URL(t.file, dir), `${t.head}${body}\n};\n`);
}
console.log(`learned ${added} phrasings; run npm run build before measuring`);
