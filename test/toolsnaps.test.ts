/**
 * A snapshot of every tool as tools/list shows it (name, title, annotations, input and output schema), one file per
 * tool in test/toolsnaps/, so that every schema change is a reviewed diff. After an intended change:
 * `npm run toolsnaps` (UPDATE_TOOLSNAPS=1) rewrites the files.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { useHarness } from "./harness.js";

const dir = new URL("./toolsnaps/", import.meta.url);
const update = process.env.UPDATE_TOOLSNAPS === "1";

function snapshot(tool: Tool): string {
  const snap: Record<string, unknown> = { name: tool.name };
  if (tool.title !== undefined) snap.title = tool.title;
  if (tool.annotations !== undefined) snap.annotations = tool.annotations;
  snap.inputSchema = tool.inputSchema;
  if (tool.outputSchema !== undefined) snap.outputSchema = tool.outputSchema;
  return `${JSON.stringify(snap, null, 2)}\n`;
}

describe("tool schema snapshots", () => {
  const h = useHarness({ toolsets: "all" });

  it("every tool matches its snapshot in test/toolsnaps/ (npm run toolsnaps after an intended change)", async () => {
    const tools = (await h.client.listTools()).tools;
    const files = new Map(tools.map((t) => [`${t.name}.json`, snapshot(t)]));
    if (update) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of files) writeFileSync(new URL(file, dir), text);
    }
    const stored = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : [];
    expect(stored.filter((f) => !files.has(f)), "snapshots of tools that no longer exist").toEqual([]);
    const drift = [...files].filter(([file, text]) => !stored.includes(file) || readFileSync(new URL(file, dir), "utf8") !== text);
    expect(drift.map(([file]) => file), "tools whose schema changed: review, then npm run toolsnaps").toEqual([]);
  });
});
