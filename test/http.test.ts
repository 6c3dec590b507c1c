/**
 * Streamable HTTP transport: auth before any work, DNS-rebinding protection, body limit, stateless and session
 * modes through the SDK's real StreamableHTTPClientTransport, and the CLI's refusal to expose itself without a token.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type CallToolResult,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config.js";
import { bearerMatches, startHttpServer, type HttpHandle } from "../src/http/serve.js";
import { setJobTiming } from "../src/jobs/wait.js";
import { SEED_USERS, startSimulator, type Simulator } from "../src/simulator/index.js";
import { callListSites, configFor, initialize, MCP_HEADERS, raw } from "./support/http.js";
import { jobsControl } from "../src/simulator/routes/jobs.js";

const TOKEN = "test-token-0123456789abcdef";
const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function connect(url: string, token?: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
  });
  const client = new Client({ name: "http-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

describe("HTTP transport, stateless, with a token", () => {
  let sim: Simulator;
  let http: HttpHandle;
  const lines: string[] = [];
  beforeAll(async () => {
    sim = await startSimulator();
    http = await startHttpServer(configFor(sim), {
      port: 0,
      env: { CAPTAINCORE_MCP_TOKEN: TOKEN, CAPTAINCORE_MCP_ALLOWED_ORIGINS: "https://app.example.com" },
      log: (line) => lines.push(line),
    });
  });
  afterAll(async () => {
    await http.close();
    await sim.stop();
  });

  it("answers 401 without a token or with a wrong one, and does no work", async () => {
    const before = sim.requests.length;
    const none = await raw(http.url, { headers: MCP_HEADERS, body: callListSites });
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBeUndefined();
    expect(JSON.parse(none.body).error.message).toMatch(/Authorization: Bearer/);
    for (const auth of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, "Bearer "]) {
      const wrong = await raw(http.url, { headers: { ...MCP_HEADERS, Authorization: auth }, body: callListSites });
      expect(wrong.status, auth).toBe(401);
    }
    // The SDK client gets 401 too, and nothing reached CaptainCore.
    await expect(connect(http.url, "not-the-token-0000000000")).rejects.toThrow(/401|Unauthorized/);
    expect(sim.requests.length).toBe(before);
    expect(lines.some((l) => /POST \/mcp 401 .*refused=bad-token/.test(l))).toBe(true);
  });

  it("serves tools/list and tools/call to the SDK's Streamable HTTP client", async () => {
    const client = await connect(http.url, TOKEN);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["list_sites", "get_site", "get_me"]));
      const result = (await client.callTool({ name: "list_sites", arguments: { limit: 2 } })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { total: number; sites: unknown[] }).total).toBe(12);
      expect((result.structuredContent as { sites: unknown[] }).sites).toHaveLength(2);
      const bad = (await client.callTool({ name: "get_site", arguments: { site_id: 99999 } })) as CallToolResult;
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
    }
    expect(sim.requests.some((r) => r.path.startsWith("/sites"))).toBe(true);
  });

  it("shares the job registry across stateless requests: a job started in one is listed in the next", async () => {
    const first = await connect(http.url, TOKEN);
    let uri: string;
    try {
      const started = (await first.callTool({ name: "run_code", arguments: { code: "wp core version", environments: [1], wait_seconds: 0 } })) as CallToolResult;
      uri = (started.structuredContent as { uri: string }).uri;
    } finally {
      await first.close();
    }
    const second = await connect(http.url, TOKEN);
    try {
      const { resources } = await second.listResources();
      expect(resources.map((r) => r.uri)).toContain(uri);
    } finally {
      await second.close();
    }
  });

  it("refuses a foreign Host or Origin (DNS rebinding) before checking anything else", async () => {
    const auth = { ...MCP_HEADERS, Authorization: `Bearer ${TOKEN}` };
    const port = new URL(http.url).port;
    const evilHost = await raw(http.url, { headers: { ...auth, Host: `evil.example.com:${port}` }, body: initialize });
    expect(evilHost.status).toBe(403);
    expect(JSON.parse(evilHost.body).error.message).toMatch(/Host "evil\.example\.com:\d+" is not allowed/);
    // Refused before authentication: a rebinding page never learns whether a token would be needed.
    const noToken = await raw(http.url, { headers: { ...MCP_HEADERS, Host: `evil.example.com:${port}` }, body: initialize });
    expect(noToken.status).toBe(403);
    const evilOrigin = await raw(http.url, { headers: { ...auth, Origin: "http://evil.example.com" }, body: initialize });
    expect(evilOrigin.status).toBe(403);
    const nullOrigin = await raw(http.url, { headers: { ...auth, Origin: "null" }, body: initialize });
    expect(nullOrigin.status).toBe(403);
    // Loopback pages and the configured origin are fine; so is localhost as Host.
    for (const headers of [
      { ...auth, Origin: "http://localhost:5173" },
      { ...auth, Origin: "https://app.example.com" },
      { ...auth, Host: `localhost:${port}` },
    ]) {
      const ok = await raw(http.url, { headers, body: initialize });
      expect(ok.status, JSON.stringify(headers)).toBe(200);
    }
    // CORS for an allowed origin: the preflight (no token) and the answer name it; a foreign one gets nothing.
    const preflight = await raw(http.url, {
      method: "OPTIONS",
      headers: { Origin: "https://app.example.com", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(String(preflight.headers["access-control-allow-headers"])).toMatch(/Authorization/);
    const foreign = await raw(http.url, { method: "OPTIONS", headers: { Origin: "https://evil.example.com" } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("refuses bodies over 1 MiB with 413, declared or streamed", async () => {
    const before = sim.requests.length;
    const big = JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "list_sites", arguments: { search: "x".repeat(1_100_000) } } });
    const declared = await raw(http.url, { headers: { ...MCP_HEADERS, Authorization: `Bearer ${TOKEN}` }, body: big });
    expect(declared.status).toBe(413);
    const streamed = await raw(http.url, { headers: { ...MCP_HEADERS, Authorization: `Bearer ${TOKEN}` }, body: big, chunked: true });
    expect(streamed.status).toBe(413);
    expect(sim.requests.length).toBe(before);
  });

  it("answers GET /mcp with 405 (stateless), unknown paths with 404, bad JSON with 400", async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const get = await raw(http.url, { method: "GET", headers: { ...auth, Accept: "text/event-stream" } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe("POST");
    const del = await raw(http.url, { method: "DELETE", headers: auth });
    expect(del.status).toBe(405);
    const other = await raw(http.url.replace(/\/mcp$/, "/other"), { method: "GET", headers: auth });
    expect(other.status).toBe(404);
    const junk = await raw(http.url, { headers: { ...MCP_HEADERS, ...auth }, body: "{not json" });
    expect(junk.status).toBe(400);
    expect(JSON.parse(junk.body).error.code).toBe(-32700);
  });

  it("logs one line per request without the token or the password", () => {
    expect(lines.length).toBeGreaterThan(10);
    const requestLines = lines.filter((l) => l.includes(" http "));
    expect(requestLines.every((l) => /^\[captaincore-mcp\] http (GET|POST|DELETE|OPTIONS) \S+ \d{3} \d+ms/.test(l))).toBe(true);
    expect(requestLines.some((l) => l.includes("rpc=tools/call:list_sites"))).toBe(true);
    const all = lines.join("\n");
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(SEED_USERS.admin.password);
  });

  it("compares the token in constant time over hashes", async () => {
    const { createHash } = await import("node:crypto");
    const hash = createHash("sha256").update(TOKEN).digest();
    expect(bearerMatches(`Bearer ${TOKEN}`, hash)).toBe(true);
    expect(bearerMatches(`bearer   ${TOKEN}  `, hash)).toBe(true);
    expect(bearerMatches(undefined, hash)).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN.toUpperCase()}`, hash)).toBe(false);
  });
});

describe("HTTP transport, session mode", () => {
  let sim: Simulator;
  let http: HttpHandle;
  beforeAll(async () => {
    sim = await startSimulator();
    http = await startHttpServer(configFor(sim), { port: 0, env: { CAPTAINCORE_MCP_SESSIONS: "true" }, log: () => {} });
  });
  afterAll(async () => {
    await http.close();
    await sim.stop();
  });

  it("keeps a session and delivers logging notifications on it", async () => {
    const client = await connect(http.url);
    const messages: { level: string; data: unknown }[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      messages.push({ level: n.params.level, data: n.params.data });
    });
    try {
      expect(http.sessionCount()).toBe(1);
      await client.setLoggingLevel("debug");
      // The client opens its GET stream right after initialize; give it a few calls to be there.
      for (let i = 0; i < 40 && !messages.some((m) => JSON.stringify(m.data).includes("list_sites ok")); i++) {
        await client.callTool({ name: "list_sites", arguments: { limit: 1 } });
        await new Promise((r) => setTimeout(r, 25));
      }
      const hit = messages.find((m) => JSON.stringify(m.data).includes("list_sites ok"));
      expect(hit?.level).toBe("debug");
      expect(JSON.stringify(messages)).not.toContain(SEED_USERS.admin.password);
      // Raising the level silences debug messages for this session.
      await client.setLoggingLevel("error");
      const seen = messages.length;
      await client.callTool({ name: "list_sites", arguments: { limit: 1 } });
      await new Promise((r) => setTimeout(r, 50));
      expect(messages.length).toBe(seen);
    } finally {
      await (client.transport as StreamableHTTPClientTransport).terminateSession();
      await client.close();
    }
    expect(http.sessionCount()).toBe(0);
  });

  it("delivers job subscriptions (resources/updated) and progress over HTTP", async () => {
    const restore = setJobTiming({ firstPollMs: 40, maxPollMs: 150, queuedGraceMs: 500, pollerFirstMs: 40, pollerMaxMs: 120 });
    const client = await connect(http.url);
    const updates: string[] = [];
    const logs: unknown[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updates.push(n.params.uri);
    });
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(n.params.data);
    });
    try {
      // Server-to-client notifications travel on the session's GET stream: wait until it carries a log message.
      await client.setLoggingLevel("debug");
      for (let i = 0; i < 40 && logs.length === 0; i++) {
        await client.callTool({ name: "get_me", arguments: {} });
        await sleep(25);
      }
      expect(logs.length).toBeGreaterThan(0);

      jobsControl(sim.state).next({ queuedMs: 200, durationMs: 400, output: "subscribed\n" });
      const started = (await client.callTool({
        name: "run_code",
        arguments: { code: "wp core version", environments: [1], wait_seconds: 0 },
      })) as CallToolResult;
      const handle = started.structuredContent as { uri: string; token: string; status: string };
      expect(handle.uri).toMatch(/^captaincore:\/\/jobs\//);
      await client.subscribeResource({ uri: handle.uri });
      await until("two resources/updated (started, completed)", () => updates.filter((u) => u === handle.uri).length >= 2);
      const read = await client.readResource({ uri: handle.uri });
      expect(JSON.parse((read.contents[0] as { text: string }).text).status).toBe("completed");
      await client.unsubscribeResource({ uri: handle.uri });

      jobsControl(sim.state).next({ durationMs: 400 });
      const second = (await client.callTool({
        name: "run_code",
        arguments: { code: "wp core version", environments: [1], wait_seconds: 0 },
      })) as CallToolResult;
      const progress: number[] = [];
      const waited = (await client.callTool(
        { name: "wait_for_job", arguments: { token: (second.structuredContent as { token: string }).token, wait_seconds: 10 } },
        undefined,
        { onprogress: (p) => progress.push(p.progress) },
      )) as CallToolResult;
      expect((waited.structuredContent as { status: string }).status).toBe("completed");
      expect(progress.length).toBeGreaterThan(1);
    } finally {
      restore();
      await (client.transport as StreamableHTTPClientTransport).terminateSession();
      await client.close();
    }
  });

  it("rejects requests for unknown sessions and non-initialize requests without one", async () => {
    const unknown = await raw(http.url, {
      headers: { ...MCP_HEADERS, "Mcp-Session-Id": "00000000-0000-0000-0000-000000000000" },
      body: callListSites,
    });
    expect(unknown.status).toBe(404);
    const missing = await raw(http.url, { headers: MCP_HEADERS, body: callListSites });
    expect(missing.status).toBe(400);
  });
});

describe("binding", () => {
  it("refuses a non-loopback host without a token, and a short token", async () => {
    const sim = await startSimulator();
    try {
      const config = configFor(sim);
      await expect(startHttpServer(config, { port: 0, host: "0.0.0.0", env: {}, log: () => {} })).rejects.toThrow(ConfigError);
      await expect(startHttpServer(config, { port: 0, host: "0.0.0.0", env: { CAPTAINCORE_MCP_TOKEN: "short" }, log: () => {} })).rejects.toThrow(/too short/);
      expect(sim.requests.length).toBe(0);
    } finally {
      await sim.stop();
    }
  });

  it("the CLI exits 2 with one line for --http --host 0.0.0.0 without a token", () => {
    const run = spawnSync(process.execPath, [bin, "--demo", "--http", "--host", "0.0.0.0", "--port", "0"], {
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
      timeout: 15_000,
    });
    expect(run.status).toBe(2);
    const errorLines = run.stderr.split("\n").filter((l) => l.startsWith("captaincore-mcp:"));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/refusing to listen on 0\.0\.0\.0 without CAPTAINCORE_MCP_TOKEN/);
  });
});

describe("no OAuth: clients see the server's own 401", () => {
  it("answers 401 with no challenge, names the header and the variable, and 404s OAuth discovery", async () => {
    const sim = await startSimulator();
    const http = await startHttpServer(configFor(sim), { port: 0, env: { CAPTAINCORE_MCP_TOKEN: TOKEN }, log: () => {} });
    try {
      const refused = await raw(http.url, { headers: MCP_HEADERS, body: initialize });
      expect(refused.status).toBe(401);
      expect(refused.headers["www-authenticate"]).toBeUndefined();
      const message = JSON.parse(refused.body).error.message as string;
      expect(message).toContain("Authorization: Bearer");
      expect(message).toContain("CAPTAINCORE_MCP_TOKEN");
      const origin = new URL(http.url).origin;
      for (const path of [
        "/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp",
        "/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration",
      ]) {
        const discovery = await raw(`${origin}${path}`, { method: "GET" });
        expect(discovery.status, path).toBe(404);
        expect(discovery.headers["www-authenticate"], path).toBeUndefined();
      }
    } finally {
      await http.close();
      await sim.stop();
    }
  });
});
