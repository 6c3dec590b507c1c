/** The README tool reference and the manifest's tool list, derived from the operations (never written by hand). */
import { TOOLSETS, type Operation } from "../operations/types.js";

export const START = "<!-- tools:start -->";
export const END = "<!-- tools:end -->";

const EFFECT: Record<Operation["effect"], string> = { read: "read", write: "write", destructive: "**destructive**" };

export function toolReference(ops: readonly Operation[]): string {
  const lines: string[] = [
    START,
    `${ops.length} operations. ✓ = in the default tool list; every other one is a tool with \`CAPTAINCORE_TOOLSETS=all\` (or its toolset) and always reachable through \`search_operations\` / \`call_read_operation\` / \`call_write_operation\`.`,
    "",
  ];
  for (const [toolset, about] of Object.entries(TOOLSETS)) {
    const inSet = ops.filter((op) => op.toolset === toolset);
    if (!inSet.length) continue;
    lines.push(`### \`${toolset}\` — ${about}`, "", "| Tool | | Effect | Endpoint | What it does |", "|---|---|---|---|---|");
    for (const op of inSet) {
      lines.push(`| \`${op.name}\` | ${op.core ? "✓" : ""} | ${EFFECT[op.effect]}${op.mayDestroy ? " (can destroy)" : ""} | \`${op.method} ${op.path}\` | ${op.summary.replace(/\|/g, "\\|")} |`);
    }
    lines.push("");
  }
  lines.push(END);
  return lines.join("\n");
}

export function replaceReference(readme: string, reference: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return `${readme.trimEnd()}\n\n## Tool reference\n\n${reference}\n`;
  return readme.slice(0, start) + reference + readme.slice(end + END.length);
}

const CATALOG_TOOLS = [
  { name: "search_operations", description: "Find any CaptainCore operation by keywords" },
  { name: "call_read_operation", description: "Run any CaptainCore read operation by name" },
  { name: "call_write_operation", description: "Run any CaptainCore operation that changes data, by name" },
  { name: "list_toolsets", description: "List the toolsets and which are loaded" },
  { name: "enable_toolset", description: "Load a toolset's operations as tools" },
  { name: "disable_toolset", description: "Unload a toolset loaded earlier" },
];

export function manifestTools(ops: readonly Operation[]): { name: string; description: string }[] {
  return [...CATALOG_TOOLS, ...ops.map((op) => ({ name: op.name, description: op.summary }))];
}
