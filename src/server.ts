/**
 * createServer(config, client): one MCP server instance (one session). Registers the tools derived from the
 * operations (tools/list computed once), the catalog, resources with subscriptions and completions, prompts and
 * logging, on the SDK's low-level Server so that nothing is converted or validated twice per call.
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
import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";
import { CaptainCoreClient, type LogLevel } from "./client/http.js";
import type { Config } from "./config.js";
import type { MetaTool, ServerContext, ToolCallExtra } from "./context.js";
import { readFileSync } from "node:fs";
import { execute, internalErrorResult, type ExecuteEnv } from "./operations/executor.js";
import { exitFor } from "./operations/exit.js";
import { escapeControl } from "./logline.js";
import { checkOperations, indexOperations, selectOperations, toolDefinition } from "./operations/registry.js";
import type { Operation, OperationInfo } from "./operations/types.js";
import { SERVED_PROMPTS as PROMPTS } from "./prompts/index.js";
import { RESOURCE_MODULES } from "./resources/index.js";
import { catalogTools } from "./tools/catalog.js";
import { loadOperation } from "./tools/lazy.js";
import { INSTRUCTIONS } from "./instructions.js";
import { VERSION } from "./version.js";

export const SERVER_NAME = "captaincore-mcp";
export const SERVER_VERSION = VERSION;

const LEVELS: LoggingLevel[] = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

export interface CreateServerOptions {
  /** Operations to serve (tests may pass a subset); default: all. */
  operations?: readonly Operation[];
  /** Mirror log messages to stderr (stdio transport). */
  stderrLogLevel?: LoggingLevel;
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

/**
 * The SDK builds an Ajv instance (with all formats) for every Server, only to check elicitation answers, which this
 * server never asks for. Passing this validator instead keeps Ajv off every start and HTTP session; the bundled bin
 * also leaves Ajv out entirely (rolldown.config.mjs).
 */
const noElicitationValidator: jsonSchemaValidator = {
  getValidator: () => {
    throw new Error("captaincore-mcp does not use elicitation, so it validates no elicitation answers");
  },
};

export function createServer(config: Config, client?: CaptainCoreClient, opts: CreateServerOptions = {}): CaptainCoreServer {
  let operations: readonly OperationInfo[];
  let load: (name: string) => Promise<Operation | undefined>;
  const given = opts.operations ?? ALL_OPERATIONS;
  if (given) {
    if (!operationsChecked) {
      checkOperations(given);
      operationsChecked = true;
    }
    operations = indexOperations(given);
    const byName = new Map(given.map((op) => [op.name, op]));
    load = async (name) => byName.get(name);
  } else {
    // The build checked the operations before writing the index.
    operations = BUILT_INDEX!;
    const infoByName = new Map(operations.map((op) => [op.name, op]));
    load = async (name) => {
      const info = infoByName.get(name);
      return info && loadOperation(info);
    };
  }
  const toolOperations = selectOperations(operations, config);
  let clientLevel: LoggingLevel = "info";

  const server = new Server(
    { name: SERVER_NAME, version: SERVER_VERSION, title: "CaptainCore" },
    {
      capabilities: {
        tools: {},
        resources: { subscribe: true, listChanged: true },
        prompts: {},
        completions: {},
        logging: {},
      },
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: noElicitationValidator,
    },
  );

  const log = (level: LogLevel, message: string, data?: Record<string, unknown>) => {
    // Most calls log at debug, which nobody listens to by default: decide before scrubbing the text.
    const toStderr = opts.stderrLogLevel !== undefined && LEVELS.indexOf(level) >= LEVELS.indexOf(opts.stderrLogLevel);
    const toClient = LEVELS.indexOf(level) >= LEVELS.indexOf(clientLevel);
    if (!toStderr && !toClient) return;
    const exit = exitFor(ownClient);
    const text = exit.text(message);
    const clean = data && (exit.value(data) as Record<string, unknown>);
    if (toStderr) process.stderr.write(`[captaincore-mcp] ${level}: ${escapeControl(text)}${clean?.stack ? ` ${escapeControl(String(clean.stack))}` : ""}\n`);
    if (!toClient) return;
    server
      .sendLoggingMessage({ level, logger: "captaincore", data: clean ? { message: text, ...clean } : text })
      .catch(() => {});
  };

  const ownsClient = !client;
  const ownClient =
    client ??
    new CaptainCoreClient({
      baseUrl: config.baseUrl,
      username: config.username,
      appPassword: config.appPassword,
      timeoutMs: config.timeoutMs,
      logger: (level, message, data) => log(level, message, data),
    });

  const context: ServerContext = {
    client: ownClient,
    config,
    operations,
    toolOperations,
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

  const env = (signal?: AbortSignal, progress?: ToolCallExtra["progress"]): ExecuteEnv => ({
    client: ownClient,
    config,
    services: context.services,
    signal,
    progress,
    log,
  });

  const metaTools: MetaTool[] = catalogTools(context, () => env()).filter((t) => !config.readOnly || t.readOnly);
  const byName = new Map<string, OperationInfo>(toolOperations.map((op) => [op.name, op]));
  const metaByName = new Map(metaTools.map((t) => [t.definition.name, t]));
  // Catalog first (it is how the model reaches everything else), then operations in toolset order.
  const tools: Tool[] = [...metaTools.map((t) => t.definition), ...toolOperations.map(toolDefinition)];

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const name = request.params.name;
    const progressToken = request.params._meta?.progressToken;
    const progress: ToolCallExtra["progress"] = async (value, total, message) => {
      if (progressToken === undefined) return;
      await extra
        .sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress: value, total, message },
        })
        .catch(() => {});
    };
    const started = performance.now();
    try {
      const meta = metaByName.get(name);
      if (meta) return await meta.handler(request.params.arguments ?? {}, { signal: extra.signal, progress });
      const op = byName.has(name) ? await load(name) : undefined;
      if (!op) {
        const hidden = operations.find((o) => o.name === name);
        const hint = hidden
          ? config.readOnly && hidden.effect !== "read"
            ? `${name} changes data and this server is read-only.`
            : `${name} is not loaded as a tool here; call it through call_operation, or load its toolset (${hidden.toolset}).`
          : "Use search_operations to find the right operation.";
        throw new McpError(ErrorCode.InvalidParams, `Unknown tool ${name}. ${hint}`);
      }
      const result = await execute(op, request.params.arguments ?? {}, env(extra.signal, progress));
      log(result.isError ? "warning" : "debug", `${name} ${result.isError ? "failed" : "ok"}`, {
        ms: Math.round(performance.now() - started),
      });
      return result;
    } catch (err) {
      if (err instanceof McpError) throw exitFor(ownClient).error(err);
      return internalErrorResult(name, err, ownClient, log);
    }
  });

  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    clientLevel = request.params.level;
    return {};
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const lists = await Promise.all(RESOURCE_MODULES.map((m) => m.list?.(context) ?? Promise.resolve([])));
    return { resources: lists.flat() };
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: RESOURCE_MODULES.flatMap((m) => m.templates ?? []),
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    let uri: URL;
    try {
      uri = new URL(request.params.uri);
    } catch {
      throw new McpError(ErrorCode.InvalidParams, `Not a valid resource URI: ${request.params.uri}`);
    }
    for (const module of RESOURCE_MODULES) {
      const result = await module.read(uri, context, extra.signal);
      if (result) return result;
    }
    throw new McpError(-32002, `Resource not found: ${request.params.uri}. List them with resources/list and resources/templates/list.`);
  });

  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    for (const module of RESOURCE_MODULES) {
      if (module.subscribe && (await module.subscribe(request.params.uri, context))) return {};
    }
    // A URI outside the captaincore: scheme can never change here: accept the subscription; no update will follow.
    if (!request.params.uri.startsWith("captaincore:")) return {};
    throw new McpError(ErrorCode.InvalidParams, `Resource ${request.params.uri} does not support subscriptions.`);
  });

  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    await Promise.all(RESOURCE_MODULES.map((m) => m.unsubscribe?.(request.params.uri, context)));
    return {};
  });

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: PROMPTS.map((p) => p.prompt) }));

  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const prompt = PROMPTS.find((p) => p.prompt.name === request.params.name);
    if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt ${request.params.name}.`);
    const args = request.params.arguments ?? {};
    for (const arg of prompt.prompt.arguments ?? []) {
      if (arg.required && !args[arg.name]) {
        throw new McpError(ErrorCode.InvalidParams, `Prompt ${prompt.prompt.name} needs the argument ${arg.name}.`);
      }
    }
    return prompt.render(args, context);
  });

  server.setRequestHandler(CompleteRequestSchema, async (request) => {
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
  });

  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await Promise.all(RESOURCE_MODULES.map((m) => m.close?.(context)));
    if (ownsClient) await ownClient.close();
  };
  server.onclose = () => {
    void close();
  };

  return { server, context, close };
}
