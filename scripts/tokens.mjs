// Dev helper: token cost of tools/list per tool and per toolset (node scripts/tokens.mjs [--fields]).
import { encode } from "gpt-tokenizer";
import { ALL_OPERATIONS } from "../dist/tools/index.js";
import { toolDefinition } from "../dist/operations/registry.js";
const defs = ALL_OPERATIONS.map((op) => [op, toolDefinition(op)]);
const total = encode(JSON.stringify({ tools: defs.map(([, d]) => d) })).length;
const byToolset = {};
for (const [op, d] of defs) byToolset[op.toolset] = (byToolset[op.toolset] ?? 0) + encode(JSON.stringify(d)).length;
console.log("total", total, "tools", defs.length, "avg", Math.round(total / defs.length));
console.log(Object.entries(byToolset).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(" "));
if (process.argv.includes("--fields")) {
  const fields = {};
  for (const [, d] of defs) for (const [k, v] of Object.entries(d.inputSchema.properties ?? {})) {
    const key = JSON.stringify(v); fields[key] = (fields[key] ?? 0) + 1;
  }
  for (const [k, n] of Object.entries(fields).sort((a, b) => b[1] * encode(b[0]).length - a[1] * encode(a[0]).length).slice(0, 25)) console.log(n, encode(k).length, k.slice(0, 200));
  const desc = defs.map(([op, d]) => [op.name, encode(d.description).length]).sort((a, b) => b[1] - a[1]).slice(0, 20);
  console.log(desc.map(([n, c]) => `${n}=${c}`).join(" "));
  let descTotal = 0; for (const [, d] of defs) descTotal += encode(d.description).length; console.log("descriptions total", descTotal);
  let ann = 0; for (const [, d] of defs) ann += encode(JSON.stringify(d.annotations)).length; console.log("annotations total", ann);
}
