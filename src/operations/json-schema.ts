/**
 * The JSON Schema tools/list shows for an input: zod's, without what says nothing to a model (see forModel). Nothing
 * left out goes unchecked: the executor validates every call with the zod schema itself.
 */
import { z } from "zod";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";

export function toInputJsonSchema(schema: z.ZodType): Tool["inputSchema"] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  return forModel(json) as Tool["inputSchema"];
}

/**
 * Bounds zod checks on every call, with a message that names the limit ("Too big: expected string to have <=60
 * characters", "Too small: expected array to have >=2 items", "Invalid string: must match pattern …"): on ~220 tools
 * they cost hundreds of tokens and a model gains little from seeing them before a call. test/bounds.test.ts calls
 * every tool with a value past each bound and asserts the error names it.
 */
const CHECKED_BOUNDS = new Set([
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "pattern",
  "format",
]);

/**
 * What tools/list leaves out, because it says nothing to a model that the rest does not, and costs tokens on ~220
 * tools: the bounds above; defaults that are numbers (page sizes, waits, tuning values: the call works without them)
 * or `false`; `additionalProperties: false` (unknown fields are still refused by the executor, with an error naming
 * them); what JSON Schema assumes anyway (string keys, `{}` for any value, a type its `const`/`enum` already shows);
 * a description that only restates its property's name ("Site ID" on site_id) or enum, or sits on the items (or anyOf
 * branches) of a property that has its own; and the description of `confirm` (the server instructions say when it is
 * needed, and the error or the user's confirmation prompt says what the call will do). An anyOf of plain types is
 * written as the one type list it is equal to.
 */
function forModel(node: unknown, key?: string, describedAbove = false): unknown {
  if (Array.isArray(node)) return node.map((n) => forModel(n, key, describedAbove));
  if (!node || typeof node !== "object") return node;
  const described = "description" in node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (CHECKED_BOUNDS.has(k)) continue;
    if (k === "default" && (v === false || typeof v === "number")) continue;
    if (k === "additionalProperties" && v === false) continue;
    if (k === "type" && impliedByValues(node)) continue;
    if (k === "description" && (describedAbove || restates(v, node, key))) continue;
    if (k === "properties" && v && typeof v === "object") {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, prop]) => [name, forModel(prop, name, name === "confirm")]));
      continue;
    }
    // The items of a list, or the branches of an anyOf, need no description of their own when the property has one.
    const value =
      k === "items" || k === "anyOf" ? forModel(v, k === "items" ? key?.replace(/s$/, "") : key, described) : forModel(v);
    if ((k === "additionalProperties" || k === "items") && isEmptyObject(value)) continue;
    if (k === "propertyNames" && JSON.stringify(value) === '{"type":"string"}') continue;
    const types = k === "anyOf" && !("type" in node) ? oneTypeList(value as unknown[]) : undefined;
    if (types) Object.assign(out, types);
    else out[k] = value;
  }
  return out;
}

/** Keywords that apply to one JSON type only: branches that differ by them can share one schema. */
const TYPE_SPECIFIC = new Set(["items", "properties", "required", "additionalProperties", "propertyNames"]);

/**
 * The same schema as an anyOf whose branches differ only by type ("an id or a list of ids", "an id or null"):
 * `{"type": ["integer", "array"], "items": …}`, since items applies to lists only and properties to objects only.
 */
function oneTypeList(branches: unknown[]): Record<string, unknown> | undefined {
  const merged: Record<string, unknown> = {};
  const types: string[] = [];
  for (const branch of branches) {
    if (!branch || typeof branch !== "object") return undefined;
    const { type, ...rest } = branch as Record<string, unknown>;
    if (typeof type !== "string" || types.includes(type)) return undefined;
    types.push(type);
    for (const [k, v] of Object.entries(rest)) {
      if (!TYPE_SPECIFIC.has(k) || k in merged) return undefined;
      merged[k] = v;
    }
  }
  return { type: types, ...merged };
}

/** `const` or an `enum` of one JSON type already says the type: `"type"` beside them is noise. */
function impliedByValues(node: object): boolean {
  const { const: only, enum: values } = node as { const?: unknown; enum?: unknown[] };
  const kinds = new Set((only !== undefined ? [only] : (values ?? [])).map((v) => (v === null ? "null" : typeof v)));
  return kinds.size === 1 && !kinds.has("object");
}

const isEmptyObject = (v: unknown) => !!v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0;

/** A description that says only what the property's name or its enum already do, or nothing (a shared helper given ""). */
function restates(description: unknown, node: object, key: string | undefined): boolean {
  if (typeof description !== "string") return false;
  if (!description.trim()) return true;
  if (key !== undefined && sameWords(description, key)) return true;
  // "production, staging, or both" beside that enum.
  const values = (node as { enum?: unknown[] }).enum;
  const words = description.toLowerCase().split(/[^a-z0-9_-]+/).filter((w) => w && w !== "or" && w !== "and");
  return !!values && words.length === values.length && words.every((w) => values.some((v) => String(v).toLowerCase() === w));
}

/** "Site ID" and site_id, "Site IDs" and site_ids, "Email address" and email: the same words. */
function sameWords(description: string, name: string): boolean {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/\b(address|name|ids?)\b/g, "")
      .replace(/[^a-z0-9]/g, "");
  return norm(description) === norm(name.replace(/_/g, " "));
}
