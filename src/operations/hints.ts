/**
 * Every hint that names a next step names something the agent can call now. Hints are written with operation names
 * ("Next: get_quicksave", "create it with activate_dns_zone"); when that operation is not a loaded tool, the name is
 * qualified here, once, at the exits (tool results, tool descriptions, prompts) with the catalog tool that runs it.
 */
import type { Effect } from "./types.js";

export const CALL_READ = "call_read_operation";
export const CALL_WRITE = "call_write_operation";

export interface Callable {
  /** Tools in tools/list right now. */
  loaded: ReadonlySet<string>;
  /** Every operation's effect, by name. */
  effects: ReadonlyMap<string, Effect>;
  readOnly: boolean;
}

/** The catalog tool that runs an operation of this effect, or undefined when nothing may (read-only mode). */
export function catalogToolFor(effect: Effect, readOnly: boolean): string | undefined {
  if (effect === "read") return CALL_READ;
  return readOnly ? undefined : CALL_WRITE;
}

/** How to call an operation from here: its own name when loaded, else the catalog call. */
export function callableName(name: string, callable: Callable): string {
  if (callable.loaded.has(name)) return name;
  const effect = callable.effects.get(name);
  if (!effect) return name;
  const via = catalogToolFor(effect, callable.readOnly);
  return via ? `${via} name=${name}` : `${name} (not available: read-only mode)`;
}

const patternCache = new WeakMap<ReadonlyMap<string, Effect>, RegExp>();

function namePattern(effects: ReadonlyMap<string, Effect>): RegExp {
  let re = patternCache.get(effects);
  if (!re) {
    const names = [...effects.keys()].sort((a, b) => b.length - a.length);
    // Not inside a longer identifier, a path or a URI, and not a name already given to a catalog call.
    re = new RegExp(`(?<!name(?:=|:\\s?"|":"))(?<![\\w/.{-])(${names.join("|")})(?![\\w}-])`, "g");
    patternCache.set(effects, re);
  }
  re.lastIndex = 0;
  return re;
}

/** Rewrites the operation names in a hint that are not loaded tools into the catalog call that runs them. */
export function qualifyToolNames(text: string, callable: Callable): string {
  if (!text || callable.effects.size === 0) return text;
  return text.replace(namePattern(callable.effects), (name) => callableName(name, callable));
}

/** Keys of structured results that carry advice rather than data. */
const HINT_KEYS = new Set(["hint", "next", "note", "notes", "_truncated", "message", "output_cut", "tip"]);

/** Qualifies the advice in a structured result (only under hint-like keys: data is never rewritten). */
export function qualifyHints(value: unknown, callable: Callable, underHint = false): unknown {
  if (typeof value === "string") return underHint ? qualifyToolNames(value, callable) : value;
  if (Array.isArray(value)) return value.map((v) => qualifyHints(v, callable, underHint));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = qualifyHints(v, callable, underHint || HINT_KEYS.has(k));
    return out;
  }
  return value;
}

/**
 * Advice for answers whose server code says exactly what is missing, ahead of the generic advice for the status.
 * Names operations; the exit qualifies them.
 */
export function serverCodeHint(serverCode: string | undefined, message: string, args: Record<string, unknown>): string | undefined {
  if (serverCode === "no_zone" || /\bdns zone\b/i.test(message)) {
    const domain = typeof args.domain_id === "number" ? ` {domain_id: ${args.domain_id}}` : "";
    return `The domain has no DNS zone yet: create it with activate_dns_zone${domain}, then call again. Nothing was changed.`;
  }
  return undefined;
}
