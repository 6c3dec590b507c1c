/** POST/GET/DELETE /mcp once the guards passed: stateless (a fresh server per request) or session mode. */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { CaptainCoreClient } from "../client/http.js";
import type { Config } from "../config.js";
import { createServer } from "../server.js";
import { describeRpc, isInitialize, readJsonBody, sendJsonError } from "./body.js";
import type { Session, SessionStore } from "./sessions.js";

export interface McpEndpoint {
  config: Config;
  maxBodyBytes: number;
  /** Stateless mode shares one client (its connection pool); session mode gives each session its own. */
  sharedClient?: CaptainCoreClient;
  sessions?: SessionStore;
  /** Shared by every server of this transport: the job registry and pollers (createJobServices). */
  services: Record<string, unknown>;
}

/** One request, already authenticated as `owner` (the hash of its token). */
export interface McpRequest {
  req: IncomingMessage;
  res: ServerResponse;
  owner: string;
  note: (s: string) => void;
}

async function readBody(r: McpRequest, limit: number): Promise<{ body: unknown } | undefined> {
  if (r.req.method !== "POST") return { body: undefined };
  const read = await readJsonBody(r.req, limit);
  if (!read.ok) {
    sendJsonError(r.res, read.status, read.message, read.status >= 408 ? { Connection: "close" } : {}, read.code);
    return undefined;
  }
  r.note(`rpc=${describeRpc(read.value)}`);
  return { body: read.value };
}

async function serveStateless(endpoint: McpEndpoint, r: McpRequest, body: unknown): Promise<void> {
  const instance = createServer(endpoint.config, endpoint.sharedClient, { stderrLogLevel: "warning", services: endpoint.services, stateless: true });
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  r.res.on("close", () => {
    void transport.close().catch(() => {});
    void instance.server.close().catch(() => {});
    void instance.close().catch(() => {});
  });
  await instance.server.connect(transport);
  await transport.handleRequest(r.req, r.res, body);
}

async function openSession(store: SessionStore, endpoint: McpEndpoint, r: McpRequest, body: unknown): Promise<void> {
  if (r.req.method !== "POST" || !isInitialize(body)) {
    sendJsonError(r.res, 400, "Bad request: send initialize first, then the Mcp-Session-Id header it returns.");
    return;
  }
  const refused = store.refusal(r.owner);
  if (refused) {
    r.note("refused=session-cap");
    sendJsonError(r.res, refused.status, refused.message, { "Retry-After": "30" });
    return;
  }
  const instance = createServer(endpoint.config, undefined, { stderrLogLevel: "warning", services: endpoint.services });
  let created: Session | undefined;
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      created = { id, owner: r.owner, transport, server: instance, lastSeen: Date.now(), open: 0 };
      store.add(created);
      r.note(`session=${id.slice(0, 8)}`);
    },
  });
  transport.onclose = () => {
    if (created) void store.end(created);
  };
  await instance.server.connect(transport);
  await transport.handleRequest(r.req, r.res, body);
  if (!created) {
    // initialize failed (bad params): nothing to keep.
    await transport.close().catch(() => {});
    await instance.close().catch(() => {});
  }
}

async function serveSession(store: SessionStore, endpoint: McpEndpoint, r: McpRequest, body: unknown): Promise<void> {
  const header = r.req.headers["mcp-session-id"];
  const sessionId = Array.isArray(header) ? header[0] : header;
  if (!sessionId) return openSession(store, endpoint, r, body);
  const session = store.get(sessionId, r.owner);
  if (!session) {
    sendJsonError(r.res, 404, "Session not found: it ended or expired. Start a new one with initialize.", {}, -32001);
    return;
  }
  r.note(`session=${session.id.slice(0, 8)}`);
  store.track(session, (fn) => r.res.on("close", fn));
  await session.transport.handleRequest(r.req, r.res, body);
  if (r.req.method === "DELETE" && r.res.statusCode < 300) await store.end(session);
}

export async function handleMcp(endpoint: McpEndpoint, r: McpRequest): Promise<void> {
  const method = r.req.method ?? "GET";
  if (!endpoint.sessions && method !== "POST") {
    sendJsonError(r.res, 405, "Method not allowed: this server is stateless; send JSON-RPC with POST /mcp.", { Allow: "POST" });
    return;
  }
  if (!["POST", "GET", "DELETE"].includes(method)) {
    sendJsonError(r.res, 405, "Method not allowed.", { Allow: "GET, POST, DELETE" });
    return;
  }
  const read = await readBody(r, endpoint.maxBodyBytes);
  if (!read) return;
  if (!endpoint.sessions) return serveStateless(endpoint, r, read.body);
  return serveSession(endpoint.sessions, endpoint, r, read.body);
}
