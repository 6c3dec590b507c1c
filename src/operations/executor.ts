/**
 * The generic executor: validate (nothing is sent on bad input), refuse writes in read-only mode, build the request
 * (every path parameter percent-encoded, dot segments refused), send it, redact, render, cap. Errors come back as
 * isError results that say what failed and what to do next.
 */
import { z } from "zod";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ApiRequest, CaptainCoreClient } from "../client/http.js";
import { isSpecial, type Special } from "../client/normalize.js";
import type { Config } from "../config.js";
import { redactSecrets, secretValuesIn } from "../client/redact.js";
import { askUser, needsConfirmation, type Confirmer } from "./elicit.js";
import { exitFor } from "./exit.js";
import { apiErrorResult, type FailureLog } from "./failure.js";
import { errorResult } from "./result.js";
import { parseInput } from "./schemas.js";
import type { Operation, OperationContext, OperationResult } from "./types.js";

const RENDERED = Symbol("rendered");

/** Wraps a bespoke handler's answer with links and a note. */
export function rendered(data: unknown, extras: Omit<OperationResult, "data"> = {}): OperationResult {
  return Object.assign({ data, ...extras }, { [RENDERED]: true });
}

function isRendered(v: unknown): v is OperationResult {
  return typeof v === "object" && v !== null && RENDERED in v;
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** A failure a bespoke handler explains itself (what went wrong and what to do): shown as is, with its code. */
export class HandlerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HandlerError";
  }
}

const schemaCache = new WeakMap<Operation, z.ZodObject>();

/** The operation's full input schema: its fields plus `confirm` (destructive) and `reveal_secrets` (revealable). */
export function inputSchema(op: Operation): z.ZodObject {
  let schema = schemaCache.get(op);
  if (schema) return schema;
  const shape: Record<string, z.core.$ZodType> = { ...op.input };
  if (op.effect === "destructive") {
    shape.confirm = z
      .literal(true, {
        error: () =>
          `this is destructive (${op.confirmText ?? op.summary}); ask the user, then call again with confirm: true`,
      })
      .describe(op.confirmText ?? "This cannot be undone.");
  }
  if (op.revealable) {
    shape.reveal_secrets = z
      .boolean()
      .default(false)
      .describe("Show the secret; only if the user asked");
  }
  schema = z.strictObject(shape);
  schemaCache.set(op, schema);
  return schema;
}

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 8)
    .map((issue) => {
      if (issue.code === "unrecognized_keys") {
        return `- unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: remove ${issue.keys.length > 1 ? "them" : "it"}`;
      }
      const path = issue.path.length ? issue.path.join(".") : "(arguments)";
      return `- ${path}: ${issue.message}`;
    })
    .join("\n");
}

export function validate(op: Operation, args: unknown): Record<string, unknown> {
  const parsed = parseInput(inputSchema(op), args ?? {});
  if (!parsed.success) {
    throw new InputError(
      `Invalid arguments for ${op.name}:\n${formatIssues(parsed.error)}\nNothing was sent to CaptainCore; fix the fields above and call again.`,
    );
  }
  return parsed.data as Record<string, unknown>;
}

export function encodePathValue(name: string, value: unknown): string {
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

export function buildRequest(op: Operation, args: Record<string, unknown>): ApiRequest {
  const path = buildPath(op.path, args);
  const inPath = new Set(pathParams(op.path));
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    if (!inPath.has(k) && !CONTROL_KEYS.has(k) && v !== undefined) rest[k] = v;
  }
  const req: ApiRequest = { method: op.method, path, retry: op.method === "GET" && op.effect === "read" };
  const queryKeys = new Set<string>(op.query ?? []);
  const bodyKeys = new Set<string>(op.bodyKeys ?? []);
  const query: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) {
    const toQuery = queryKeys.has(k) || (op.method === "GET" && !bodyKeys.has(k));
    (toQuery ? query : body)[k] = v;
  }
  if (Object.keys(query).length) req.query = query;
  if (op.body) req.body = op.body(body as never);
  else if (op.method !== "GET" && (Object.keys(body).length || op.method !== "DELETE")) req.body = body;
  return req;
}

/** Plain summary of a non-JSON answer; bytes never reach the model. */
export function describeSpecial(value: Special): Record<string, unknown> {
  switch (value.kind) {
    case "binary":
      return {
        content_type: value.contentType,
        filename: value.filename,
        bytes: value.bytes,
        note: "Binary content is not shown to the model.",
      };
    case "text":
      return { content_type: value.contentType, filename: value.filename, text: value.text };
    case "redirect":
      return { location: value.location };
  }
}

export interface ExecuteEnv {
  client: CaptainCoreClient;
  config: Config;
  services: Record<string, unknown>;
  signal?: AbortSignal;
  progress?: OperationContext["progress"];
  /** Asks the user before a call that needs confirmation (elicitation); without it, `confirm: true` is required. */
  confirm?: Confirmer;
  /** Where failures that are bugs of this server are logged (with their stack). */
  log?: FailureLog;
}

export { apiErrorResult, hintFor, internalErrorResult, INTERNAL_HINT } from "./failure.js";

export async function execute(op: Operation, rawArgs: unknown, env: ExecuteEnv): Promise<CallToolResult> {
  const exit = exitFor(env.client);
  if (env.config.readOnly && op.effect !== "read") {
    return errorResult(
      `${op.name} changes data and this server runs in read-only mode (CAPTAINCORE_READ_ONLY=true); nothing was sent. ` +
        "Ask the user to turn read-only mode off if the change is intended.",
      { code: "read_only" },
    );
  }
  let args: Record<string, unknown>;
  // With a Confirmer the user is asked instead, so the model's confirm field is not required.
  const asking = env.confirm !== undefined && needsConfirmation(op);
  try {
    args = validate(op, asking ? { confirm: true, ...(rawArgs as object) } : rawArgs);
    if (!op.run) buildPath(op.path, args);
  } catch (err) {
    return exit.toolError((err as Error).message, { code: "invalid_input" });
  }
  const refused = await askUser(op, args, env.confirm, env.signal);
  if (refused) return refused;
  // The user said yes: an operation's own confirm field (run_site_command) is satisfied by that.
  if (env.confirm && op.confirmWhen?.(args as never)) args = { ...args, confirm: true };
  const reveal = op.revealable === true && args.reveal_secrets === true;
  // Handlers get answers as they are (they may write them back), but every secret value seen is scrubbed from what
  // they return, wherever it moved to (a list of values, a joined line).
  const seenSecrets = new Set<string>();
  const send = async (req: Omit<ApiRequest, "retry" | "signal">) => {
    const answer = await env.client.request({ ...req, retry: req.method === "GET" && op.effect === "read", signal: env.signal });
    if (!reveal && !isSpecial(answer)) secretValuesIn(answer, seenSecrets);
    return answer;
  };
  const ctx: OperationContext = {
    client: env.client,
    config: env.config,
    signal: env.signal,
    progress: env.progress ?? (async () => {}),
    send,
    services: env.services,
  };
  try {
    let data: unknown;
    let extras: Omit<OperationResult, "data"> = {};
    if (op.run) {
      const out = await op.run(args as never, ctx);
      if (isRendered(out)) {
        data = out.data;
        extras = { links: out.links, note: out.note, images: out.images };
      } else data = out;
    } else {
      data = await env.client.request({ ...buildRequest(op, args), signal: env.signal });
    }
    if (isSpecial(data)) data = describeSpecial(data);
    // Renderers get the redacted answer; an answer parsed for this call alone is redacted in place.
    if (!reveal) data = redactSecrets(data, { inPlace: !op.run });
    const render = op.render && !op.run ? op.render : undefined;
    if (render) data = render(data, args as never);
    return exit.toolResult(data, { note: extras.note, links: extras.links, images: extras.images, reveal, redacted: !render, inPlace: !op.run, secrets: [...seenSecrets] });
  } catch (err) {
    if (err instanceof InputError) return exit.toolError(err.message, { code: "invalid_input" });
    if (err instanceof HandlerError) return exit.toolError(err.message, { code: err.code });
    return apiErrorResult(op, args, err, env.client, env.log);
  }
}

