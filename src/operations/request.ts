/**
 * The HTTP request of an operation: its path with every parameter percent-encoded (dot segments refused), its query
 * and body from the arguments, and `call`, the same for a handler's own requests.
 */
import type { ApiRequest, HttpMethod } from "../client/http.js";
import { InputError } from "./input.js";
import type { CallRequest, Operation } from "./types.js";

export function encodePathValue(name: string, value: unknown): string {
  if (Array.isArray(value)) {
    // A list travels as a comma list (the API splits on literal commas), each item encoded on its own.
    if (!value.length) throw new InputError(`${name} needs at least one value.`);
    return value.map((item) => encodePathValue(name, item)).join(",");
  }
  const raw = String(value);
  if (raw === "" || raw === "." || raw === "..") {
    throw new InputError(`${name} cannot be "${raw}": it would change which endpoint is called. Nothing was sent.`);
  }
  return encodeURIComponent(raw);
}

const PARAM = /\{([a-z_]+)\}/g;

export function pathParams(template: string): string[] {
  return [...template.matchAll(PARAM)].map((m) => m[1]!);
}

export function buildPath(template: string, args: Record<string, unknown>): string {
  return template.replace(PARAM, (_, name: string) => {
    if (args[name] === undefined || args[name] === null) throw new InputError(`${name} is required.`);
    return encodePathValue(name, args[name]);
  });
}

const CONTROL_KEYS = new Set(["confirm", "reveal_secrets"]);

/** The arguments under the names CaptainCore uses (`rename`) with the operation's `fixed` values, without the control fields. */
export function apiArgs(op: Operation, args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...op.fixed };
  const rename = (op.rename ?? {}) as Record<string, string | undefined>;
  for (const [k, v] of Object.entries(args)) {
    if (!CONTROL_KEYS.has(k) && v !== undefined) out[rename[k] ?? k] = v;
  }
  return out;
}

/** Reads retry (429, 5xx, network); anything that may change data is sent once. */
export const retries = (op: Pick<Operation, "effect">, method: HttpMethod) => method === "GET" && op.effect === "read";

export function buildRequest(op: Operation, args: Record<string, unknown>): ApiRequest {
  const named = apiArgs(op, args);
  const rename = (op.rename ?? {}) as Record<string, string | undefined>;
  const path = buildPath(op.path, named);
  const inPath = new Set(pathParams(op.path));
  const req: ApiRequest = { method: op.method, path, retry: retries(op, op.method) };
  const queryKeys = new Set<string>((op.query ?? []).map((k) => rename[k] ?? k));
  const bodyKeys = new Set<string>((op.bodyKeys ?? []).map((k) => rename[k] ?? k));
  const query: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(named)) {
    if (inPath.has(k)) continue;
    const toQuery = queryKeys.has(k) || (op.method === "GET" && !bodyKeys.has(k));
    (toQuery ? query : body)[k] = v;
  }
  if (Object.keys(query).length) req.query = query;
  if (op.body) req.body = op.body(body as never);
  else if (op.method !== "GET" && (Object.keys(body).length || op.method !== "DELETE")) req.body = body;
  return req;
}

/**
 * A handler's request: without arguments, the request the executor would send for these arguments; otherwise the
 * operation's method and path unless given, with every {param} of the path filled from `params` (default: the
 * arguments, renamed) and percent-encoded.
 */
export function callRequest(op: Operation, args: Record<string, unknown>, req?: CallRequest): ApiRequest {
  if (!req) return buildRequest(op, args);
  const method = req.method ?? op.method;
  const out: ApiRequest = { method, path: buildPath(req.path ?? op.path, req.params ?? apiArgs(op, args)), retry: retries(op, method) };
  if (req.query) out.query = req.query;
  if (req.body !== undefined) out.body = req.body;
  return out;
}
