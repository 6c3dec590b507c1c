/**
 * Read-only mode (issue 9 §4): with CAPTAINCORE_READ_ONLY=true and every toolset, every listed tool says
 * readOnlyHint: true; every listed tool and every operation of the catalog (through call_read_operation) is called with
 * valid arguments; the simulator sees no request to an endpoint whose operation changes state — including the
 * GETs that change state (docs/api/NOTES.md §10) and the POSTs that only read are told apart by the operations' own effects.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { inputJsonSchema } from "../src/operations/registry.js";
import type { Operation } from "../src/operations/types.js";
import type { RecordedRequest } from "../src/simulator/index.js";
import { compileTemplate } from "../src/simulator/router.js";
import { ALL_OPERATIONS } from "../src/tools/index.js";
import { errorCode, QUICK_JOBS, startHarness, text, type Harness } from "./harness.js";
import { toolCase, validArgs } from "./support/args.js";

interface Endpoint {
  method: string;
  /** Ids as digits, like the real routes. */
  regex: RegExp;
  /** Any segment value (a malformed id still reaches this endpoint's handler family). */
  loose: RegExp;
  ops: Operation[];
}

/** Every documented endpoint (METHOD + template) with the operations that call it. */
function endpoints(): Endpoint[] {
  const byKey = new Map<string, Endpoint>();
  for (const op of ALL_OPERATIONS) {
    const key = `${op.method} ${op.path}`;
    let e = byKey.get(key);
    if (!e) {
      const template = op.path.replace(/\/+$/, "");
      const names = [...template.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1]!);
      const loose = compileTemplate(template, Object.fromEntries(names.map((n) => [n, "[^/]+"]))).regex;
      e = { method: op.method, regex: compileTemplate(template).regex, loose, ops: [] };
      byKey.set(key, e);
    }
    e.ops.push(op);
  }
  return [...byKey.values()];
}

const KNOWN = endpoints();

/** Requests to an endpoint that no read operation calls (so: one that changes state, or an unknown one). */
function stateChanging(requests: readonly RecordedRequest[]): string[] {
  const offending: string[] = [];
  for (const req of requests) {
    const path = req.path.replace(/\/+$/, "");
    let matches = KNOWN.filter((e) => e.method === req.method && e.regex.test(path));
    if (!matches.length) matches = KNOWN.filter((e) => e.method === req.method && e.loose.test(path));
    const reads = matches.filter((e) => e.ops.some((op) => op.effect === "read"));
    const writers = matches.flatMap((e) => e.ops.filter((op) => op.effect !== "read").map((op) => op.name));
    if (!reads.length) offending.push(`${req.method} ${req.path} (${writers.length ? `endpoint of ${writers.join(", ")}` : "no read operation calls it"})`);
  }
  return offending;
}

function asTool(op: Operation): Tool {
  return { name: op.name, inputSchema: inputJsonSchema(op) } as Tool;
}

describe("read-only mode", () => {
  let h: Harness;
  let tools: Tool[];
  const counts = { listed: 0, viaCatalog: 0, refused: 0 };

  beforeAll(async () => {
    h = await startHarness({ toolsets: "all", readOnly: true, timeoutMs: 2000, jobTiming: QUICK_JOBS });
    tools = (await h.client.listTools()).tools;
  });
  afterAll(async () => {
    await h.close();
    console.log(
      `read-only: ${counts.listed} listed tools called, ${counts.viaCatalog} operations through call_read_operation ` +
        `(${counts.refused} refused as writes), ${h.sim.requests.length} requests, none to a state-changing endpoint`,
    );
  });

  it("lists only tools annotated readOnlyHint: true, and every read operation", () => {
    const notReadOnly = tools.filter((t) => t.annotations?.readOnlyHint !== true).map((t) => t.name);
    expect(notReadOnly).toEqual([]);
    const names = new Set(tools.map((t) => t.name));
    for (const op of ALL_OPERATIONS) expect(names.has(op.name), op.name).toBe(op.effect === "read");
  });

  it("calls every listed tool and every operation through call_read_operation without one state-changing request", async () => {
    for (const tool of tools) {
      const { args } = validArgs(toolCase(tool));
      const result = (await h.call(tool.name, args)) as CallToolResult;
      expect(text(result)).not.toMatch(/failed unexpectedly/);
      counts.listed++;
    }

    const writes = ALL_OPERATIONS.filter((op) => op.effect !== "read");
    expect(writes.length).toBeGreaterThan(20);
    // The GETs that change state must be among the refused ones.
    expect(writes.filter((op) => op.method === "GET").length).toBeGreaterThan(3);
    for (const op of ALL_OPERATIONS) {
      const { args } = validArgs(toolCase(asTool(op)));
      const before = h.sim.requests.length;
      const result = (await h.call("call_read_operation", { name: op.name, arguments: args })) as CallToolResult;
      counts.viaCatalog++;
      if (op.effect !== "read") {
        expect(result.isError, `${op.name} through call_read_operation`).toBe(true);
        expect(text(result)).toContain("read-only");
        expect(errorCode(result)).toBe("read_only");
        expect(h.sim.requests.length, `${op.name} sent a request`).toBe(before);
        counts.refused++;
      }
    }

    // Every request the simulator saw must belong to an endpoint that some read operation calls.
    const offending = stateChanging(h.sim.requests);
    expect(offending).toEqual([]);
    expect(h.sim.requests.length).toBeGreaterThan(50);
  }, 60_000);

  it("(control) the request check does flag writes, including a state-changing GET, when not read-only", async () => {
    const rw = await startHarness({ toolsets: "all" });
    try {
      await rw.call("create_recipe", { title: "Control", content: "wp cache flush" });
      await rw.call("create_capture", { site_id: 1, environment: "production" });
      await rw.call("get_site", { site_id: 1 });
      const flagged = stateChanging(rw.sim.requests);
      expect(flagged).toHaveLength(2);
      expect(flagged[0]).toContain("POST /recipes");
      expect(flagged[1]).toContain("GET /sites/1/production/captures/new");
    } finally {
      await rw.close();
    }
  });

  it("does not offer write operations in search_operations", async () => {
    const result = (await h.call("search_operations", { query: "delete site", limit: 20 })) as CallToolResult;
    const found = (result.structuredContent as { results: { name: string; effect: string }[] }).results;
    expect(found.length).toBeGreaterThan(0);
    for (const r of found) expect(r.effect).toBe("read");
  });
});
