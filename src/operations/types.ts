/** The operation: one documented endpoint described once, as data. Tools, catalog, docs and manifest derive from it. */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { CaptainCoreClient, HttpMethod } from "../client/http.js";
import type { Config } from "../config.js";
import type { ToolsetName } from "../tools/toolsets.js";

export type Effect = "read" | "write" | "destructive";

export { TOOLSETS, type ToolsetName } from "../tools/toolsets.js";

/** What a bespoke handler gets: everything the generic executor uses. */
export interface OperationContext {
  client: CaptainCoreClient;
  config: Config;
  signal?: AbortSignal;
  /** Report progress when the MCP client asked for it (no-op otherwise). */
  progress: (progress: number, total?: number, message?: string) => Promise<void>;
  /**
   * Sends a request for this operation: `call()` is the request the executor would send for these arguments;
   * `call({ query, body })` the operation's method and path with that query and body. Every {param} of the path is
   * filled from `params` (default: the arguments) and percent-encoded; dot segments are refused. Reads retry.
   */
  call: <T = Answer>(req?: CallRequest) => Promise<T>;
  /** Server-side shared services (job registry, caches) by name; filled by server.ts. */
  services: Record<string, unknown>;
}

/** A handler's own request; see OperationContext.call. */
export interface CallRequest {
  /** Default: the operation's method. */
  method?: HttpMethod;
  /** A path template such as /sites/{site_id}/details. Default: the operation's path. Never build a path by hand. */
  path?: string;
  /** Values for the path's {params}. Default: the call's arguments (renamed). */
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** What CaptainCore answers, as handlers see it: parsed JSON. */
export type Answer = Record<string, unknown> | unknown[] | string | number | boolean | null | undefined;

/** What a handler returns: the data for the model, or rendered(data, { links, note }). */
export type RunResult = Answer | OperationResult;

/** A result a bespoke handler returns. `data` becomes structuredContent and text; `links` become resource_link items. */
export interface OperationResult {
  data: unknown;
  links?: { uri: string; name: string; description?: string; mimeType?: string }[];
  /** A note to the model (e.g. "Job still running; re-read …"): the `note` that leads the structured result. */
  note?: string;
  /** Images (base64) shown after the JSON as MCP image content. */
  images?: { data: string; mimeType: string }[];
}

/** One command of an operation that runs several (a value of its `argument`), as the catalog describes it. */
export interface CommandInfo {
  name: string;
  summary: string;
  words?: string;
  /** Requests people make for it, in their words (see OperationBase.asks). */
  asks?: readonly string[];
  /** It overwrites or deletes (the operation asks for confirm: true). */
  destructive?: boolean;
}

export interface OperationCommands {
  /** The input field that picks the command. */
  argument: string;
  list: readonly CommandInfo[];
}

type Args<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

/** What every operation says about itself. */
interface OperationBase<S extends z.ZodRawShape> {
  name: string;
  toolset: ToolsetName;
  method: HttpMethod;
  /** Documented path template, e.g. /sites/{site_id}. Every {param} must be a key of `input` (or a `rename` target). */
  path: string;
  /** One line: what it does. Used by the catalog and the README. */
  summary: string;
  /** Tool title for people (client UIs); default: the name in words ("List sites"). */
  title?: string;
  /**
   * What the people who run an agency call this task, in their words rather than the API's ("tamper, hacked" for a
   * checksum check): search_operations matches them. Never sent in tools/list.
   */
  words?: string;
  /**
   * Requests people make for this task, as they would type them to an assistant: goals and symptoms, not endpoints.
   * Not written here: they live in src/asks (keyed by name) and tools/index.ts attaches them; search_operations
   * learns from them. Never sent in tools/list. An operation with `commands` has none: each command carries its own.
   */
  asks?: readonly string[];
  /** Commands picked by one argument (run_site_command's command…): each is a search entry of its own. */
  commands?: OperationCommands;
  /** Rest of the tool description: what it returns, when to use it, what to call next. Keep it short. */
  description?: string;
  input: S;
  effect: Effect;
  /** In the default tool list (the daily work of an agency). */
  core?: boolean;
  /** Defaults: read → true, write → false, destructive → false. */
  idempotent?: boolean;
  /**
   * A write whose harm depends on its input (arbitrary code, commands that can delete): annotated destructiveHint so
   * that clients ask before running it, without a blanket confirm on every call.
   */
  mayDestroy?: boolean;
  /** Path values that are not input: constants of the operation, e.g. { provider: "envato" }. */
  fixed?: Readonly<Record<string, string>>;
  /** Input keys CaptainCore knows by another name (path, query or body), e.g. { search: "value" }. */
  rename?: { readonly [K in keyof S]?: string };
  /** The operation exists to hand a secret to the user: adds `reveal_secrets` to the input. */
  revealable?: boolean;
  /** Text for the confirm field of destructive operations: what will happen. */
  confirmText?: string;
  /**
   * For a write whose harm depends on its input: true when this call needs the user's yes (asked through
   * elicitation when the client can; otherwise the operation's own `confirm` field is the fallback).
   */
  confirmWhen?: (args: z.infer<z.ZodObject<S>>) => boolean;
  /**
   * With confirmWhen, when the fallback applies: what the call would destroy, said (by the executor, nothing sent)
   * when it arrives without confirm: true and the user could not be asked. Without it (run_code) only elicitation asks.
   */
  confirmWhy?: (args: z.infer<z.ZodObject<S>>) => string;
}

/** One HTTP call built from the input, its answer trimmed by `render`. */
interface DeclaredOperation<S extends z.ZodRawShape> extends OperationBase<S> {
  /** Input keys sent as query string even though the method is not GET. */
  query?: readonly (keyof S & string)[];
  /** Input keys sent as JSON body even on GET (rare). */
  bodyKeys?: readonly (keyof S & string)[];
  /** Reshape the remaining (non-path) arguments into the body the server wants. */
  body?: (args: Args<S>) => unknown;
  /** Trim the answer to what an agent needs. Receives the already-redacted answer. */
  render?: (data: unknown, args: Args<S>) => unknown;
  run?: never;
}

/** A workflow (resolution of names, several calls, jobs) in place of the single HTTP call; it shapes its own answer. */
interface HandledOperation<S extends z.ZodRawShape> extends OperationBase<S> {
  run: (args: Args<S>, ctx: OperationContext) => Promise<RunResult>;
  query?: never;
  bodyKeys?: never;
  body?: never;
  render?: never;
}

export type Operation<S extends z.ZodRawShape = z.ZodRawShape> = DeclaredOperation<S> | HandledOperation<S>;

/**
 * What tools/list, the catalog and selection need of an operation, without loading its module (and building its zod
 * schemas): computed from the operations, or read from dist/operations-index.json, written by the build.
 */
export type OperationInfo = Pick<
  Operation,
  | "name"
  | "toolset"
  | "method"
  | "path"
  | "summary"
  | "title"
  | "words"
  | "asks"
  | "commands"
  | "description"
  | "effect"
  | "core"
  | "idempotent"
  | "mayDestroy"
> & {
  /** The input as JSON Schema (toInputJsonSchema of the executor's input schema). */
  inputSchema: Tool["inputSchema"];
};

export function defineOperation<S extends z.ZodRawShape>(op: Operation<S>): Operation {
  return op as unknown as Operation;
}
