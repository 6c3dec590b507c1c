/**
 * Structural comparison of two JSON values: the recorded answer of the real plugin and the simulator's answer to the
 * same request. Values may differ; keys, JSON types and array-vs-object form may not. Arrays compare item by item
 * against the closest recorded item (the simulator may hold more, and differently-filled, items than the recording);
 * an empty recorded array says nothing about its items.
 */

export type JsonType = "null" | "array" | "object" | "string" | "number" | "boolean";

export interface Mismatch {
  /** JSONPath-like location; array items are `[]`, e.g. `$[].environments[].home_url`. */
  path: string;
  kind: "missing-key" | "extra-key" | "type";
  /** What the real plugin sent there (a JSON type, or the key). */
  real: string;
  sim: string;
}

export interface Comparison {
  mismatches: Mismatch[];
  /** Object keys present on both sides and compared. */
  keysCompared: number;
}

export function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value as JsonType;
}

export function compareShape(real: unknown, sim: unknown, path = "$"): Comparison {
  const realType = jsonType(real);
  const simType = jsonType(sim);
  if (realType !== simType) return { mismatches: [{ path, kind: "type", real: realType, sim: simType }], keysCompared: 0 };
  if (realType === "array") return compareArrays(real as unknown[], sim as unknown[], path);
  if (realType === "object") return compareObjects(real as Record<string, unknown>, sim as Record<string, unknown>, path);
  return { mismatches: [], keysCompared: 0 };
}

function compareObjects(real: Record<string, unknown>, sim: Record<string, unknown>, path: string): Comparison {
  const out: Comparison = { mismatches: [], keysCompared: 0 };
  for (const key of Object.keys(real)) {
    if (!(key in sim)) {
      out.mismatches.push({ path: `${path}.${key}`, kind: "missing-key", real: jsonType(real[key]), sim: "absent" });
      continue;
    }
    out.keysCompared++;
    const inner = compareShape(real[key], sim[key], `${path}.${key}`);
    out.mismatches.push(...inner.mismatches);
    out.keysCompared += inner.keysCompared;
  }
  for (const key of Object.keys(sim)) {
    if (!(key in real)) out.mismatches.push({ path: `${path}.${key}`, kind: "extra-key", real: "absent", sim: jsonType(sim[key]) });
  }
  return out;
}

/** Each simulated item against the recorded item it resembles most; mismatches are reported once per path. */
function compareArrays(real: unknown[], sim: unknown[], path: string): Comparison {
  const out: Comparison = { mismatches: [], keysCompared: 0 };
  if (real.length === 0) return out;
  const seen = new Set<string>();
  for (const item of sim) {
    let best: Comparison | undefined;
    for (const candidate of real) {
      const result = compareShape(candidate, item, `${path}[]`);
      if (!best || result.mismatches.length < best.mismatches.length) best = result;
      if (best.mismatches.length === 0) break;
    }
    out.keysCompared += best!.keysCompared;
    for (const m of best!.mismatches) {
      const id = `${m.kind} ${m.path} ${m.real} ${m.sim}`;
      if (!seen.has(id)) {
        seen.add(id);
        out.mismatches.push(m);
      }
    }
  }
  return out;
}
