/** The operation: one documented endpoint described once, as data. Tools, catalog, docs and manifest derive from it. */
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { CaptainCoreClient, HttpMethod } from "../client/http.js";
import type { Config } from "../config.js";

export type Effect = "read" | "write" | "destructive";

export const TOOLSETS = {
  sites: "Sites: list, inspect, create, update and remove sites",
  environments: "Environments: connection details, push between environments, domains per environment",
  jobs: "Running code: WP-CLI scripts, site commands, bulk tools, and the jobs they start",
  quicksaves: "Quicksaves: what changed between versions of plugins/themes, file diffs, rollbacks",
  updates: "Update logs, activity logs, process logs, processes, running tasks",
  filters: "Filters: find sites by plugin/theme name, version and status",
  scripts: "Scheduled scripts and recipes (saved WP-CLI scripts)",
  backups: "Backups, snapshots and visual captures",
  stats: "Traffic stats, usage, timeline, logs and monitoring",
  site_requests: "Requests for new sites",
  directory: "WordPress.org plugin/theme directory, web-risk logs, checksum failures, archive",
  domains: "Domains and registrar actions: lock, privacy, auth code, contacts, nameservers",
  dns: "DNS zones and records",
  email: "Email forwarding and Mailgun",
  accounts: "Accounts, users, invites and access levels",
  profile: "Your profile, pins, application passwords, two-factor, email subscriptions",
  billing: "Billing, payment methods, ACH, invoices, subscriptions",
  providers: "Hosting providers and provider actions",
  reports: "Reports and scheduled reports",
  config: "Global configurations, defaults and SSH keys",
} as const;

export type ToolsetName = keyof typeof TOOLSETS;

/** What a bespoke handler gets: everything the generic executor uses. */
export interface OperationContext {
  client: CaptainCoreClient;
  config: Config;
  signal?: AbortSignal;
  /** Report progress when the MCP client asked for it (no-op otherwise). */
  progress: (progress: number, total?: number, message?: string) => Promise<void>;
  /** Sends a request for this operation with the same encoding, retry policy and normalisation as the executor. */
  send: (req: { method: HttpMethod; path: string; query?: Record<string, unknown>; body?: unknown }) => Promise<unknown>;
  /** Server-side shared services (job registry, caches) by name; filled by server.ts. */
  services: Record<string, unknown>;
}

/** A result a bespoke handler returns. `data` becomes structuredContent and text; `links` become resource_link items. */
export interface OperationResult {
  data: unknown;
  links?: { uri: string; name: string; description?: string; mimeType?: string }[];
  /** Extra text shown before the JSON (e.g. "Job still running; re-read …"). */
  note?: string;
  /** Images (base64) shown after the JSON as MCP image content. */
  images?: { data: string; mimeType: string }[];
}

/** One command of an operation that runs several (a value of its `argument`), as the catalog describes it. */
export interface CommandInfo {
  name: string;
  summary: string;
  words?: string;
  /** It overwrites or deletes (the operation asks for confirm: true). */
  destructive?: boolean;
}

export interface OperationCommands {
  /** The input field that picks the command. */
  argument: string;
  list: readonly CommandInfo[];
}

export interface Operation<S extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  toolset: ToolsetName;
  method: HttpMethod;
  /** Documented path template, e.g. /sites/{site_id}. Every {param} must be a key of `input`. */
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
  /** Input keys sent as query string even though the method is not GET. */
  query?: readonly (keyof S & string)[];
  /** Input keys sent as JSON body even on GET (rare). */
  bodyKeys?: readonly (keyof S & string)[];
  /** Reshape the remaining (non-path) arguments into the body the server wants. */
  body?: (args: z.infer<z.ZodObject<S>>) => unknown;
  /** Trim the answer to what an agent needs. Receives the already-redacted answer. */
  render?: (data: unknown, args: z.infer<z.ZodObject<S>>) => unknown;
  /** Replace the single HTTP call with a workflow (resolution of names, jobs…). */
  run?: (args: z.infer<z.ZodObject<S>>, ctx: OperationContext) => Promise<OperationResult | unknown>;
  /** The operation exists to hand a secret to the user: adds `reveal_secrets` to the input. */
  revealable?: boolean;
  /** Text for the confirm field of destructive operations: what will happen. */
  confirmText?: string;
  /**
   * For a write whose harm depends on its input: true when this call needs the user's yes (asked through
   * elicitation when the client can; otherwise the operation's own `confirm` field is the fallback).
   */
  confirmWhen?: (args: z.infer<z.ZodObject<S>>) => boolean;
}

/**
 * What tools/list, the catalog and selection need of an operation, without loading its module (and building its zod
 * schemas): computed from the operations, or read from dist/operations-index.json, written by the build.
 */
export interface OperationInfo {
  name: string;
  toolset: ToolsetName;
  method: HttpMethod;
  path: string;
  summary: string;
  title?: string;
  words?: string;
  commands?: OperationCommands;
  description?: string;
  effect: Effect;
  core?: boolean;
  idempotent?: boolean;
  mayDestroy?: boolean;
  /** The input as JSON Schema (toInputJsonSchema of the executor's input schema). */
  inputSchema: Tool["inputSchema"];
}

export function defineOperation<S extends z.ZodRawShape>(op: Operation<S>): Operation {
  return op as unknown as Operation;
}
