import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALL_OPERATIONS } from "../src/tools/index.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { data, startHarness, text, type Harness } from "./harness.js";

let sim: Simulator;
let h: Harness;

/** The catalog tool that runs an operation of this name: reads and writes never share one. */
const via = (name: string) => (ALL_OPERATIONS.find((op) => op.name === name)?.effect === "read" ? "call_read_operation" : "call_write_operation");
beforeAll(async () => {
  sim = await startSimulator();
  h = await startHarness({ sim, toolsets: "default" });
});
afterAll(async () => {
  await h.close();
  await sim.stop();
});

describe("search_operations", () => {
  it("is in the default tool list, with the call tools and the toolset tools, first", async () => {
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names.slice(0, 6)).toEqual([
      "search_operations",
      "call_read_operation",
      "call_write_operation",
      "list_toolsets",
      "enable_toolset",
      "disable_toolset",
    ]);
  });

  it("browses toolsets when called without a query", async () => {
    const out = data(await h.call("search_operations", {}));
    expect(out.toolsets.map((t: { toolset: string }) => t.toolset)).toContain("dns");
    const total = out.toolsets.reduce((n: number, t: { operations: number }) => n + t.operations, 0);
    expect(total).toBe(ALL_OPERATIONS.length);
  });

  it("finds operations by meaning and returns their input schema", async () => {
    const out = data(await h.call("search_operations", { query: "show me every website in the fleet" }));
    expect(out.results[0].name).toBe("list_sites");
    expect(out.results[0].input.type).toBe("object");
    expect(out.results[0].loaded_as_tool).toBe(true);
  });

  it("filters by toolset and bounds the results", async () => {
    const out = data(await h.call("search_operations", { toolset: "sites", query: "site", limit: 2 }));
    expect(out.results).toHaveLength(2);
    for (const r of out.results) expect(ALL_OPERATIONS.find((op) => op.name === r.name)?.toolset).toBe("sites");
  });

  it("rejects bad arguments", async () => {
    const result = await h.call("search_operations", { toolset: "nope" });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("toolset");
  });
});

describe("call_read_operation and call_write_operation", () => {
  it("runs an operation exactly as its direct tool does", async () => {
    const direct = data(await h.call("get_site", { site_id: 2 }));
    const viaCatalog = data(await h.call("call_read_operation", { name: "get_site", arguments: { site_id: 2 } }));
    expect(viaCatalog).toEqual(direct);
  });

  it("reaches every operation, loaded as a tool or not", async () => {
    const before = sim.requests.length;
    for (const op of ALL_OPERATIONS) {
      const result = await h.call(via(op.name), { name: op.name, arguments: { __not_a_field__: 1 } });
      expect(result.isError, op.name).toBe(true);
      expect(text(result), op.name).toContain(`Invalid arguments for ${op.name}`);
    }
    expect(sim.requests.length).toBe(before);
  });

  it("suggests names for an unknown operation", async () => {
    const result = await h.call("call_read_operation", { name: "list_site" });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("list_sites");
  });

  it("validates arguments with the operation's own schema before sending", async () => {
    const before = sim.requests.length;
    const result = await h.call("call_read_operation", { name: "get_site", arguments: { site_id: "abc" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("site_id");
    expect(sim.requests.length).toBe(before);
  });

  it("requires confirm: true for destructive operations", async () => {
    const destructive = ALL_OPERATIONS.filter((op) => op.effect === "destructive");
    expect(destructive.length).toBeGreaterThan(0);
    const before = sim.requests.length;
    for (const op of destructive) {
      const result = await h.call("call_write_operation", { name: op.name, arguments: {} });
      expect(result.isError, op.name).toBe(true);
      expect(text(result), op.name).toMatch(/confirm/);
    }
    expect(sim.requests.length).toBe(before);
  });
});

describe("read-only mode", () => {
  it("refuses every write through the catalog and sends nothing", async () => {
    const ro = await startHarness({ sim, toolsets: "default", readOnly: true });
    try {
      const tools = (await ro.client.listTools()).tools;
      for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      const writes = ALL_OPERATIONS.filter((op) => op.effect !== "read");
      expect(writes.length).toBeGreaterThan(0);
      const before = sim.requests.length;
      for (const op of writes) {
        const result = await ro.call("call_read_operation", { name: op.name, arguments: { confirm: true } });
        expect(result.isError, op.name).toBe(true);
        expect(text(result), op.name).toContain("read-only");
      }
      expect(sim.requests.length).toBe(before);
      const search = data(await ro.call("search_operations", { query: "delete" }));
      for (const r of search.results) expect(r.effect).toBe("read");
    } finally {
      await ro.close();
    }
  });
});
