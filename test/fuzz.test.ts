/**
 * Input fuzzing over every tool tools/list returns (issue 9 §1), generated from each tool's JSON Schema: missing
 * required fields, wrong types, null, unknown properties, zero/negative/fractional/huge ids, 200 kB strings,
 * arrays of thousands, and strings that would change the URL if not encoded (".", "..", "../", "?", "#",
 * "%2e%2e", NUL). Invalid input: an isError naming the field and no request. Accepted hostile strings: the request
 * reaches the endpoint the well-formed call reaches. The server answers ping after each tool.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { SiteId } from "../src/operations/schemas.js";
import { defineOperation } from "../src/operations/types.js";
import { startSimulator, type RecordedRequest, type Simulator } from "../src/simulator/index.js";
import { QUICK_JOBS, startHarness, text, type Harness } from "./harness.js";
import { argsAccepted, effectRank, toolCase, validArgs } from "./support/args.js";
import { baselineArgs, compareRequests, HOSTILE_STRINGS, hostileCases, type FuzzCase } from "./support/hostile.js";

const CRASH = /failed unexpectedly|crashed|TypeError|ReferenceError|Cannot read propert/;

interface Counts {
  tools: number;
  cases: number;
  rejected: number;
  sent: number;
  refusedAfterValidation: number;
}

describe("input fuzzing over every tool", () => {
  let tools: Tool[] = [];
  const counts: Counts = { tools: 0, cases: 0, rejected: 0, sent: 0, refusedAfterValidation: 0 };

  beforeAll(async () => {
    const h = await startHarness({ toolsets: "all" });
    tools = (await h.client.listTools()).tools;
    await h.close();
  });
  afterAll(() => {
    console.log(
      `fuzz: ${counts.tools} tools, ${counts.cases} cases: ${counts.rejected} rejected before sending, ` +
        `${counts.sent} sent (accepted hostile values, all on the well-formed call's endpoint), ` +
        `${counts.refusedAfterValidation} accepted by the schema but refused before sending (. or .. in a path, or the tool's own checks)`,
    );
  });

  it("generates a valid argument set for every tool", () => {
    expect(tools.length).toBeGreaterThan(50);
    const problems = tools.flatMap((t) => validArgs(toolCase(t)).problems);
    expect(problems, "add an entry to OVERRIDES in test/support/args.ts").toEqual([]);
  });

  it("rejects invalid input before sending, keeps hostile strings on their endpoint, and stays up", async () => {
    const findings: string[] = [];
    const ordered = [...tools].sort((a, b) => effectRank(a) - effectRank(b));
    // One simulator per block of tools keeps state changes (deletes, password rotation) from spreading far.
    let sim: Simulator | undefined;
    let h: Harness | undefined;
    const fresh = async () => {
      await h?.close();
      await sim?.stop();
      sim = await startSimulator();
      h = await startHarness({ sim, toolsets: "all", timeoutMs: 2000, jobTiming: QUICK_JOBS });
    };
    const templateOf = (method: string, path: string) => sim!.router.match(method, path)?.route.template;

    for (const [index, tool] of ordered.entries()) {
      if (index % 20 === 0 || effectRank(tool) === 2) await fresh();
      const c = toolCase(tool);
      const { args: valid } = validArgs(c);
      counts.tools++;

      const call = async (args: Record<string, unknown>) => {
        const before = sim!.requests.length;
        const result = (await h!.client.callTool({ name: tool.name, arguments: args })) as CallToolResult;
        return { result, requests: sim!.requests.slice(before) as RecordedRequest[] };
      };
      const check = (label: string, result: CallToolResult) => {
        if (CRASH.test(text(result))) findings.push(`${tool.name} ${label}: crashed: ${text(result).slice(0, 200)}`);
      };

      const first = await call(valid);
      check("valid", first.result);

      const cases = hostileCases(c, valid);
      counts.cases += cases.length;
      const expectInvalid: FuzzCase[] = [];
      const expectValid: FuzzCase[] = [];
      for (const k of cases) {
        // Must-reject cases are judged by the server's answer (a run: handler may refuse what zod lets through).
        const local = !k.mustReject && (c.op ? argsAccepted(c, k.args).ok : true);
        (local ? expectValid : expectInvalid).push(k);
      }

      // Invalid input, all at once: every answer an isError naming the field, and not one request.
      const before = sim!.requests.length;
      const answers = await Promise.all(expectInvalid.map((k) => h!.client.callTool({ name: tool.name, arguments: k.args })));
      for (const [i, k] of expectInvalid.entries()) {
        const result = answers[i] as CallToolResult;
        check(k.label, result);
        if (!result.isError) findings.push(`${tool.name} ${k.label}: not an error`);
        else if (!text(result).includes(k.field)) findings.push(`${tool.name} ${k.label}: error does not name ${k.field}: ${text(result).slice(0, 160)}`);
      }
      const leaked = sim!.requests.slice(before);
      if (leaked.length) findings.push(`${tool.name}: invalid input sent ${leaked.map((r) => `${r.method} ${r.path}`).join(", ")}`);
      counts.rejected += expectInvalid.length;

      // Accepted hostile values, one at a time, each against a well-formed call of the same field.
      const baselines = new Map<string, RecordedRequest[]>();
      for (const k of expectValid) {
        if (k.hostile === undefined) continue;
        const baseArgs = baselineArgs(c, valid, k.field);
        if (!baseArgs) continue;
        // The first valid call counts too: a repeat of it may be refused after a read (create_email_forward refuses
        // an address that already forwards), while the hostile call, a new address, goes on to the write.
        if (!baselines.has(k.field)) baselines.set(k.field, [...(baseArgs === valid ? first.requests : []), ...(await call(baseArgs)).requests]);
        const got = await call(k.args);
        check(k.label, got.result);
        if (!got.requests.length) {
          counts.refusedAfterValidation++;
          continue;
        }
        counts.sent++;
        for (const p of compareRequests(baselines.get(k.field)!, got.requests, baseArgs[k.field], k.hostile, templateOf)) {
          findings.push(`${tool.name} ${k.label}: ${p.request}: ${p.why}`);
        }
      }

      await expect(h!.client.ping(), `ping after ${tool.name}`).resolves.toBeDefined();
    }
    await h?.close();
    await sim?.stop();
    expect(findings).toEqual([]);
  }, 120_000);
});

/**
 * Most path parameters of the real tools have patterns that refuse hostile strings outright, so the path encoding
 * itself is proven here with a canary operation whose path parameter accepts any string.
 */
describe("path encoding, with a canary operation that accepts any string in its path", () => {
  const canary = defineOperation({
    name: "fuzz_canary",
    toolset: "sites",
    method: "GET",
    path: "/sites/{site_id}/canary/{name}",
    summary: "Canary",
    input: { site_id: SiteId, name: z.string().max(100).describe("Any"), search: z.string().max(100).optional().describe("Any") },
    effect: "read",
  });

  it("refuses . and .., percent-encodes the rest, never adds a query key or a segment", async () => {
    const h = await startHarness({ operations: [canary] });
    const sim = h.sim;
    try {
      const call = async (args: Record<string, unknown>) => {
        const before = sim.requests.length;
        const result = await h.call("fuzz_canary", args);
        return { result, requests: sim.requests.slice(before) };
      };
      const base = await call({ site_id: 1, name: "plain", search: "plain" });
      expect(base.requests.map((r) => r.path)).toEqual(["/sites/1/canary/plain"]);
      for (const hostile of HOSTILE_STRINGS) {
        for (const field of ["name", "search"]) {
          const got = await call({ site_id: 1, name: "plain", search: "plain", [field]: hostile });
          if (field === "name" && (hostile === "." || hostile === "..")) {
            expect(got.result.isError).toBe(true);
            expect(text(got.result)).toContain("name cannot be");
            expect(got.requests).toEqual([]);
            continue;
          }
          expect(got.requests).toHaveLength(1);
          expect(compareRequests(base.requests, got.requests, "plain", hostile)).toEqual([]);
          if (field === "name") expect(got.requests[0]!.path).toBe(`/sites/1/canary/${encodeURIComponent(hostile)}`);
          else expect(got.requests[0]!.query).toEqual({ search: hostile });
        }
      }
      // And the comparison does catch what an unencoded value would do.
      const raw = (path: string, query: Record<string, unknown> = {}) => ({ method: "GET", path, query, body: undefined, headers: {} });
      expect(compareRequests(base.requests, [raw("/sites/1/canary")], "plain", "..")).toHaveLength(1);
      expect(compareRequests(base.requests, [raw("/sites/1/canary/a/b")], "plain", "a/b")).toHaveLength(1);
      expect(compareRequests(base.requests, [raw("/sites/1/canary/x", { search: "plain", injected: "1" })], "plain", "x?injected=1")).toHaveLength(1);
      expect(compareRequests(base.requests, [raw("/sites/1/canary/%2e%2e")], "plain", "%2e%2e")).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
