/** Shaping of what leaves the server: compact JSON, paging, and a hard size cap with a note on how to narrow. */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** ~20k tokens at ~4 characters a token. */
export const MAX_RESULT_CHARS = 80_000;
const MAX_STRING_CHARS = 20_000;

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
  next_offset?: number;
}

export function paginate<T>(all: readonly T[], offset = 0, limit = 25): Page<T> {
  const items = all.slice(offset, offset + limit);
  const page: Page<T> = { items, total: all.length, offset, limit };
  if (offset + items.length < all.length) page.next_offset = offset + items.length;
  return page;
}

/** One page of rows under `key`, with total, offset, limit and next_offset. */
export function pageOf(key: string, rows: readonly unknown[], args: { offset?: number; limit?: number }): Record<string, unknown> {
  const { items, ...paging } = paginate(rows, args.offset, args.limit);
  return { [key]: items, ...paging };
}

export function pick<T extends Record<string, unknown>>(obj: T, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** Drops empty values ("" , null, [], {}) so that sparse rows cost no tokens. */
export function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmpty);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = dropEmpty(v);
      if (c === "" || c === null || c === undefined) continue;
      if (Array.isArray(c) && c.length === 0) continue;
      if (c && typeof c === "object" && !Array.isArray(c) && Object.keys(c).length === 0) continue;
      out[k] = c;
    }
    return out;
  }
  return value;
}

/** Cuts long strings and the largest arrays until the JSON fits; records what was cut. */
export function capSize(value: unknown, maxChars = MAX_RESULT_CHARS): { value: unknown; cut: string[] } {
  const cut: string[] = [];
  const cutStrings = (v: unknown, path: string): unknown => {
    if (typeof v === "string" && v.length > MAX_STRING_CHARS) {
      cut.push(`${path || "text"}: kept the last ${MAX_STRING_CHARS} of ${v.length} characters`);
      return `…[${v.length - MAX_STRING_CHARS} characters cut]…\n${v.slice(-MAX_STRING_CHARS)}`;
    }
    if (Array.isArray(v)) return v.map((x, i) => cutStrings(x, `${path}[${i}]`));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, c] of Object.entries(v)) out[k] = cutStrings(c, path ? `${path}.${k}` : k);
      return out;
    }
    return v;
  };
  let current = cutStrings(value, "");
  for (let round = 0; round < 40; round++) {
    const size = JSON.stringify(current)?.length ?? 0;
    if (size <= maxChars) break;
    const largest = findLargestArray(current, "");
    if (!largest || largest.array.length <= 1) {
      const text = JSON.stringify(current);
      cut.push(`the whole answer: kept ${maxChars} of ${size} characters`);
      current = { truncated_json: text.slice(0, maxChars) };
      break;
    }
    const keep = Math.max(1, Math.floor(largest.array.length / 2));
    cut.push(`${largest.path || "items"}: kept ${keep} of ${largest.array.length} entries`);
    largest.array.splice(keep);
  }
  return { value: current, cut: mergeCuts(cut) };
}

function mergeCuts(cut: string[]): string[] {
  // Several halvings of one array read better as one line: keep the last per path.
  const byPath = new Map<string, string>();
  for (const line of cut) byPath.set(line.split(":")[0]!, line);
  const lines = [...byPath.values()];
  return lines.length > 5 ? [...lines.slice(0, 5), `…and ${lines.length - 5} more`] : lines;
}

function findLargestArray(v: unknown, path: string): { array: unknown[]; path: string; size: number } | undefined {
  let best: { array: unknown[]; path: string; size: number } | undefined;
  const visit = (x: unknown, p: string) => {
    if (Array.isArray(x)) {
      const size = JSON.stringify(x).length;
      if (x.length > 1 && (!best || size > best.size)) best = { array: x, path: p, size };
      x.forEach((c, i) => visit(c, `${p}[${i}]`));
    } else if (x && typeof x === "object") {
      for (const [k, c] of Object.entries(x)) visit(c, p ? `${p}.${k}` : k);
    }
  };
  visit(v, path);
  return best;
}

/** structuredContent must be an object: lists and scalars are wrapped, and the text shows the same object. */
export function asObject(value: unknown): Record<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  if (Array.isArray(value)) return { items: value, total: value.length };
  return { result: value ?? null };
}

export interface ResultExtras {
  note?: string;
  links?: { uri: string; name: string; description?: string; mimeType?: string }[];
  images?: { data: string; mimeType: string }[];
}

/**
 * The one channel for notes to the model: the `note` of the structured result. A handler's note (rendered(…,
 * { note })) goes there too, first, joined with the answer's own, so every client sees it whichever part it reads.
 */
function withNote(structured: Record<string, unknown>, note: string | undefined): Record<string, unknown> {
  if (!note) return structured;
  const { note: own, ...rest } = structured;
  return { note: typeof own === "string" && own ? `${note} ${own}` : note, ...rest };
}

export function successResult(value: unknown, extras: ResultExtras = {}): CallToolResult {
  const { value: capped, cut } = capSize(value);
  const structured = withNote(asObject(capped), extras.note);
  if (cut.length) {
    structured._truncated = `${cut.join("; ")}. Narrow the request (limit/offset, a filter, or a more specific tool) to see the rest.`;
  }
  const content: CallToolResult["content"] = [{ type: "text", text: JSON.stringify(structured) }];
  for (const image of extras.images ?? []) content.push({ type: "image", ...image });
  for (const link of extras.links ?? []) content.push({ type: "resource_link", ...link });
  return { content, structuredContent: structured };
}

/** What an error result carries besides its text: always a stable code the caller can branch on. */
export interface ErrorData {
  code: string;
  [key: string]: unknown;
}

/** Without data the error is the caller's: bad arguments (catalog validation, unknown operation names). */
export function errorResult(message: string, data: ErrorData = { code: "invalid_input" }): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true, structuredContent: { error: data } };
}
