/**
 * tools/list leaves bounds out of the schemas (operations/json-schema.ts), to keep the list small; the server still
 * checks every one of them. For each bound the zod schema of an operation carries (as its full JSON Schema shows),
 * this calls the tool over MCP with a value just past it and asserts that nothing is sent and that the error names
 * the field and the limit, so that the model can fix the call.
 */
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { inputSchema } from "../src/operations/executor.js";
import type { Operation } from "../src/operations/types.js";
import { ALL_OPERATIONS } from "../src/tools/index.js";
import { errorCode, text, useHarness } from "./harness.js";

type Node = Record<string, any>;

interface Case {
  tool: string;
  /** Where zod reports it: "limit", "amounts.0", "environments.0.address". */
  path: string;
  args: Record<string, unknown>;
  /** What the message must contain: the limit ("<=200", "exactly 2"), or "pattern". */
  names: string;
}

const IGNORED = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/** Values just past each bound of one schema node; empty when it has none. */
function pastBounds(node: Node): { value: unknown; names: string }[] {
  const out: { value: unknown; names: string }[] = [];
  // A string of n characters that is otherwise valid (a URL where the field takes one).
  const chars = (n: number) => (node.format === "uri" ? `https://example.com/${"a".repeat(Math.max(0, n - 20))}` : "a".repeat(n));
  // zod says "exactly 2 items" when both ends of a length are the same.
  const items = (n: number, side: string) => (node.minItems === node.maxItems ? `exactly ${n}` : `${side}${n}`);
  if (typeof node.maximum === "number" && !IGNORED.has(node.maximum)) out.push({ value: node.maximum + 1, names: `<=${node.maximum}` });
  if (typeof node.minimum === "number" && !IGNORED.has(node.minimum)) out.push({ value: node.minimum - 1, names: `>=${node.minimum}` });
  if (typeof node.exclusiveMinimum === "number") out.push({ value: node.exclusiveMinimum, names: `>${node.exclusiveMinimum}` });
  if (typeof node.maxLength === "number") out.push({ value: chars(node.maxLength + 1), names: `<=${node.maxLength}` });
  if (typeof node.minLength === "number") out.push({ value: chars(node.minLength - 1), names: `>=${node.minLength}` });
  if (typeof node.maxItems === "number") out.push({ value: Array(node.maxItems + 1).fill(sample(node.items)), names: items(node.maxItems, "<=") });
  if (typeof node.minItems === "number") out.push({ value: Array(node.minItems - 1).fill(sample(node.items)), names: items(node.minItems, ">=") });
  if (typeof node.pattern === "string") out.push({ value: "!", names: "pattern" });
  if (node.format === "uri") out.push({ value: "not a url", names: "URL" });
  if (node.propertyNames && typeof node.propertyNames.maxLength === "number") {
    out.push({ value: { ["k".repeat(node.propertyNames.maxLength + 1)]: "x" }, names: `<=${node.propertyNames.maxLength}` });
  }
  return out;
}

/** A value of the item's type, so that a list is wrong by its length only. */
function sample(node: Node | undefined): unknown {
  if (!node) return "x";
  if (node.type === "integer" || node.type === "number") return Math.max(1, node.minimum ?? 1);
  if (node.type === "object") return {};
  return "x".repeat(Math.max(1, node.minLength ?? 1));
}

/** Every bound of an operation's input, top-level and inside lists (of values or of objects). */
function casesOf(op: Operation): Case[] {
  const json = z.toJSONSchema(inputSchema(op), { io: "input", unrepresentable: "any" }) as Node;
  const cases: Case[] = [];
  for (const [name, prop] of Object.entries<Node>(json.properties ?? {})) {
    for (const { value, names } of pastBounds(prop)) cases.push({ tool: op.name, path: name, args: { [name]: value }, names });
    const items = prop.items as Node | undefined;
    if (!items) continue;
    for (const { value, names } of pastBounds(items)) cases.push({ tool: op.name, path: `${name}.0`, args: { [name]: [value] }, names });
    for (const [field, sub] of Object.entries<Node>(items.properties ?? {})) {
      for (const { value, names } of pastBounds(sub)) {
        cases.push({ tool: op.name, path: `${name}.0.${field}`, args: { [name]: [{ [field]: value }] }, names });
      }
    }
  }
  return cases;
}

const CASES = ALL_OPERATIONS.flatMap(casesOf);

describe("bounds left out of tools/list are still checked, with an error that names them", () => {
  const h = useHarness({ toolsets: "all" });

  it("finds the bounds to check (a floor, so that the walk above keeps finding them)", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it("tools/list shows none of them", async () => {
    const listed = JSON.stringify((await h.client.listTools()).tools.map((t) => t.inputSchema));
    expect(listed).not.toMatch(/"(maximum|minimum|exclusiveMinimum|maxLength|minLength|maxItems|minItems|pattern)":/);
  });

  it.each(CASES.map((c) => [`${c.tool} ${c.path} ${c.names}`, c] as const))("%s", async (_label, c) => {
    const requests = h.sim.requests.length;
    const result = await h.call(c.tool, c.args);
    expect(result.isError, text(result)).toBe(true);
    expect(errorCode(result)).toBe("invalid_input");
    const line = text(result)
      .split("\n")
      .find((l) => l.startsWith(`- ${c.path}: `));
    expect(line, text(result)).toBeDefined();
    // A pattern is named by the message the operation gives it ("6 digits"), or by zod's, which quotes it.
    if (c.names === "pattern") expect(line).not.toMatch(/: Invalid input/);
    else expect(line).toContain(c.names);
    expect(h.sim.requests.length).toBe(requests);
  });

  it("search_operations: limit past 20", async () => {
    const result = await h.call("search_operations", { query: "backup", limit: 21 });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/limit: .*<=20/);
  });
});
