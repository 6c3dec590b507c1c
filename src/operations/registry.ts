/** Toolsets, the default set, `all`, read-only filtering, and the MCP tool definition derived from each operation. */
import { z } from "zod";
import type { Tool, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { ConfigError, type Config } from "../config.js";
import { inputSchema } from "./executor.js";
import { TOOLSET_NAMES } from "../tools/toolsets.js";
import { TOOLSETS, type Operation, type OperationInfo } from "./types.js";

export { TOOLSET_NAMES };

/** Checks names, duplicates and that every {param} of a path is an input field. Run once at start and in tests. */
export function checkOperations(ops: readonly Operation[]): void {
  const seen = new Set<string>();
  for (const op of ops) {
    if (!/^[a-z][a-z0-9_]{2,39}$/.test(op.name)) throw new Error(`operation name "${op.name}" must be snake_case, ≤ 40 chars`);
    if (seen.has(op.name)) throw new Error(`duplicate operation name ${op.name}`);
    seen.add(op.name);
    if (!(op.toolset in TOOLSETS)) throw new Error(`${op.name}: unknown toolset ${op.toolset}`);
    const named = new Set([...Object.keys(op.input), ...Object.values(op.rename ?? {}), ...Object.keys(op.fixed ?? {})]);
    for (const m of op.path.matchAll(/\{([a-z_]+)\}/g)) {
      if (!op.run && !named.has(m[1]!)) throw new Error(`${op.name}: path parameter {${m[1]}} is not an input field`);
    }
  }
}

/** Which operations become tools under this configuration; the rest stay reachable through the catalog. */
export function selectOperations<T extends Pick<Operation, "toolset" | "effect" | "core">>(
  all: readonly T[],
  config: Pick<Config, "toolsets" | "readOnly">,
): T[] {
  const wanted = new Set(config.toolsets);
  for (const name of wanted) {
    if (name !== "all" && name !== "default" && !(name in TOOLSETS)) {
      throw new ConfigError(
        `CAPTAINCORE_TOOLSETS has an unknown toolset "${name}". Use all, default, or a comma list of: ${TOOLSET_NAMES.join(", ")}.`,
      );
    }
  }
  return all.filter((op) => {
    if (config.readOnly && op.effect !== "read") return false;
    if (wanted.has("all")) return true;
    if (wanted.has("default") && op.core) return true;
    return wanted.has(op.toolset);
  });
}

/**
 * Only the hints that differ from what the spec lets a client assume, to keep tools/list small: reads say
 * readOnlyHint (the other hints only apply to writes); writes state destructiveHint either way (its default is
 * true) and idempotentHint when true. openWorldHint defaults to true, which is right for every operation.
 */
export function annotationsFor(op: Pick<Operation, "effect" | "idempotent" | "mayDestroy">): ToolAnnotations {
  if (op.effect === "read") return { readOnlyHint: true };
  const hints: ToolAnnotations = { readOnlyHint: false, destructiveHint: op.effect === "destructive" || op.mayDestroy === true };
  if (op.idempotent) hints.idempotentHint = true;
  return hints;
}

/** Words written in capitals in a title ("Create DNS record", "Get invoice PDF"). */
const ACRONYMS = new Set(["dns", "ssh", "pdf", "api", "url", "ach", "tfa", "wp", "php", "cli", "epp", "mx", "smtp", "id", "ids"]);

export function titleOf(name: string): string {
  const words = name.split("_").map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  return [words[0]![0]!.toUpperCase() + words[0]!.slice(1), ...words.slice(1)].join(" ");
}

/** JSON Schema for the input, converted from zod once and cached. */
const jsonSchemaCache = new WeakMap<Operation, Tool["inputSchema"]>();

export function inputJsonSchema(op: Operation): Tool["inputSchema"] {
  let schema = jsonSchemaCache.get(op);
  if (!schema) {
    schema = toInputJsonSchema(inputSchema(op));
    jsonSchemaCache.set(op, schema);
  }
  return schema;
}

export function toInputJsonSchema(schema: z.ZodType): Tool["inputSchema"] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  return dropImplicitBounds(json) as Tool["inputSchema"];
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
function dropImplicitBounds(node: unknown, key?: string, describedAbove = false): unknown {
  if (Array.isArray(node)) return node.map((n) => dropImplicitBounds(n, key, describedAbove));
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
      out[k] = Object.fromEntries(Object.entries(v).map(([name, prop]) => [name, dropImplicitBounds(prop, name, name === "confirm")]));
      continue;
    }
    // The items of a list, or the branches of an anyOf, need no description of their own when the property has one.
    const value =
      k === "items" || k === "anyOf" ? dropImplicitBounds(v, k === "items" ? key?.replace(/s$/, "") : key, described) : dropImplicitBounds(v);
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

/** A description that says only what the property's name or its enum already do. */
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

export function describe(op: Pick<Operation, "summary" | "description">): string {
  return op.description ? `${op.summary}. ${op.description}` : `${op.summary}.`;
}

export function toolDefinition(op: Operation | OperationInfo): Tool {
  return {
    name: op.name,
    title: op.title ?? titleOf(op.name),
    description: describe(op),
    inputSchema: "inputSchema" in op ? op.inputSchema : inputJsonSchema(op),
    annotations: annotationsFor(op),
  };
}

const infoCache = new WeakMap<readonly Operation[], OperationInfo[]>();

/** The operations as the index the server works from; the build writes the same to dist/operations-index.json. */
export function indexOperations(ops: readonly Operation[]): OperationInfo[] {
  let infos = infoCache.get(ops);
  if (!infos) {
    infos = ops.map((op) => {
      const info: OperationInfo = {
        name: op.name,
        toolset: op.toolset,
        method: op.method,
        path: op.path,
        summary: op.summary,
        effect: op.effect,
        inputSchema: inputJsonSchema(op),
      };
      if (op.description !== undefined) info.description = op.description;
      if (op.title !== undefined) info.title = op.title;
      if (op.words !== undefined) info.words = op.words;
      if (op.commands !== undefined) info.commands = op.commands;
      if (op.core !== undefined) info.core = op.core;
      if (op.idempotent !== undefined) info.idempotent = op.idempotent;
      if (op.mayDestroy !== undefined) info.mayDestroy = op.mayDestroy;
      return info;
    });
    infoCache.set(ops, infos);
  }
  return infos;
}
