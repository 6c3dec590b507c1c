/**
 * Streamable HTTP transport (captaincore-mcp --http): node:http serving /mcp with the SDK's
 * StreamableHTTPServerTransport.
 *
 * - Stateless by default: every POST gets a fresh server + transport (no session affinity, so several instances can
 *   sit behind any load balancer); GET and DELETE /mcp answer 405. Session mode (CAPTAINCORE_MCP_SESSIONS=true) keeps
 *   one server per Mcp-Session-Id so that logging, subscriptions and progress reach the client on its GET stream.
 * - Every request: Host/Origin allow-list (DNS-rebinding protection), then the bearer token (CAPTAINCORE_MCP_TOKEN,
 *   compared in constant time), then a body size limit, before any MCP work is done.
 * - Binds 127.0.0.1 by default and refuses a non-loopback address without a token.
 * - One line per request on stderr (method, path, status, time, JSON-RPC method, tool name: never a header or a body),
 *   plus warning lines for failed tool calls and CaptainCore retries (scrubbed of the credentials).
 */
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CaptainCoreClient } from "../client/http.js";
import { ConfigError, type Config } from "../config.js";
import { createServer, type CaptainCoreServer } from "../server.js";

export const DEFAULT_PORT = 8383;
export const DEFAULT_HOST = "127.0.0.1";
export const MCP_PATH = "/mcp";
export const MAX_BODY_BYTES = 1024 * 1024;
const SESSION_IDLE_MS = 30 * 60_000;
const MAX_SESSIONS = 1000;
const MIN_TOKEN_LENGTH = 16;

export { HTTP_ENV_VARS } from "../config.js";

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

// ── security helpers ────────────────────────────────────────────────────────────────────────────────────────────

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function isLoopbackBind(host: string): boolean {
  const h = host.trim().toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127(?:\.\d{1,3}){3}$/.test(h) || h.endsWith(".localhost");
}

function list(raw: string | undefined): string[] {
  return (raw ?? "")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

function parseBool(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw.trim() === "") return false;
  const v = raw.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}").`);
}

/** Host names (lower-case, IPv6 in brackets) a request's Host header may carry; "*" = any. */
export function allowedHosts(bindHost: string, env: Record<string, string | undefined>): Set<string> {
  const out = new Set(["localhost", "127.0.0.1", "[::1]"]);
  const bind = bindHost.trim().toLowerCase();
  if (bind && bind !== "0.0.0.0" && bind !== "::" && bind !== "[::]") out.add(bind.includes(":") && !bind.startsWith("[") ? `[${bind}]` : bind);
  for (const h of list(env.CAPTAINCORE_MCP_ALLOWED_HOSTS)) out.add(h);
  return out;
}

export function allowedOrigins(env: Record<string, string | undefined>): Set<string> {
  const out = new Set<string>();
  for (const raw of list(env.CAPTAINCORE_MCP_ALLOWED_ORIGINS)) {
    if (raw === "*") out.add("*");
    else {
      try {
        out.add(new URL(raw).origin.toLowerCase());
      } catch {
        throw new ConfigError(`CAPTAINCORE_MCP_ALLOWED_ORIGINS has "${raw}", which is not an origin like https://app.example.com.`);
      }
    }
  }
  return out;
}

function hostAllowed(header: string | undefined, allowed: Set<string>): boolean {
  if (allowed.has("*")) return true;
  if (!header) return false;
  let url: URL;
  try {
    url = new URL(`http://${header}`);
  } catch {
    return false;
  }
  const name = url.hostname.toLowerCase();
  return allowed.has(name) || allowed.has(url.host.toLowerCase());
}

function originAllowed(header: string | undefined, allowedHostNames: Set<string>, origins: Set<string>): boolean {
  if (header === undefined) return true; // not a browser (or a same-origin GET): the Host check applies
  if (origins.has("*")) return true;
  let url: URL;
  try {
    url = new URL(header);
  } catch {
    return false; // "null" and garbage
  }
  if (origins.has(url.origin.toLowerCase())) return true;
  // A page served from a loopback name (any port) may talk to a loopback server.
  const name = url.hostname.toLowerCase();
  return (url.protocol === "http:" || url.protocol === "https:") && LOOPBACK_NAMES.has(name) && allowedHostNames.has(name);
}

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Constant-time check of "Authorization: Bearer <token>" (hashes first, so lengths never leak). */
export function bearerMatches(header: string | undefined, expectedHash: Buffer): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? "");
  const given = sha256(m ? m[1]!.trim() : "\u0000invalid");
  return timingSafeEqual(given, expectedHash) && m !== null;
}

// ── request plumbing ────────────────────────────────────────────────────────────────────────────────────────────

function sendJsonError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, code = -32000): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null });
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; message: string; code?: number };

function readJsonBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, message: `Request body larger than ${limit} bytes.` };
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish(tooLarge);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        finish({ ok: true, value: JSON.parse(text) });
      } catch {
        finish({ ok: false, status: 400, message: "Parse error: the body is not valid JSON.", code: -32700 });
      }
    });
    req.on("error", () => finish({ ok: false, status: 400, message: "The request body could not be read." }));
  });
}

/** What the request line says about the JSON-RPC traffic, for the log: method names and tool names only. */
function describeRpc(body: unknown): string {
  const messages = Array.isArray(body) ? body : [body];
  return messages
    .map((m) => {
      if (!m || typeof m !== "object") return "?";
      const msg = m as { method?: unknown; params?: { name?: unknown }; id?: unknown };
      if (typeof msg.method !== "string") return "response";
      const tool = msg.method === "tools/call" && typeof msg.params?.name === "string" ? `:${msg.params.name.slice(0, 64)}` : "";
      return `${msg.method.slice(0, 64)}${tool}`;
    })
    .join(",");
}

function isInitialize(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return messages.some((m) => !!m && typeof m === "object" && (m as { method?: unknown }).method === "initialize");
}

interface Session {
  id: string;
  transport: StreamableHTTPServerTransport;
  server: CaptainCoreServer;
  lastSeen: number;
  /** Requests (including GET streams) currently open on this session. */
  open: number;
}

// ── the server ──────────────────────────────────────────────────────────────────────────────────────────────────

export async function startHttpServer(config: Config, opts: HttpOptions): Promise<HttpHandle> {
  const env = opts.env;
  const host = (opts.host ?? DEFAULT_HOST).trim();
  const port = opts.port ?? DEFAULT_PORT;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sessions = opts.sessions ?? parseBool("CAPTAINCORE_MCP_SESSIONS", env.CAPTAINCORE_MCP_SESSIONS);
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;

  const token = env.CAPTAINCORE_MCP_TOKEN?.trim() || undefined;
  if (!token && !isLoopbackBind(host)) {
    throw new ConfigError(
      `refusing to listen on ${host} without CAPTAINCORE_MCP_TOKEN: anyone who reaches it would act with your CaptainCore ` +
        "password. Set a long random token (e.g. openssl rand -hex 32) or keep the default --host 127.0.0.1.",
    );
  }
  if (token && token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError(`CAPTAINCORE_MCP_TOKEN is too short (${token.length} characters); use at least ${MIN_TOKEN_LENGTH}, e.g. openssl rand -hex 32.`);
  }
  const tokenHash = token ? sha256(token) : undefined;
  const hosts = allowedHosts(host, env);
  const origins = allowedOrigins(env);

  // Stateless mode shares one CaptainCore client (its connection pool) across requests; retries go to stderr.
  // Session mode gives each session its own client so that retries are logged to that session.
  const sharedClient = sessions
    ? undefined
    : new CaptainCoreClient({
        baseUrl: config.baseUrl,
        username: config.username,
        appPassword: config.appPassword,
        timeoutMs: config.timeoutMs,
        logger: (level, message) => {
          if (level === "warning" || level === "error") log(`[captaincore-mcp] ${level}: ${sharedClient!.scrub(message)}`);
        },
      });

  const live = new Map<string, Session>();
  let inFlight = 0;
  let closing = false;
  const idleWaiters: (() => void)[] = [];

  const endSession = async (s: Session) => {
    if (!live.delete(s.id)) return;
    await s.transport.close().catch(() => {});
    await s.server.server.close().catch(() => {});
    await s.server.close().catch(() => {});
  };

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const s of live.values()) if (s.open === 0 && now - s.lastSeen > SESSION_IDLE_MS) void endSession(s);
  }, 60_000);
  sweep.unref();

  async function handleMcp(req: IncomingMessage, res: ServerResponse, note: (s: string) => void): Promise<void> {
    const method = req.method ?? "GET";
    if (!sessions && method !== "POST") {
      sendJsonError(res, 405, "Method not allowed: this server is stateless; send JSON-RPC with POST /mcp.", { Allow: "POST" });
      return;
    }
    if (!["POST", "GET", "DELETE"].includes(method)) {
      sendJsonError(res, 405, "Method not allowed.", { Allow: "GET, POST, DELETE" });
      return;
    }

    let body: unknown;
    if (method === "POST") {
      const read = await readJsonBody(req, maxBody);
      if (!read.ok) {
        sendJsonError(res, read.status, read.message, read.status === 413 ? { Connection: "close" } : {}, read.code);
        return;
      }
      body = read.value;
      note(`rpc=${describeRpc(body)}`);
    }

    if (!sessions) {
      const instance = createServer(config, sharedClient, { stderrLogLevel: "warning" });
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on("close", () => {
        void transport.close().catch(() => {});
        void instance.server.close().catch(() => {});
        void instance.close().catch(() => {});
      });
      await instance.server.connect(transport);
      await transport.handleRequest(req, res, body);
      return;
    }

    // Session mode.
    const header = req.headers["mcp-session-id"];
    const sessionId = Array.isArray(header) ? header[0] : header;
    let session = sessionId ? live.get(sessionId) : undefined;
    if (sessionId && !session) {
      sendJsonError(res, 404, "Session not found: it ended or expired. Start a new one with initialize.", {}, -32001);
      return;
    }
    if (!session) {
      if (method !== "POST" || !isInitialize(body)) {
        sendJsonError(res, 400, "Bad request: send initialize first, then the Mcp-Session-Id header it returns.");
        return;
      }
      if (live.size >= MAX_SESSIONS) {
        sendJsonError(res, 503, "Too many open sessions; try again later.", { "Retry-After": "30" });
        return;
      }
      const instance = createServer(config, undefined, { stderrLogLevel: "warning" });
      let created: Session | undefined;
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          created = { id, transport, server: instance, lastSeen: Date.now(), open: 0 };
          live.set(id, created);
          note(`session=${id.slice(0, 8)}`);
        },
      });
      transport.onclose = () => {
        if (created) void endSession(created);
      };
      await instance.server.connect(transport);
      await transport.handleRequest(req, res, body);
      if (!created) {
        // initialize failed (bad params): nothing to keep.
        await transport.close().catch(() => {});
        await instance.close().catch(() => {});
      }
      return;
    }
    note(`session=${session.id.slice(0, 8)}`);
    session.lastSeen = Date.now();
    session.open++;
    const current = session;
    res.on("close", () => {
      current.open--;
      current.lastSeen = Date.now();
    });
    await session.transport.handleRequest(req, res, body);
    if (method === "DELETE" && res.statusCode < 300) await endSession(session);
  }

  const httpServer: HttpServer = createHttpServer((req, res) => {
    const started = performance.now();
    const notes: string[] = [];
    inFlight++;
    res.on("close", () => {
      inFlight--;
      const ms = Math.round(performance.now() - started);
      const path = (req.url ?? "").split("?")[0]!.slice(0, 100);
      const from = req.socket.remoteAddress ?? "-";
      log(`[captaincore-mcp] http ${req.method} ${path} ${res.statusCode} ${ms}ms ${notes.join(" ")}${notes.length ? " " : ""}from=${from}`.trimEnd());
      if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
    });
    const note = (s: string) => notes.push(s);

    const path = (req.url ?? "/").split("?")[0];
    if (closing) {
      sendJsonError(res, 503, "Server is shutting down.", { Connection: "close" });
      return;
    }
    if (!hostAllowed(req.headers.host, hosts)) {
      note("refused=host");
      sendJsonError(res, 403, `Forbidden: Host "${String(req.headers.host ?? "").slice(0, 100)}" is not allowed; add it to CAPTAINCORE_MCP_ALLOWED_HOSTS.`);
      return;
    }
    const origin = req.headers.origin;
    if (!originAllowed(origin, hosts, origins)) {
      note("refused=origin");
      sendJsonError(res, 403, `Forbidden: Origin "${String(origin).slice(0, 100)}" is not allowed; add it to CAPTAINCORE_MCP_ALLOWED_ORIGINS.`);
      return;
    }
    if (origin) {
      // An allowed browser origin may call /mcp directly (CORS); preflights carry no token, so they come first.
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Vary", "Origin");
      res.setHeader("Access-Control-Expose-Headers", "Mcp-Session-Id, WWW-Authenticate");
      if (req.method === "OPTIONS") {
        res.writeHead(204, {
          "Access-Control-Allow-Methods": sessions ? "GET, POST, DELETE, OPTIONS" : "POST, OPTIONS",
          "Access-Control-Allow-Headers": "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID",
          "Access-Control-Max-Age": "600",
        });
        res.end();
        return;
      }
    }
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("ok\n");
      return;
    }
    // No OAuth here: discovery (oauth-*, openid-configuration) gets a plain 404 and a 401 carries no challenge.
    if (path.startsWith("/.well-known/")) {
      sendJsonError(res, 404, "Not found: this server has no OAuth; send Authorization: Bearer <CAPTAINCORE_MCP_TOKEN>.");
      return;
    }
    if (tokenHash && !bearerMatches(req.headers.authorization, tokenHash)) {
      note(req.headers.authorization ? "refused=bad-token" : "refused=no-token");
      sendJsonError(res, 401, "Unauthorized: send the header Authorization: Bearer <token>, the token being the server's CAPTAINCORE_MCP_TOKEN.");
      return;
    }
    if (path !== MCP_PATH) {
      sendJsonError(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}.`);
      return;
    }
    handleMcp(req, res, note).catch((err) => {
      log(`[captaincore-mcp] error: ${sharedClient?.scrub(String((err as Error)?.message ?? err)) ?? String((err as Error)?.message ?? err)}`);
      sendJsonError(res, 500, "Internal server error.", {}, -32603);
    });
  });
  httpServer.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      httpServer.off("listening", onListening);
      if (err.code === "EADDRINUSE") reject(new ConfigError(`port ${port} on ${host} is already in use; pick another with --port.`));
      else if (err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND" || err.code === "EAI_AGAIN")
        reject(new ConfigError(`cannot listen on ${host}: no such local address.`));
      else if (err.code === "EACCES") reject(new ConfigError(`not allowed to listen on ${host}:${port} (ports below 1024 need privileges).`));
      else reject(err);
    };
    const onListening = () => {
      httpServer.off("error", onError);
      resolve();
    };
    httpServer.once("error", onError);
    httpServer.once("listening", onListening);
    httpServer.listen(port, host.replace(/^\[(.*)\]$/, "$1"));
  });

  const address = httpServer.address() as AddressInfo;
  const urlHost = address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}${MCP_PATH}`;

  let closed: Promise<void> | undefined;
  const close = (graceMs = 5000): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      clearInterval(sweep);
      const stopped = new Promise<void>((r) => httpServer.close(() => r()));
      httpServer.closeIdleConnections();
      await Promise.all([...live.values()].map(endSession));
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((r) => idleWaiters.push(r)), new Promise((r) => setTimeout(r, graceMs).unref())]);
      }
      httpServer.closeAllConnections();
      await stopped;
      await sharedClient?.close().catch(() => {});
    })();
    return closed;
  };

  return { url, host, port: address.port, sessions, sessionCount: () => live.size, close };
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
