/**
 * One shape for each kind of fact (issue 15 §4): every tool of every toolset is called against the simulator with
 * valid arguments, and every result — plus the resources and prompts — is walked: timestamps are ISO 8601 with an
 * offset, ids and amounts are numbers, flags are booleans, and command output arrives as its own text block.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { setJobTiming } from "../src/jobs/wait.js";
import { isoFromEpoch, isoTimestamp, normaliseShape, shapeViolations } from "../src/operations/shape.js";
import { jobsControl } from "../src/simulator/routes/jobs.js";
import { startHarness, type Harness } from "./harness.js";
import { effectRank, toolCase, validArgs } from "./support/args.js";

/** Independent of shape.ts: the shapes the API sends that must never reach an agent. */
const FORBIDDEN_STRINGS: [RegExp, string][] = [
  [/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/, "MySQL datetime"],
  [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, "ISO datetime without offset"],
  [/^(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}$/, "month-name date"],
];

function independentViolations(value: unknown, path = "", key = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => independentViolations(v, `${path}[${i}]`, key.endsWith("_ids") ? "id" : key));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => independentViolations(v, path ? `${path}.${k}` : k, k));
  }
  const out: string[] = [];
  if (typeof value === "string") {
    for (const [re, what] of FORBIDDEN_STRINGS) if (re.test(value)) out.push(`${path}: ${what} ${value}`);
    if (/^(id|[a-z_]*_id)$/.test(key) && /^[1-9]\d{0,14}$/.test(value)) out.push(`${path}: id as a string "${value}"`);
    if (/^(price|amount|total)$/.test(key) && /^\d+(\.\d+)?$/.test(value)) out.push(`${path}: amount as a string "${value}"`);
  }
  return out;
}

describe("shape rules (unit)", () => {
  it("normalises each shape the API uses", () => {
    expect(isoTimestamp("2026-11-15 10:00:00")).toBe("2026-11-15T10:00:00Z");
    expect(isoTimestamp("2026-12-01 14:30", "America/New_York")).toBe("2026-12-01T14:30:00-05:00");
    expect(isoTimestamp("November 15, 2026")).toBe("2026-11-15");
    expect(isoTimestamp("0000-00-00 00:00:00")).toBeNull();
    expect(isoTimestamp("2026-11-15T10:00:00+02:00")).toBeUndefined();
    expect(isoFromEpoch(1_763_200_800)).toBe("2025-11-15T10:00:00Z");
    expect(
      normaliseShape({ id: "1", price: "150", created_at: 1_763_200_800, updates_enabled: "1", site_ids: ["3", "1"], version: "6", zip: "02134" }),
    ).toEqual({ id: 1, price: 150, created_at: "2025-11-15T10:00:00Z", updates_enabled: true, site_ids: [3, 1], version: "6", zip: "02134" });
  });
});

describe("every tool's result in the simulator", () => {
  let h: Harness;
  let restoreTiming: () => void;
  beforeAll(async () => {
    restoreTiming = setJobTiming({ firstPollMs: 20, maxPollMs: 50, queuedGraceMs: 100 });
    h = await startHarness({ toolsets: "all", timeoutMs: 2000 });
  });
  afterAll(async () => {
    restoreTiming();
    await h.close();
  });

  it("follows the rules in structuredContent and in the text the model reads", async () => {
    const tools = (await h.client.listTools()).tools.sort((a, b) => effectRank(a) - effectRank(b));
    const problems: string[] = [];
    let checked = 0;
    let outputs = 0;
    let succeeded = 0;
    for (const tool of tools) {
      const { args } = validArgs(toolCase(tool));
      const result = (await h.call(tool.name, args)) as CallToolResult;
      const structured = result.structuredContent;
      if (!structured) continue;
      checked++;
      for (const p of [...shapeViolations(structured), ...independentViolations(structured)]) problems.push(`${tool.name} ${p}`);
      if (result.isError) continue;
      succeeded++;
      const texts = result.content.filter((c) => c.type === "text").map((c) => (c as { text: string }).text);
      const json = texts.map((t) => { try { return JSON.parse(t); } catch { return undefined; } }).find((v) => v && typeof v === "object");
      expect(json, `${tool.name}: a JSON text block`).toBeTruthy();
      if (typeof structured.output === "string" && /\n/.test(structured.output)) {
        outputs++;
        expect(texts, `${tool.name}: output as its own text block`).toContain(structured.output);
        expect(json.output).not.toBe(structured.output);
      } else {
        expect(json, tool.name).toEqual(structured);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(150);
    expect(succeeded).toBeGreaterThan(120);
    console.log(`shape walk: ${tools.length} tools called, ${checked} structured results checked (${succeeded} successes), ${outputs} command outputs as text`);
  }, 120_000);

});

describe("command output and resources", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ toolsets: "default" });
  });
  afterAll(() => h.close());

  it("run_code output arrives as a text block with real newlines; structuredContent keeps the field", async () => {
    const output = "name\tstatus\nakismet\tactive\nwoocommerce\tinactive\n";
    jobsControl(h.sim.state).next({ durationMs: 20, output });
    const result = (await h.call("run_code", { code: "wp plugin list", environments: [1], wait_seconds: 5 })) as CallToolResult;
    expect((result.structuredContent as { output?: string }).output).toBe(output);
    const texts = result.content.filter((c) => c.type === "text").map((c) => (c as { text: string }).text);
    expect(texts).toContain(output);
    expect(texts.join("\n")).not.toContain("\\t");
  });

  it("follows the rules in resources and prompts", async () => {
    const problems: string[] = [];
    for (const uri of ["captaincore://sites/1"]) {
      const res = await h.client.readResource({ uri });
      for (const c of res.contents) {
        if (!("text" in c) || c.mimeType !== "application/json") continue;
        const value = JSON.parse(c.text as string);
        problems.push(...shapeViolations(value).map((p) => `${uri} ${p}`), ...independentViolations(value).map((p) => `${uri} ${p}`));
      }
    }
    expect(problems).toEqual([]);
    for (const prompt of (await h.client.listPrompts()).prompts) expect(prompt.title, prompt.name).toBeTruthy();
  });
});
