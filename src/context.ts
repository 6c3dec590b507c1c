/** The extension points server.ts offers: meta tools, resource modules and prompts. */
import type {
  CallToolResult,
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplate,
  Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { CaptainCoreClient, LogLevel } from "./client/http.js";
import type { Config } from "./config.js";
import type { Callable } from "./operations/hints.js";
import type { Operation, OperationContext, OperationInfo } from "./operations/types.js";
import type { ToolsetState } from "./toolsets/state.js";

/** What every module gets for one server instance (one MCP session). */
export interface ServerContext {
  client: CaptainCoreClient;
  config: Config;
  /** Every operation, loaded as a tool or not (index entries: no module loaded). */
  operations: readonly OperationInfo[];
  /** Operations exposed as tools right now (the enabled toolsets; changes with enable_toolset). */
  readonly toolOperations: readonly OperationInfo[];
  /** The session's toolsets. */
  toolsets: ToolsetState;
  /** What the agent can call right now: hints are qualified against it (operations/hints.ts). */
  callable: () => Callable;
  /** The operation itself (its module loaded on first use), or undefined when there is none by that name. */
  loadOperation: (name: string) => Promise<Operation | undefined>;
  /** Per-server shared state by name (job registry, caches); modules create what they need lazily. */
  services: Record<string, unknown>;
  log: (level: LogLevel, message: string, data?: Record<string, unknown>) => void;
  /** Sends notifications/resources/updated for a subscribed URI. */
  notifyResourceUpdated: (uri: string) => Promise<void>;
  notifyResourceListChanged: () => void;
}

/** Per-call extras handed to meta tools. */
export interface ToolCallExtra {
  signal: AbortSignal;
  progress: OperationContext["progress"];
}

/** A tool that is not one endpoint: the catalog and the toolset tools. */
export interface MetaTool {
  definition: Tool;
  /** Read-only meta tools stay in read-only mode. */
  readOnly: boolean;
  handler: (args: Record<string, unknown>, extra: ToolCallExtra) => Promise<CallToolResult>;
}

export interface CompletionRequest {
  /** The resource template URI or prompt name. */
  ref: string;
  argument: string;
  value: string;
  /** Other arguments already resolved by the client. */
  context?: Record<string, string>;
}

export interface ResourceModule {
  templates?: ResourceTemplate[];
  /** Concrete resources to show in resources/list. */
  list?: (ctx: ServerContext) => Promise<Resource[]>;
  /** Read the URI, or return undefined when it is not this module's. */
  read: (uri: URL, ctx: ServerContext, signal?: AbortSignal) => Promise<ReadResourceResult | undefined>;
  complete?: (req: CompletionRequest, ctx: ServerContext) => Promise<string[] | undefined>;
  /** True when this module handles subscriptions for the URI. */
  subscribe?: (uri: string, ctx: ServerContext) => Promise<boolean>;
  unsubscribe?: (uri: string, ctx: ServerContext) => Promise<void>;
  /** The session ended: stop pollers. */
  close?: (ctx: ServerContext) => Promise<void>;
}

export interface PromptDefinition {
  prompt: Prompt;
  render: (args: Record<string, string>, ctx: ServerContext) => Promise<GetPromptResult> | GetPromptResult;
  complete?: (req: CompletionRequest, ctx: ServerContext) => Promise<string[] | undefined>;
}
