/**
 * Argument generation for the fuzz, secrets, read-only and load suites: from each tool's JSON Schema (for operations,
 * the one zod gives, with the bounds that tools/list leaves out),
 * one VALID argument set that uses seeded ids (site 1, domain 1, account 1, "production"…), checked field by field
 * against the operation's zod schema (the source of truth, which has refinements the JSON Schema does not show),
 * plus the hostile variants of issue 9. New tools are covered without changes here; a tool whose schema defeats the
 * generator shows up as a test failure that names it (add an entry to OVERRIDES then).
 */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { inputSchema } from "../../src/operations/executor.js";
import type { Operation } from "../../src/operations/types.js";
import { ALL_OPERATIONS } from "../../src/tools/index.js";

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  minProperties?: number;
  [k: string]: unknown;
};

export const OPERATIONS = new Map<string, Operation>(ALL_OPERATIONS.map((op) => [op.name, op]));

const HEX48 = "0123456789abcdef".repeat(3);

/**
 * Hand-written arguments where the schema cannot say what a useful call looks like (cross-field rules checked in a
 * run: handler, seeded records found by a field other than an id). Keep this short: everything else is generated.
 */
export const OVERRIDES: Record<string, Record<string, unknown>> = {
  call_read_operation: { name: "get_me", arguments: {} },
  call_write_operation: { name: "create_account", arguments: { name: "Fuzz" } },
  enable_toolset: { toolset: "dns" },
  disable_toolset: { toolset: "dns" },
  search_operations: { query: "list sites" },
  create_site: {
    environments: [{ environment: "Production", address: "sftp.example.com", username: "fuzz", port: "22" }],
  },
  schedule_script: { run_at: "2030-12-01 14:30" },
  update_scheduled_script: { run_at: "2030-12-01 14:30" },
  set_site_fathom_codes: { fathom: [{ domain: "example.com", code: "ABCDEF" }] },
  update_domain_contacts: { contacts: { owner: { first_name: "Fuzz", email: "fuzz@example.com" } } },
  set_domain_nameservers: { nameservers: ["ns1.example.com", "ns2.example.com"] },
  add_payment_method: { source_id: "pm_fuzz123" },
  add_ach_payment_method: { setup_intent_id: "seti_fuzz123" },
  add_ssh_key: { key: "-----BEGIN OPENSSH PRIVATE KEY-----\nZnV6eg==\n-----END OPENSSH PRIVATE KEY-----\n" },
};

/** Preferred strings by field name, tried before the generic candidates. */
const NAMED: [RegExp, string[]][] = [
  [/^environment$/, ["production", "Production"]],
  [/(^|_)(email|recipient|recipients|login)$|^address$/, ["fuzz@example.com"]],
  [/(^|_)(domain|domain_name|mailgun_domain|nameservers?|site)$/, ["example.com"]],
  [/(url|page|pages|link)$/, ["https://example.com/"]],
  [/(^|_)(date|at|from|to|renewal|start_date|end_date)$|_date$|_at$/, ["2026-01-01", "2026-01-01 00:00:00"]],
  [/hash/, ["abc1234def"]],
  [/token/, [HEX48, "123456", "abcdef123456"]],
  [/(^|_)(slugs?|plugins?|themes?)$/, ["akismet"]],
  [/(^|_)(version|versions|core|php)$/, ["6.7.1"]],
  [/timezone/, ["UTC"]],
  [/^code$/, ["wp option get home"]],
  [/^(name|title|display_name|first_name|last_name|from_name)$/, ["Fuzz Name"]],
  [/^key$/, ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFuzzFuzzFuzzFuzzFuzzFuzzFuzzFuzz fuzz@example.com"]],
];

const GENERIC = [
  "fuzz-value",
  "abc1234def",
  "example.com",
  "fuzz@example.com",
  "https://example.com/",
  "2026-01-01",
  "2026-01-01 00:00:00",
  "6.7.1",
  "akismet@5.3.5",
  "123456",
  HEX48,
  "UTC",
  "10",
  "x",
];

function types(schema: JsonSchema): string[] {
  if (schema.type === undefined) return [];
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

function fitsString(schema: JsonSchema, s: string): boolean {
  if (schema.minLength !== undefined && s.length < schema.minLength) return false;
  if (schema.maxLength !== undefined && s.length > schema.maxLength) return false;
  if (schema.pattern && !new RegExp(schema.pattern, "u").test(s)) return false;
  if (schema.enum && !schema.enum.includes(s)) return false;
  if (schema.format === "email" && !/^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(s)) return false;
  if (schema.format === "uri" && !/^https?:\/\//.test(s)) return false;
  if ((schema.format === "date" || schema.format === "date-time") && !/^\d{4}-\d{2}-\d{2}/.test(s)) return false;
  return true;
}

function integerFor(schema: JsonSchema, name: string): number {
  let n = /^wait_seconds$/.test(name) ? 0 : /(^|_)(limit|per_page)$/.test(name) ? 5 : 1;
  if (/^(ttl)$/.test(name)) n = 3600;
  if (/^port$/.test(name)) n = 22;
  if (/^created_at$/.test(name)) n = 1;
  if (schema.minimum !== undefined && n < schema.minimum) n = schema.minimum;
  if (schema.exclusiveMinimum !== undefined && n <= schema.exclusiveMinimum) n = Math.floor(schema.exclusiveMinimum) + 1;
  if (schema.maximum !== undefined && n > schema.maximum) n = schema.maximum;
  return n;
}

/** A few alternative valid-looking values for a schema, best first. */
export function candidates(schema: JsonSchema, name = "", depth = 0): unknown[] {
  if (depth > 6) return [null];
  if (schema.const !== undefined) return [schema.const];
  if (schema.enum?.length) return [...schema.enum];
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts) return alts.flatMap((a) => candidates(a, name, depth + 1)).filter((v) => v !== null).concat([null]);
  const t = types(schema);
  if (t.includes("integer")) return [integerFor(schema, name)];
  if (t.includes("number")) return [integerFor(schema, name)];
  if (t.includes("boolean")) return name === "reveal_secrets" ? [false] : [true, false];
  if (t.includes("string")) {
    const named = NAMED.filter(([re]) => re.test(name)).flatMap(([, v]) => v);
    const all = [...new Set([...named, ...GENERIC])].filter((s) => fitsString(schema, s));
    if (!all.length && schema.minLength) all.push("a".repeat(schema.minLength));
    return all.length ? all : ["fuzz-value"];
  }
  if (t.includes("array")) {
    const itemName = name.replace(/s$/, "");
    const items = candidates(schema.items ?? {}, /_ids$/.test(name) ? "id" : itemName, depth + 1);
    const count = Math.max(1, schema.minItems ?? 0);
    return items.slice(0, 4).map((item, i) =>
      Array.from({ length: count }, (_, k) =>
        typeof item === "number" && /_ids$|^environments$/.test(name) ? item + k : k === 0 ? item : (items[(i + k) % items.length] ?? item),
      ),
    );
  }
  if (t.includes("object") || schema.properties) {
    const props = schema.properties ?? {};
    const required = schema.required ?? [];
    const base: Record<string, unknown> = {};
    const variants: Record<string, unknown>[] = [];
    for (const key of required) {
      const c = candidates(props[key] ?? {}, key, depth + 1);
      base[key] = c[0];
    }
    variants.push({ ...base });
    for (const key of required) {
      const c = candidates(props[key] ?? {}, key, depth + 1);
      for (const alt of c.slice(1, 4)) variants.push({ ...base, [key]: alt });
    }
    if (!required.length && schema.minProperties) {
      const names = schema.propertyNames?.enum as string[] | undefined;
      const key = names?.[0] ?? "fuzz_key";
      const valueSchema = typeof schema.additionalProperties === "object" ? schema.additionalProperties : {};
      variants.unshift({ [key]: candidates(valueSchema, key, depth + 1)[0] ?? "fuzz-value" });
    }
    return variants;
  }
  return ["fuzz-value", 1, true];
}

export interface ToolCase {
  tool: Tool;
  op?: Operation;
  /** Zod field schemas (operations only). */
  fields?: Record<string, z.ZodType>;
}

export function toolCase(tool: Tool): ToolCase {
  const op = OPERATIONS.get(tool.name);
  if (!op) return { tool };
  // tools/list leaves bounds out (the server checks them; test/bounds.test.ts): generate from the schema with them.
  const full = z.toJSONSchema(inputSchema(op), { io: "input", unrepresentable: "any" }) as Tool["inputSchema"];
  return { tool: { ...tool, inputSchema: full }, op, fields: inputSchema(op).shape as Record<string, z.ZodType> };
}

export function fieldAccepts(c: ToolCase, field: string, value: unknown): boolean {
  const schema = c.fields?.[field];
  if (!schema) return true;
  return schema.safeParse(value).success;
}

export function argsAccepted(c: ToolCase, args: Record<string, unknown>): { ok: boolean; issues?: string } {
  if (!c.op) return { ok: true };
  const parsed = inputSchema(c.op).safeParse(args);
  return parsed.success
    ? { ok: true }
    : { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
}

/** A valid value for one field (required or optional), or undefined when none of the candidates is accepted. */
export function validValue(c: ToolCase, field: string): { value: unknown } | undefined {
  const props = (c.tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const override = OVERRIDES[c.tool.name];
  if (override && field in override) return { value: override[field] };
  for (const value of candidates(props[field] ?? {}, field)) {
    if (value === null && !fieldAccepts(c, field, null)) continue;
    if (fieldAccepts(c, field, value)) return { value };
  }
  return undefined;
}

export function requiredFields(tool: Tool): string[] {
  return (tool.inputSchema.required as string[] | undefined) ?? [];
}

export function properties(tool: Tool): Record<string, JsonSchema> {
  return (tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
}

/** One valid argument set: every required field (plus any override), each accepted by the zod schema. */
export function validArgs(c: ToolCase): { args: Record<string, unknown>; problems: string[] } {
  const args: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const field of requiredFields(c.tool)) {
    const v = validValue(c, field);
    if (v) args[field] = v.value;
    else problems.push(`${c.tool.name}.${field}: no generated value is accepted`);
  }
  Object.assign(args, OVERRIDES[c.tool.name] ?? {});
  for (const [field, schema] of Object.entries(properties(c.tool))) {
    if (field === "wait_seconds" && !(field in args) && schema) args[field] = 0;
  }
  const check = argsAccepted(c, args);
  if (!check.ok) problems.push(`${c.tool.name}: ${check.issues}`);
  return { args, problems };
}

/** Order in which to run tools against one shared simulator: reads, then writes, then destructive ones. */
export function effectRank(tool: Tool): number {
  const op = OPERATIONS.get(tool.name);
  if (!op) return 0;
  return op.effect === "read" ? 0 : op.effect === "write" ? 1 : 2;
}
