/**
 * createServer(config, client): one MCP server instance (one session), on the SDK's low-level Server so that nothing
 * is converted or validated twice per call. One register function per feature: tools (operations of the enabled
 * toolsets, the catalog and the toolset tools), resources, prompts, completions and logging. Every result leaves
 * through operations/finish.ts (one shape per fact, hints that name callable tools).
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type CallToolResult,
  type LoggingLevel,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { clientFor, type CaptainCoreClient, type ClientOptions, type LogLevel } from "./client/http.js";
import type { Config } from "./config.js";
import type { MetaTool, ServerContext, ToolCallExtra } from "./context.js";
import { readFileSync } from "node:fs";
import { execute, internalErrorResult, type ExecuteEnv } from "./operations/executor.js";
import { confirmationValidator, elicitingConfirmer } from "./operations/elicit.js";
import { exitFor, type ModelExit } from "./operations/exit.js";
import { finishPrompt, finishResource, finishToolResult } from "./operations/finish.js";
import { CALL_READ, CALL_WRITE, catalogToolFor, qualifyToolNames } from "./operations/hints.js";
import { escapeControl } from "./logline.js";
import { checkOperations, indexOperations, titleOf, toolDefinition } from "./operations/registry.js";
import type { Effect, Operation, OperationInfo } from "./operations/types.js";
import { ToolsetState } from "./toolsets/state.js";
import { toolsetTools } from "./toolsets/tools.js";
import { SERVED_PROMPTS as PROMPTS } from "./prompts/index.js";
import { RESOURCE_MODULES } from "./resources/index.js";
import { catalogTools } from "./tools/catalog.js";
import { loadOperation } from "./tools/lazy.js";
import { INSTRUCTIONS } from "./instructions.js";
import { assertTaskTool, startToolTask, taskStoreFor, TASKS_CAPABILITY, withTaskSupport } from "./tasks/index.js";
import type { JobTaskStore } from "./tasks/store.js";
import { VERSION } from "./version.js";

export const SERVER_NAME = "captaincore-mcp";
export const SERVER_VERSION = VERSION;

const LEVELS: LoggingLevel[] = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

export interface CreateServerOptions {
  /** Operations to serve (tests may pass a subset); default: all. */
  operations?: readonly Operation[];
  /** Mirror log messages to stderr (stdio transport). */
  stderrLogLevel?: LoggingLevel;
  /** For the client this server creates (per-user HTTP mode: one shared pool, a client per caller). */
  client?: Pick<ClientOptions, "pool" | "onUnauthorized">;
  /** Stateless HTTP: every request is a new server, so toolsets cannot change during a conversation. */
  stateless?: boolean;
  /** Services shared with other servers of the same transport (the HTTP transport's job registry and pollers). */
  services?: Record<string, unknown>;
}

export interface CaptainCoreServer {
  server: Server;
  context: ServerContext;
  /** Stops pollers; closes the client if this server created it. */
  close: () => Promise<void>;
}

let operationsChecked = false;

/**
 * The operation index the build writes beside the built server (scripts/operations-index.mjs), when it is there
 * and of this version: the server then starts without loading any toolset module. Otherwise (tests run from src)
 * every operation is loaded and indexed here, with the same result (test/operations-index.test.ts).
 */
function readBuiltIndex(): OperationInfo[] | undefined {
  try {
    const index = JSON.parse(readFileSync(new URL("./operations-index.json", import.meta.url), "utf8")) as {
      version?: string;
      operations?: OperationInfo[];
    };
    return index.version === VERSION && Array.isArray(index.operations) ? index.operations : undefined;
  } catch {
    return undefined;
  }
}

const BUILT_INDEX = readBuiltIndex();
const ALL_OPERATIONS = BUILT_INDEX ? undefined : (await import("./tools/index.js")).ALL_OPERATIONS;

interface OperationSource {
  operations: readonly OperationInfo[];
  load: (name: string) => Promise<Operation | undefined>;
}

/** The operations to serve: the given ones (tests, runs from src) or the build's index, loading modules on demand. */
function operationSource(given: readonly Operation[] | undefined): OperationSource {
  if (given) {
    if (!operationsChecked) {
      checkOperations(given);
      operationsChecked = true;
    }
    const byName = new Map(given.map((op) => [op.name, op]));
    return { operations: indexOperations(given), load: async (name) => byName.get(name) };
  }
  // The build checked the operations before writing the index.
  const infoByName = new Map(BUILT_INDEX!.map((op) => [op.name, op]));
  return {
    operations: BUILT_INDEX!,
    load: async (name) => {
      const info = infoByName.get(name);
      return info && loadOperation(info);
    },
  };
}

const effectsCache = new WeakMap<readonly OperationInfo[], Map<string, Effect>>();

function effectsOf(operations: readonly OperationInfo[]): Map<string, Effect> {
  let effects = effectsCache.get(operations);
  if (!effects) {
    effects = new Map(operations.map((op) => [op.name, op.effect]));
    effectsCache.set(operations, effects);
  }
  return effects;
}

export function createServer(config: Config, client?: CaptainCoreClient, opts: CreateServerOptions = {}): CaptainCoreServer {
  const { operations, load } = operationSource(opts.operations ?? ALL_OPERATIONS);
  const toolsets = new ToolsetState(operations, config, !opts.stateless);
  const taskStore = taskStoreFor(config);
  const server = new Server(
    { name: SERVER_NAME, version: SERVER_VERSION, title: "CaptainCore" },
    {
      capabilities: {
        tools: { listChanged: toolsets.dynamic },
        resources: { subscribe: true, listChanged: true },
        prompts: {},
        completions: {},
        logging: {},
        tasks: TASKS_CAPABILITY,
      },
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: confirmationValidator,
      taskStore,
    },
  );
  const log = registerLogging(server, opts.stderrLogLevel, () => exitFor(ownClient));
  const ownsClient = !client;
  const ownClient =
    client ??
    clientFor(config, (level, message, data) => log(level, message, data), opts.client);
  const context: ServerContext = {
    client: ownClient,
    config,
    operations,
    get toolOperations() {
      return toolsets.operations();
    },
    toolsets,
    callable: () => (callable ??= { loaded: loadedNames(), effects: effectsOf(operations), readOnly: config.readOnly }),
    loadOperation: load,
    services: { ...opts.services },
    log,
    notifyResourceUpdated: async (uri) => {
      await server.sendResourceUpdated({ uri }).catch(() => {});
    },
    notifyResourceListChanged: () => {
      server.sendResourceListChanged().catch(() => {});
    },
  };
  const env = (): ExecuteEnv => ({
    client: ownClient,
    config,
    services: context.services,
    confirm: elicitingConfirmer(server, ownClient),
    log,
  });
  const metaTools = [...catalogTools(context, env), ...toolsetTools(toolsets, config.readOnly)].filter(
    (t) => !config.readOnly || t.readOnly,
  );
  const loadedNames = () => new Set([...metaTools.map((t) => t.definition.name), ...toolsets.operations().map((op) => op.name)]);
  // What is callable changes only when a toolset is enabled or disabled: computed once per change, not per call.
  let callable: ReturnType<ServerContext["callable"]> | undefined;
  toolsets.onChange(() => {
    callable = undefined;
  });
  registerTools(server, context, metaTools, env, taskStore);
  registerResources(server, context);
  registerPrompts(server, context);
  registerCompletions(server, context);

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    taskStore.release(context, ownsClient);
    await Promise.all(RESOURCE_MODULES.map((m) => m.close?.(context)));
    if (ownsClient) await ownClient.close();
  };
  server.onclose = () => {
    void close();
  };
  return { server, context, close };
}

/** logging/setLevel, and the log function every module uses (client notifications and, for stdio, stderr). */
function registerLogging(server: Server, stderrLevel: LoggingLevel | undefined, exit: () => ModelExit) {
  let clientLevel: LoggingLevel = "info";
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    clientLevel = request.params.level;
    return {};
  });
  return (level: LogLevel, message: string, data?: Record<string, unknown>) => {
    // Most calls log at debug, which nobody listens to by default: decide before scrubbing the text.
    const toStderr = stderrLevel !== undefined && LEVELS.indexOf(level) >= LEVELS.indexOf(stderrLevel);
    const toClient = LEVELS.indexOf(level) >= LEVELS.indexOf(clientLevel);
    if (!toStderr && !toClient) return;
    const text = exit().text(message);
    const clean = data && (exit().value(data) as Record<string, unknown>);
    if (toStderr) process.stderr.write(`[captaincore-mcp] ${level}: ${escapeControl(text)}${clean?.stack ? ` ${escapeControl(String(clean.stack))}` : ""}\n`);
    if (!toClient) return;
    server.sendLoggingMessage({ level, logger: "captaincore", data: clean ? { message: text, ...clean } : text }).catch(() => {});
  };
}

/** Why a tool name is not callable here, and what to call instead. */
function unknownToolHint(name: string, context: ServerContext): string {
  if (name === "call_operation") return `call_operation was split: use ${CALL_READ} for reads and ${CALL_WRITE} for changes.`;
  const hidden = context.operations.find((o) => o.name === name);
  if (!hidden) return "Use search_operations to find the right operation.";
  const via = catalogToolFor(hidden.effect, context.config.readOnly);
  if (!via) return `${name} changes data and this server is read-only.`;
  const enable = context.toolsets.dynamic ? `enable_toolset {toolset: "${hidden.toolset}"} loads it as a tool, or ` : "";
  return `${name} is not loaded as a tool here: ${enable}run it with ${via} {name: "${name}", arguments}.`;
}

/** tools/list (the enabled toolsets, recomputed when they change) and tools/call for meta tools and operations. */
function registerTools(
  server: Server,
  context: ServerContext,
  metaTools: MetaTool[],
  env: () => ExecuteEnv,
  taskStore: JobTaskStore,
): void {
  const metaByName = new Map(metaTools.map((t) => [t.definition.name, t]));
  let tools: Tool[] | undefined;
  context.toolsets.onChange(() => {
    tools = undefined;
    server.sendToolListChanged().catch(() => {});
  });
  const listTools = (): Tool[] => {
    const callable = context.callable();
    const qualify = (t: Tool): Tool => ({ ...t, description: qualifyToolNames(t.description ?? "", callable) });
    // Catalog and toolset tools first (they are how the model reaches everything else), then operations.
    tools ??= withTaskSupport([...metaTools.map((t) => t.definition), ...context.toolOperations.map(toolDefinition)].map(qualify));
    return tools;
  };
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listTools() }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    const args = request.params.arguments ?? {};
    const progressToken = request.params._meta?.progressToken;
    const progress: ToolCallExtra["progress"] = async (value, total, message) => {
      if (progressToken === undefined) return;
      await extra
        .sendNotification({ method: "notifications/progress", params: { progressToken, progress: value, total, message } })
        .catch(() => {});
    };
    const started = performance.now();
    try {
      if (request.params.task) assertTaskTool(name);
      const meta = metaByName.get(name);
      const loaded = meta || context.toolOperations.some((op) => op.name === name);
      const op = !meta && loaded ? await context.loadOperation(name) : undefined;
      if (!meta && !op) throw new McpError(ErrorCode.InvalidParams, `Unknown tool ${name}. ${unknownToolHint(name, context)}`);
      if (request.params.task && op) {
        const call = { name, args, ttl: request.params.task.ttl, taskStore: extra.taskStore };
        const run = async (a: Record<string, unknown>, signal: AbortSignal) =>
          finishToolResult(await execute(op, a, { ...env(), signal, progress }), context.callable(), a, [name]);
        return (await startToolTask(context, taskStore, call, run)) as never;
      }
      const result = meta
        ? await meta.handler(args, { signal: extra.signal, progress })
        : await execute(op!, args, { ...env(), signal: extra.signal, progress });
      context.log(result.isError ? "warning" : "debug", `${name} ${result.isError ? "failed" : "ok"}`, {
        ms: Math.round(performance.now() - started),
      });
      const self = [name, ...(meta && typeof args.name === "string" ? [args.name] : [])];
      return finishToolResult(result, context.callable(), args, self);
    } catch (err) {
      if (err instanceof McpError) throw exitFor(context.client).error(err);
      return internalErrorResult(name, err, context.client, context.log);
    }
  });
}

/** Every error a request handler throws leaves through the exit (scrubbed), like tool results do. */
function throughExit<A extends unknown[], R>(context: ServerContext, handler: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await handler(...args);
    } catch (err) {
      throw exitFor(context.client).error(err);
    }
  };
}

/** resources/list, templates, read (through the shape normaliser), subscribe and unsubscribe. */
function registerResources(server: Server, context: ServerContext): void {
  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const lists = await Promise.all(RESOURCE_MODULES.map((m) => m.list?.(context) ?? Promise.resolve([])));
    return { resources: lists.flat() };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: RESOURCE_MODULES.flatMap((m) => m.templates ?? []),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, throughExit(context, async (request, extra) => {
    let uri: URL;
    try {
      uri = new URL(request.params.uri);
    } catch {
      throw new McpError(ErrorCode.InvalidParams, `Not a valid resource URI: ${request.params.uri}`);
    }
    for (const module of RESOURCE_MODULES) {
      const result = await module.read(uri, context, extra.signal);
      if (result) return finishResource(result, context.callable());
    }
    throw new McpError(-32002, `Resource not found: ${request.params.uri}. List them with resources/list and resources/templates/list.`);
  }));
  server.setRequestHandler(SubscribeRequestSchema, throughExit(context, async (request) => {
    for (const module of RESOURCE_MODULES) {
      if (module.subscribe && (await module.subscribe(request.params.uri, context))) return {};
    }
    // A URI outside the captaincore: scheme can never change here: accept the subscription; no update will follow.
    if (!request.params.uri.startsWith("captaincore:")) return {};
    throw new McpError(ErrorCode.InvalidParams, `Resource ${request.params.uri} does not support subscriptions.`);
  }));
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    await Promise.all(RESOURCE_MODULES.map((m) => m.unsubscribe?.(request.params.uri, context)));
    return {};
  });
}

/** prompts/list and prompts/get; prompt texts name tools callable in this session. */
function registerPrompts(server: Server, context: ServerContext): void {
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: PROMPTS.map((p) => ({ title: titleOf(p.prompt.name), ...p.prompt })),
  }));
  server.setRequestHandler(GetPromptRequestSchema, throughExit(context, async (request) => {
    const prompt = PROMPTS.find((p) => p.prompt.name === request.params.name);
    if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt ${request.params.name}.`);
    const args = request.params.arguments ?? {};
    for (const arg of prompt.prompt.arguments ?? []) {
      if (arg.required && !args[arg.name]) {
        throw new McpError(ErrorCode.InvalidParams, `Prompt ${prompt.prompt.name} needs the argument ${arg.name}.`);
      }
    }
    return finishPrompt(await prompt.render(args, context), context.callable());
  }));
}

/** completion/complete for prompt arguments and resource template variables. */
function registerCompletions(server: Server, context: ServerContext): void {
  server.setRequestHandler(CompleteRequestSchema, throughExit(context, async (request) => {
    const { ref, argument } = request.params;
    const req = {
      ref: ref.type === "ref/resource" ? ref.uri : ref.name,
      argument: argument.name,
      value: argument.value,
      context: request.params.context?.arguments,
    };
    let values: string[] | undefined;
    if (ref.type === "ref/prompt") {
      values = await PROMPTS.find((p) => p.prompt.name === ref.name)?.complete?.(req, context);
    } else {
      for (const module of RESOURCE_MODULES) {
        values = await module.complete?.(req, context);
        if (values) break;
      }
    }
    const all = values ?? [];
    return { completion: { values: all.slice(0, 100), total: all.length, hasMore: all.length > 100 } };
  }));
}
