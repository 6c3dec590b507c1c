/**
 * Streamable HTTP transport (captaincore-mcp --http): node:http serving /mcp with the SDK's
 * StreamableHTTPServerTransport. The pieces, each in its module:
 *
 * - guards.ts: Host/Origin allow-list (DNS-rebinding protection) and CORS, then the bearer token (constant time);
 * - body.ts: the body limit and JSON-RPC errors; mcp.ts: stateless or session handling of /mcp;
 * - sessions.ts: sessions bound to the token that opened them, capped in all and per token;
 * - lifecycle.ts: timeouts (headers, request, keep-alive, idle), the connection cap, listen and graceful close.
 *
 * Stateless by default: every POST gets a fresh server + transport (no session affinity, so several instances can sit
 * behind any load balancer); GET and DELETE /mcp answer 405. Session mode (CAPTAINCORE_MCP_SESSIONS=true) keeps one
 * server per Mcp-Session-Id so that logging, subscriptions and progress reach the client on its GET stream.
 * Binds 127.0.0.1 by default and refuses a non-loopback address without a token. One line per request on stderr
 * (method, path, status, time, JSON-RPC method, tool name: never a header or a body), control characters escaped.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { CaptainCoreClient } from "../client/http.js";
import { credentialScrubber } from "../client/secrets.js";
import { loadHttpSettings, type Config, type HttpSettings } from "../config.js";
import { createJobServices } from "../jobs/services.js";
import { escapeControl } from "../logline.js";
import { sendJsonError } from "./body.js";
import { allowedHosts, allowedOrigins, applyCors, checkTokens, hostAllowed, isLoopbackBind, originAllowed, tokenAuthenticator } from "./guards.js";
import { createGuardedServer, InFlight, listen, shutDown } from "./lifecycle.js";
import { handleMcp, type McpEndpoint } from "./mcp.js";
import { SessionStore } from "./sessions.js";

export const DEFAULT_PORT = 8383;
export const DEFAULT_HOST = "127.0.0.1";
export const MCP_PATH = "/mcp";
export const MAX_BODY_BYTES = 1024 * 1024;

export { HTTP_ENV_VARS } from "../config.js";
export { allowedHosts, allowedOrigins, bearerMatches, isLoopbackBind } from "./guards.js";

export interface HttpOptions {
  port?: number;
  host?: string;
  env: Record<string, string | undefined>;
  onClose?: () => Promise<void>;
  /** Overrides CAPTAINCORE_MCP_SESSIONS. */
  sessions?: boolean;
  /** Body limit in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Where the per-request lines and notices go (default: stderr). */
  log?: (line: string) => void;
}

export interface HttpHandle {
  /** http://host:port/mcp */
  url: string;
  host: string;
  port: number;
  sessions: boolean;
  /** Open MCP sessions (session mode). */
  sessionCount: () => number;
  /** Stops accepting, ends sessions, waits for requests in flight (up to graceMs), then closes the rest. */
  close: (graceMs?: number) => Promise<void>;
}

interface Guards {
  hosts: Set<string>;
  origins: Set<string>;
  sessions: boolean;
  authenticate: (header: string | undefined) => string | undefined;
}

/** Host, Origin (with CORS and preflights), /healthz, then the token: the owner hash, or undefined when answered. */
function guard(g: Guards, req: IncomingMessage, res: ServerResponse, note: (s: string) => void): string | undefined {
  if (!hostAllowed(req.headers.host, g.hosts)) {
    note("refused=host");
    sendJsonError(res, 403, `Forbidden: Host "${String(req.headers.host ?? "").slice(0, 100)}" is not allowed; add it to CAPTAINCORE_MCP_ALLOWED_HOSTS.`);
    return undefined;
  }
  const origin = originAllowed(req.headers.origin, g.hosts, g.origins);
  if (origin === undefined) {
    note("refused=origin");
    sendJsonError(res, 403, `Forbidden: Origin "${String(req.headers.origin).slice(0, 100)}" is not allowed; add it to CAPTAINCORE_MCP_ALLOWED_ORIGINS.`);
    return undefined;
  }
  if (origin !== true && applyCors(req, res, origin, g.sessions)) return undefined;
  const path = (req.url ?? "/").split("?")[0];
  if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("ok\n");
    return undefined;
  }
  // No OAuth here: discovery (oauth-*, openid-configuration) gets a plain 404 and a 401 carries no challenge.
  if (path.startsWith("/.well-known/")) {
    sendJsonError(res, 404, "Not found: this server has no OAuth; send Authorization: Bearer <CAPTAINCORE_MCP_TOKEN>.");
    return undefined;
  }
  const owner = g.authenticate(req.headers.authorization);
  if (owner === undefined) {
    note(req.headers.authorization ? "refused=bad-token" : "refused=no-token");
    sendJsonError(res, 401, "Unauthorized: send the header Authorization: Bearer <token>, the token being the server's CAPTAINCORE_MCP_TOKEN.");
    return undefined;
  }
  if (path !== MCP_PATH) {
    sendJsonError(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}.`);
    return undefined;
  }
  return owner;
}

/** One line per request, written when the response closes; every field escaped. */
function requestLog(req: IncomingMessage, res: ServerResponse, log: (line: string) => void): (s: string) => void {
  const started = performance.now();
  const notes: string[] = [];
  res.on("close", () => {
    const ms = Math.round(performance.now() - started);
    const path = (req.url ?? "").split("?")[0]!.slice(0, 100);
    const from = req.socket.remoteAddress ?? "-";
    log(`[captaincore-mcp] http ${req.method} ${path} ${res.statusCode} ${ms}ms ${notes.join(" ")}${notes.length ? " " : ""}from=${from}`.trimEnd());
  });
  return (s) => notes.push(s);
}

/**
 * The idle timeout is for connections that carry nothing: while a request is being answered (a slow CaptainCore, a
 * session's event stream) it is off, and it starts again when the response ends.
 */
function holdIdleTimeout(req: IncomingMessage, res: ServerResponse, idleMs: number): void {
  req.socket.setTimeout(0);
  res.on("close", () => {
    if (!req.socket.destroyed) req.socket.setTimeout(idleMs);
  });
}

/** Stateless mode shares one CaptainCore client (its pool) across requests; its retries and failures go to the log. */
function sharedClientFor(config: Config, log: (line: string) => void): CaptainCoreClient {
  const client: CaptainCoreClient = new CaptainCoreClient({
    baseUrl: config.baseUrl,
    username: config.username,
    appPassword: config.appPassword,
    timeoutMs: config.timeoutMs,
    logger: (level, message) => {
      if (level === "warning" || level === "error") log(`[captaincore-mcp] ${level}: ${client.scrub(message)}`);
    },
  });
  return client;
}

export async function startHttpServer(config: Config, opts: HttpOptions): Promise<HttpHandle> {
  const settings: HttpSettings = loadHttpSettings(opts.env);
  const host = (opts.host ?? DEFAULT_HOST).trim();
  const write = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // A tool name or path is the caller's text: it may carry the password too.
  const scrubber = credentialScrubber(config.username, config.appPassword);
  const log = (line: string) => write(escapeControl(scrubber.scrub(line)));
  const sessions = opts.sessions ?? settings.sessions;
  checkTokens(host, settings.tokens);
  const guards: Guards = { hosts: allowedHosts(host, opts.env), origins: allowedOrigins(opts.env), sessions, authenticate: tokenAuthenticator(settings.tokens) };
  const sharedClient = sessions ? undefined : sharedClientFor(config, log);
  const store = sessions ? new SessionStore(settings) : undefined;
  const endpoint: McpEndpoint = {
    config,
    maxBodyBytes: opts.maxBodyBytes ?? MAX_BODY_BYTES,
    sharedClient,
    sessions: store,
    services: createJobServices(),
  };
  const inFlight = new InFlight();
  let closing = false;

  const httpServer = createGuardedServer(settings, (req, res) => {
    res.on("close", inFlight.start());
    holdIdleTimeout(req, res, settings.idleTimeoutMs);
    const note = requestLog(req, res, log);
    if (closing) return sendJsonError(res, 503, "Server is shutting down.", { Connection: "close" });
    const owner = guard(guards, req, res, note);
    if (owner === undefined) return;
    handleMcp(endpoint, { req, res, owner, note }).catch((err) => {
      const message = String((err as Error)?.message ?? err);
      log(`[captaincore-mcp] error: ${sharedClient?.scrub(message) ?? message}`);
      sendJsonError(res, 500, "Internal server error.", {}, -32603);
    });
  });

  const address = await listen(httpServer, host, opts.port ?? DEFAULT_PORT);
  const urlHost = address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;
  const close = (graceMs = 5000): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      await shutDown(httpServer, inFlight, graceMs, async () => store?.endAll());
      await sharedClient?.close().catch(() => {});
    })();
    return closed;
  };
  return {
    url: `http://${urlHost}:${address.port}${MCP_PATH}`,
    host,
    port: address.port,
    sessions,
    sessionCount: () => store?.size ?? 0,
    close,
  };
}

/** The CLI entry: start, say where, and shut down gracefully on SIGINT/SIGTERM. */
export async function serveHttp(config: Config, opts: HttpOptions): Promise<void> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const handle = await startHttpServer(config, { ...opts, log });
  const auth = opts.env.CAPTAINCORE_MCP_TOKEN?.trim() ? "bearer token required" : "no token (loopback only)";
  log(`[captaincore-mcp] listening on ${handle.url} (${handle.sessions ? "sessions" : "stateless"}, ${auth})`);
  if (!isLoopbackBind(handle.host) && !opts.env.CAPTAINCORE_MCP_ALLOWED_HOSTS?.trim()) {
    log("[captaincore-mcp] note: requests are accepted only with Host localhost/127.0.0.1 or the bind address; set CAPTAINCORE_MCP_ALLOWED_HOSTS to the name clients use.");
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log(`[captaincore-mcp] ${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log(`[captaincore-mcp] ${signal}: shutting down`);
    void (async () => {
      await handle.close();
      await opts.onClose?.().catch(() => {});
      process.exit(0);
    })();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}
