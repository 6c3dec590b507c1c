/**
 * Hostile variants of a valid argument set (issue 9 §1) and the request-shape comparison used to prove that a
 * hostile string that is accepted still reaches the endpoint the well-formed call reaches.
 */
import type { RecordedRequest } from "../../src/simulator/index.js";
import { properties, requiredFields, validValue, type JsonSchema, type ToolCase } from "./args.js";

/** Strings that would change the URL if they were not percent-encoded (or that are merely nasty). */
export const HOSTILE_STRINGS = [".", "..", "../", "?", "#", "%2e%2e", "\u0000"] as const;

export const BIG_STRING = "x".repeat(200 * 1024);
export const BIG_ARRAY_LENGTH = 5000;
export const UNKNOWN_FIELD = "fuzz_unknown_field";
/** Not a safe integer: JSON carries it, zod's .int() must refuse it. */
export const HUGE_INT = 2 ** 53 + 2;

export interface FuzzCase {
  label: string;
  /** The field the error message must name. */
  field: string;
  args: Record<string, unknown>;
  /** Must be refused whatever the operation (wrong type, null, missing, unknown, out of bounds…). */
  mustReject: boolean;
  /** A string placed in `field`, to compare request shapes when it is accepted. */
  hostile?: string;
}

function typesOf(schema: JsonSchema): Set<string> {
  const out = new Set<string>();
  const add = (s: JsonSchema) => {
    if (s.type) for (const t of Array.isArray(s.type) ? s.type : [s.type]) out.add(t);
    if (s.const !== undefined) out.add(typeof s.const === "boolean" ? "boolean" : typeof s.const === "number" ? "number" : "string");
    if (s.enum) for (const e of s.enum) out.add(e === null ? "null" : typeof e);
    for (const a of s.anyOf ?? s.oneOf ?? []) add(a);
  };
  add(schema);
  if (out.has("integer")) out.add("number");
  return out;
}

function wrongTypeValue(schema: JsonSchema, field: string): unknown | undefined {
  const allowed = typesOf(schema);
  if (!allowed.size) return undefined; // accepts anything
  // Ids are shown as numbers everywhere, so a string id field accepts one back: not a wrong type.
  if (allowed.has("string") && isIdName(field)) allowed.add("number");
  const options: [string, unknown][] = [
    ["string", "fuzz-wrong-type"],
    ["number", 12345],
    ["boolean", true],
    ["array", ["fuzz"]],
    ["object", { fuzz: 1 }],
  ];
  return options.find(([t]) => !allowed.has(t))?.[1];
}

const isIdName = (name: string) => /(^|_)id$|^id$|(^|_)ids$|^environments$|^post_ids$/.test(name);

function integerSchema(schema: JsonSchema): JsonSchema | undefined {
  if (typesOf(schema).has("integer") && !schema.anyOf) return schema;
  return schema.anyOf?.find((a) => a.type === "integer");
}

function arraySchema(schema: JsonSchema): JsonSchema | undefined {
  if (schema.type === "array") return schema;
  return schema.anyOf?.find((a) => a.type === "array");
}

function stringSchema(schema: JsonSchema): JsonSchema | undefined {
  if (schema.type === "string") return schema;
  return schema.anyOf?.find((a) => a.type === "string");
}

/**
 * Every hostile variant for one tool. Path parameters and fields of bespoke (run:) operations, which may end up in
 * a path, get every hostile string; other string fields get one, rotating through the list.
 */
export function hostileCases(c: ToolCase, valid: Record<string, unknown>): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const props = properties(c.tool);
  const pathFields = new Set([...(c.op?.path.matchAll(/\{([a-z_]+)\}/g) ?? [])].map((m) => m[1]!));
  const with_ = (field: string, value: unknown) => ({ ...valid, [field]: value });
  let rotation = 0;

  for (const field of requiredFields(c.tool)) {
    const { [field]: _, ...rest } = valid;
    cases.push({ label: `missing ${field}`, field, args: rest, mustReject: true });
  }
  cases.push({ label: "unknown property", field: UNKNOWN_FIELD, args: { ...valid, [UNKNOWN_FIELD]: 1 }, mustReject: true });

  for (const [field, schema] of Object.entries(props)) {
    const wrong = wrongTypeValue(schema, field);
    if (wrong !== undefined) cases.push({ label: `${field}: wrong type`, field, args: with_(field, wrong), mustReject: true });
    if (!typesOf(schema).has("null")) cases.push({ label: `${field}: null`, field, args: with_(field, null), mustReject: true });

    const int = integerSchema(schema);
    if (int) {
      cases.push({ label: `${field}: fractional`, field, args: with_(field, 1.5), mustReject: true });
      cases.push({ label: `${field}: huge`, field, args: with_(field, HUGE_INT), mustReject: true });
      const positive = isIdName(field) || (int.exclusiveMinimum ?? -1) >= 0 || (int.minimum ?? 0) >= 1;
      cases.push({ label: `${field}: zero`, field, args: with_(field, 0), mustReject: positive || (int.minimum ?? -Infinity) > 0 });
      cases.push({ label: `${field}: negative`, field, args: with_(field, -1), mustReject: positive || (int.minimum ?? -Infinity) >= 0 });
      if (int.maximum !== undefined) cases.push({ label: `${field}: above maximum`, field, args: with_(field, int.maximum + 1), mustReject: true });
    }
    if (schema.enum || (schema.type === "string" && schema.enum)) {
      cases.push({ label: `${field}: not in enum`, field, args: with_(field, "fuzz-not-an-option"), mustReject: true });
    }

    const arr = arraySchema(schema);
    if (arr) {
      const item = (Array.isArray(valid[field]) ? (valid[field] as unknown[])[0] : undefined) ?? validValue(c, field)?.value;
      const one = Array.isArray(item) ? item[0] : item;
      if (one !== undefined) {
        const many = Array.from({ length: BIG_ARRAY_LENGTH }, (_, i) => (typeof one === "number" ? one + i : one));
        cases.push({ label: `${field}: ${BIG_ARRAY_LENGTH} items`, field, args: with_(field, many), mustReject: true });
      }
      const itemInt = arr.items && integerSchema(arr.items);
      if (itemInt) {
        const positive = isIdName(field) || (itemInt.exclusiveMinimum ?? -1) >= 0 || (itemInt.minimum ?? 0) >= 1;
        cases.push({ label: `${field}: fractional item`, field, args: with_(field, [1.5]), mustReject: true });
        if (positive) cases.push({ label: `${field}: negative item`, field, args: with_(field, [-1]), mustReject: true });
      }
      const itemStr = arr.items && stringSchema(arr.items);
      if (itemStr) {
        cases.push({ label: `${field}: 200 kB item`, field, args: with_(field, [BIG_STRING]), mustReject: !((itemStr.maxLength ?? 0) >= BIG_STRING.length) });
      }
    }

    const str = stringSchema(schema);
    if (str && !schema.enum) {
      cases.push({
        label: `${field}: 200 kB string`,
        field,
        args: with_(field, BIG_STRING),
        mustReject: !((str.maxLength ?? 0) >= BIG_STRING.length),
        hostile: BIG_STRING,
      });
      const all = pathFields.has(field) || c.op?.run !== undefined || !c.op;
      const values = all ? HOSTILE_STRINGS : [HOSTILE_STRINGS[rotation++ % HOSTILE_STRINGS.length]!];
      for (const h of values) {
        cases.push({ label: `${field}: ${JSON.stringify(h)}`, field, args: with_(field, h), mustReject: false, hostile: h });
      }
    }
  }
  return cases;
}

/** The baseline for a hostile string in `field`: the valid set with a well-formed value there. */
export function baselineArgs(c: ToolCase, valid: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  if (field in valid) return valid;
  const v = validValue(c, field);
  return v ? { ...valid, [field]: v.value } : undefined;
}

export interface ShapeProblem {
  request: string;
  why: string;
}

const segments = (path: string) => path.split("/");

/** The simulator's route template a request matched, if any. */
export type TemplateOf = (method: string, path: string) => string | undefined;

/**
 * Does `got` (made with the hostile value) reach the same endpoint as `base` (made with the well-formed value)?
 * Same method, same number of path segments, each segment equal or equal once the encoded well-formed value is
 * replaced by the encoded hostile one, and the same query keys.
 */
export function sameEndpoint(
  base: RecordedRequest,
  got: RecordedRequest,
  benign: unknown,
  hostile: string,
  templateOf?: TemplateOf,
): string | undefined {
  if (base.method !== got.method) return `method ${got.method} ≠ ${base.method}`;
  const ka = Object.keys(base.query).sort().join(",");
  const kb = Object.keys(got.query).sort().join(",");
  if (ka !== kb) return `query keys [${kb}] ≠ [${ka}]`;
  // Both reach the same declared route (ids and tokens made during the call may differ): same endpoint.
  const ta = templateOf?.(base.method, base.path);
  if (ta !== undefined && ta === templateOf?.(got.method, got.path)) return undefined;
  const a = segments(base.path);
  const b = segments(got.path);
  if (a.length !== b.length) return `path ${got.path} has ${b.length} segments, the well-formed call's ${base.path} has ${a.length}`;
  const encBenign = typeof benign === "string" ? encodeURIComponent(benign) : undefined;
  const encHostile = encodeURIComponent(hostile);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const candidates = encBenign
      ? [a[i]!.split(encBenign).join(encHostile), a[i]!.split(encBenign.toLowerCase()).join(encHostile)]
      : [];
    if (!candidates.includes(b[i]!)) return `segment ${i} "${b[i]}" of ${got.path} does not match "${a[i]}" of ${base.path}`;
  }
  return undefined;
}

/** Every request of the hostile call must reach an endpoint that the well-formed call reached. */
export function compareRequests(
  baseline: RecordedRequest[],
  got: RecordedRequest[],
  benign: unknown,
  hostile: string,
  templateOf?: TemplateOf,
): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  for (const req of got) {
    if (/(^|\/)\.{1,2}(\/|$)/.test(req.path)) {
      problems.push({ request: `${req.method} ${req.path}`, why: "dot segment in the path" });
      continue;
    }
    const whys = baseline.map((b) => sameEndpoint(b, req, benign, hostile, templateOf));
    if (!whys.some((w) => w === undefined)) {
      problems.push({ request: `${req.method} ${req.path}${Object.keys(req.query).length ? "?" + Object.keys(req.query).join("&") : ""}`, why: whys[0] ?? "the well-formed call sent no request" });
    }
  }
  return problems;
}
