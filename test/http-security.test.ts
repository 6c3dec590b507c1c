/**
 * The HTTP findings of issue 21: log forgery (F5), sessions bound to the token that opened them, a per-token session
 * cap, deliberate timeouts for slow clients, a connection cap, and CORS answering with the normalised origin.
 */
import { connect as netConnect, type Socket } from "node:net";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadHttpSettings, ConfigError } from "../src/config.js";
import { startHttpServer, type HttpHandle } from "../src/http/serve.js";
import { escapeControl } from "../src/logline.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { configFor as configWith, initialize, MCP_HEADERS, raw, type RawAnswer } from "./support/http.js";

const configFor = (sim: Simulator) => configWith(sim, "default");

const TOKEN_A = "token-a-0123456789abcdef";
const TOKEN_B = "token-b-0123456789abcdef";
const listTools = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });

const post = (url: string, headers: Record<string, string>, body?: string, method = "POST"): Promise<RawAnswer> =>
  raw(url, { method, headers, body });

const bearer = (token: string) => ({ ...MCP_HEADERS, Authorization: `Bearer ${token}` });

async function openSession(url: string, token: string): Promise<RawAnswer & { id: string }> {
  const answer = await post(url, bearer(token), initialize);
  return { ...answer, id: String(answer.headers["mcp-session-id"] ?? "") };
}

/** Resolves when the server closes the socket (or answers), with what it sent. */
function whenClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let got = "";
    socket.on("data", (c: Buffer) => (got += c.toString("utf8")));
    socket.on("close", () => resolve(got));
    socket.on("error", () => {});
  });
}

/** Open a raw connection, send `head`, then one `drip` every 50 ms until the server closes it; returns what it said. */
async function dripUntilClosed(url: string, head: string, drip: string): Promise<string> {
  const u = new URL(url);
  const socket = netConnect(Number(u.port), u.hostname);
  const closed = whenClosed(socket);
  socket.write(head.replace("{port}", u.port));
  const timer = setInterval(() => socket.writable && socket.write(drip), 50);
  try {
    return await closed;
  } finally {
    clearInterval(timer);
  }
}

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.stop();
});

describe("F5: log lines cannot be forged", () => {
  it("escapes control characters in every logged field", async () => {
    const lines: string[] = [];
    const http = await startHttpServer(configFor(sim), { port: 0, env: { CAPTAINCORE_MCP_TOKEN: TOKEN_A }, log: (l) => lines.push(l) });
    try {
      const forged = "x\n[captaincore-mcp] FAKE admin login ok\r\u001b[2K\u001b[31mred\u0000\u007f\u2028";
      await post(http.url, bearer(TOKEN_A), JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: forged, arguments: {} } }));
      await post(http.url, bearer(TOKEN_A), JSON.stringify({ jsonrpc: "2.0", id: 2, method: `tools/list\n[captaincore-mcp] FAKE method` }));
      await new Promise((r) => setTimeout(r, 50));
      const joined = lines.join("\n");
      expect(lines.some((l) => l.includes("FAKE admin login ok"))).toBe(true);
      expect(joined.split("\n").filter((l) => l.startsWith("[captaincore-mcp] FAKE"))).toEqual([]);
      for (const line of lines) expect(line, line).not.toMatch(/[\u0000-\u001f\u007f\u2028]/);
      expect(joined).toContain("\\x0a[captaincore-mcp] FAKE admin login ok\\x0d\\x1b[2K");
    } finally {
      await http.close();
    }
  });

  it("escapeControl keeps printable text and escapes the rest", () => {
    expect(escapeControl("plain text é ✓")).toBe("plain text é ✓");
    expect(escapeControl("a\nb\u001bc\u009bd")).toBe("a\\x0ab\\x1bc\\x9bd");
  });
});

describe("sessions are bound to the token that opened them", () => {
  let http: HttpHandle;
  beforeAll(async () => {
    http = await startHttpServer(configFor(sim), {
      port: 0,
      env: { CAPTAINCORE_MCP_SESSIONS: "true", CAPTAINCORE_MCP_TOKEN: `${TOKEN_A},${TOKEN_B}`, CAPTAINCORE_MCP_MAX_SESSIONS_PER_CLIENT: "2" },
      log: () => {},
    });
  });
  afterAll(async () => {
    await http.close();
  });

  it("another token cannot use, stream from or delete a session: 404, as if it did not exist", async () => {
    const a = await openSession(http.url, TOKEN_A);
    expect(a.status).toBe(200);
    expect(a.id).not.toBe("");
    const asB = { ...bearer(TOKEN_B), "Mcp-Session-Id": a.id, "Mcp-Protocol-Version": "2025-06-18" };
    expect((await post(http.url, asB, listTools)).status).toBe(404);
    expect((await post(http.url, asB, undefined, "DELETE")).status).toBe(404);
    const stream = await new Promise<number>((resolve, reject) => {
      const u = new URL(http.url);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: "GET", headers: { ...asB, Accept: "text/event-stream" } }, (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      req.on("error", reject);
      req.end();
    });
    expect(stream).toBe(404);
    // The owner still has it.
    const asA = { ...bearer(TOKEN_A), "Mcp-Session-Id": a.id, "Mcp-Protocol-Version": "2025-06-18" };
    await post(http.url, asA, JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }));
    const mine = await post(http.url, asA, listTools);
    expect(mine.status).toBe(200);
    expect(mine.body).toContain("list_sites");
    expect((await post(http.url, asA, undefined, "DELETE")).status).toBe(200);
  });

  it("caps sessions per token: one token cannot fill the server for the others", async () => {
    const opened = [await openSession(http.url, TOKEN_A), await openSession(http.url, TOKEN_A)];
    expect(opened.map((o) => o.status)).toEqual([200, 200]);
    const third = await openSession(http.url, TOKEN_A);
    expect(third.status).toBe(429);
    expect(third.body).toMatch(/CAPTAINCORE_MCP_MAX_SESSIONS_PER_CLIENT/);
    const other = await openSession(http.url, TOKEN_B);
    expect(other.status).toBe(200);
    for (const s of [...opened, other]) {
      const token = s === other ? TOKEN_B : TOKEN_A;
      await post(http.url, { ...bearer(token), "Mcp-Session-Id": s.id, "Mcp-Protocol-Version": "2025-06-18" }, undefined, "DELETE");
    }
    expect(http.sessionCount()).toBe(0);
  });
});

describe("slow clients and many connections", () => {
  it("a slow body is cut off by the request timeout", async () => {
    const http = await startHttpServer(configFor(sim), {
      port: 0,
      env: { CAPTAINCORE_MCP_REQUEST_TIMEOUT_MS: "400", CAPTAINCORE_MCP_HEADERS_TIMEOUT_MS: "200" },
      log: () => {},
    });
    try {
      // One byte now and then: the connection is never idle, the request never ends.
      const head = `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"jsonrpc":`;
      expect(await dripUntilClosed(http.url, head, " ")).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await http.close();
    }
  });

  it("headers that never finish are cut off by the headers timeout", async () => {
    const http = await startHttpServer(configFor(sim), { port: 0, env: { CAPTAINCORE_MCP_HEADERS_TIMEOUT_MS: "200" }, log: () => {} });
    try {
      expect(await dripUntilClosed(http.url, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n", "X-Slow: 1\r\n")).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await http.close();
    }
  });

  it("drops connections over the cap", async () => {
    const http = await startHttpServer(configFor(sim), { port: 0, env: { CAPTAINCORE_MCP_MAX_CONNECTIONS: "3" }, log: () => {} });
    const sockets: Socket[] = [];
    try {
      const u = new URL(http.url);
      let dropped = 0;
      const closures: Promise<string>[] = [];
      for (let i = 0; i < 8; i++) {
        const socket = netConnect(Number(u.port), u.hostname);
        sockets.push(socket);
        closures.push(whenClosed(socket).then((s) => (dropped++, s)));
        await new Promise((r) => socket.once("connect", r));
      }
      await Promise.race([Promise.all(closures.slice(3)), new Promise((r) => setTimeout(r, 3000))]);
      expect(dropped).toBeGreaterThanOrEqual(5);
      // The server still answers once connections are freed.
      for (const s of sockets) s.destroy();
      await new Promise((r) => setTimeout(r, 50));
      const health = await post(http.url.replace(/\/mcp$/, "/healthz"), {}, undefined, "GET");
      expect(health.status).toBe(200);
    } finally {
      for (const s of sockets) s.destroy();
      await http.close();
    }
  });

  it("the idle timeout closes silent connections, never a request being answered", async () => {
    const http = await startHttpServer(configFor(sim), {
      port: 0,
      env: { CAPTAINCORE_MCP_IDLE_TIMEOUT_MS: "300", CAPTAINCORE_MCP_KEEP_ALIVE_TIMEOUT_MS: "60000" },
      log: () => {},
    });
    try {
      // A CaptainCore slower than the idle timeout: the answer still arrives.
      sim.inject({ method: "GET", path: /^\/sites$/, delayMs: 900 });
      const call = JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "list_sites", arguments: {} } });
      const slow = await post(http.url, MCP_HEADERS, call);
      expect(slow.status).toBe(200);
      expect(slow.body).toContain("sites");
      // A connection that sends nothing is closed.
      const u = new URL(http.url);
      const socket = netConnect(Number(u.port), u.hostname);
      const got = await whenClosed(socket);
      expect(got).toBe("");
    } finally {
      sim.clearFaults();
      await http.close();
    }
  });

  it("timeouts and caps are configurable and checked", () => {
    expect(loadHttpSettings({})).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, idleTimeoutMs: 120_000, maxConnections: 256 });
    expect(loadHttpSettings({ CAPTAINCORE_MCP_TOKEN: " a , b ,a" }).tokens).toEqual(["a", "b"]);
    expect(() => loadHttpSettings({ CAPTAINCORE_MCP_MAX_CONNECTIONS: "lots" })).toThrow(ConfigError);
    expect(() => loadHttpSettings({ CAPTAINCORE_MCP_HEADERS_TIMEOUT_MS: "60000", CAPTAINCORE_MCP_REQUEST_TIMEOUT_MS: "1000" })).toThrow(/cannot be longer/);
  });
});

describe("CORS", () => {
  it("answers with the normalised origin, not the raw header", async () => {
    const http = await startHttpServer(configFor(sim), { port: 0, env: { CAPTAINCORE_MCP_ALLOWED_ORIGINS: "https://app.example.com" }, log: () => {} });
    try {
      const preflight = await post(http.url, { Origin: "HTTPS://App.Example.COM:443", "Access-Control-Request-Method": "POST" }, undefined, "OPTIONS");
      expect(preflight.status).toBe(204);
      expect(preflight.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    } finally {
      await http.close();
    }
  });
});
