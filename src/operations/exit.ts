/**
 * The one exit to the model: every tool result, resource read, resource list, prompt and completion leaves through
 * here. Redact (secret keys, URL credentials, and every secret value found wherever else it appears), scrub (the
 * application password in all its forms, the Authorization header), cap (tool results), shape (tool results).
 * Modules may trim and redact earlier for their own reasons; this is the step nothing skips.
 */
import {
  ErrorCode,
  McpError,
  type CallToolResult,
  type GetPromptResult,
  type ReadResourceResult,
  type Resource,
} from "@modelcontextprotocol/sdk/types.js";
import { redactSecrets, scrubValues } from "../client/redact.js";
import { maskUrlCredentials, scrubStrings } from "../client/secrets.js";
import { errorResult, successResult, type ErrorData, type ResultExtras } from "./result.js";

export type TextScrub = (text: string) => string;

export interface ModelExit {
  /** Any text: credentials and URL userinfo removed. */
  text(text: string): string;
  /**
   * Any value: secret keys redacted (unless `reveal`, or `redacted` says it was done already), then every string
   * scrubbed; `inPlace` when the value belongs to this call alone.
   */
  value(value: unknown, opts?: ValueOptions): unknown;
  toolResult(data: unknown, extras?: ResultExtras & ValueOptions): CallToolResult;
  toolError(message: string, data: ErrorData): CallToolResult;
  resource(result: ReadResourceResult): ReadResourceResult;
  resources(list: Resource[]): Resource[];
  prompt(result: GetPromptResult): GetPromptResult;
  completion(values: readonly string[]): string[];
  /** A thrown error as the model will see it: an McpError with a scrubbed message. */
  error(err: unknown): McpError;
}

export interface ValueOptions {
  reveal?: boolean;
  redacted?: boolean;
  inPlace?: boolean;
  /** Secret values seen on the way (under secret keys of answers a handler read): removed wherever they are. */
  secrets?: readonly string[];
}

const MCP_PREFIX = /^MCP error -?\d+: /;

export function modelExit(scrub: TextScrub): ModelExit {
  const text = (s: string) => maskUrlCredentials(scrub(s));
  const strings = (v: unknown) => scrubStrings(v, text);
  const value: ModelExit["value"] = (v, opts = {}) => {
    if (opts.reveal) return scrubStrings(v, text, opts.inPlace);
    const redacted = opts.redacted ? v : redactSecrets(v, { inPlace: opts.inPlace });
    const clean = opts.secrets?.length ? scrubValues(redacted, opts.secrets, opts.inPlace) : redacted;
    return scrubStrings(clean, text, opts.inPlace);
  };
  const contentText = (mimeType: string | undefined, body: string): string => {
    // JSON by type, or by look (a module that turned an unexpected object into its text).
    if (!mimeType?.includes("json") && !/^\s*[[{]/.test(body)) return text(body);
    try {
      return JSON.stringify(value(JSON.parse(body), { inPlace: true }));
    } catch {
      return text(body);
    }
  };
  return {
    text,
    value,
    toolResult: (data, extras = {}) =>
      successResult(value(data, extras), {
        note: extras.note === undefined ? undefined : text(extras.note),
        links: extras.links && (strings(extras.links) as ResultExtras["links"]),
        // Pixels, not text: nothing in them to redact.
        images: extras.images,
      }),
    toolError: (message, data) => errorResult(text(message), strings(data) as ErrorData),
    resource: (result) => ({
      ...result,
      contents: result.contents.map((c) => ("text" in c ? { ...c, text: contentText(c.mimeType, c.text) } : c)),
    }),
    resources: (list) => strings(list) as Resource[],
    prompt: (result) => strings(result) as GetPromptResult,
    completion: (values) => values.map(text),
    error: (err) => {
      if (err instanceof McpError) return new McpError(err.code, text(err.message.replace(MCP_PREFIX, "")), strings(err.data));
      return new McpError(ErrorCode.InternalError, text(`Internal error in captaincore-mcp (not CaptainCore): ${(err as Error)?.message ?? String(err)}`));
    },
  };
}

/** A completion handler whose values leave through the exit of the server's client. */
export function exitCompletions<R, C extends { client: { scrub: TextScrub } }>(
  complete: ((req: R, ctx: C) => Promise<string[] | undefined>) | undefined,
): ((req: R, ctx: C) => Promise<string[] | undefined>) | undefined {
  return (
    complete &&
    (async (req, ctx) => {
      const values = await complete(req, ctx);
      return values && exitFor(ctx.client).completion(values);
    })
  );
}

const exits = new WeakMap<object, ModelExit>();

/** The exit of one client (its credentials), built once. */
export function exitFor(client: { scrub: TextScrub }): ModelExit {
  let exit = exits.get(client);
  if (!exit) {
    exit = modelExit((s) => client.scrub(s));
    exits.set(client, exit);
  }
  return exit;
}
