/**
 * Limits per caller (CAPTAINCORE_MCP_MAX_CONCURRENT, CAPTAINCORE_MCP_RATE_LIMIT) under load: 20 people × 20
 * concurrent calls through the SDK's Streamable HTTP client. What is over the limit is refused with HTTP 429, a
 * JSON-RPC error that names the limit, and Retry-After; callers that honour it get every call through, nothing is
 * lost or sent twice, and what the server keeps stays bounded. Counts only; the numbers are printed.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { LoggingMessageNotificationSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCallerLimits, loadConfig } from "../src/config.js";
import { startHttpServer, type HttpHandle } from "../src/http/serve.js";
import { CallerLimiter } from "../src/http/limits.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { addMembers, connectAs, sleep, startTeamServer, visibleSiteIds, type Person } from "./team-harness.js";

const CALLERS = 20;
const CONCURRENT_CALLS = 20;

interface Refusal {
  status: number;
  retryAfter: string | null;
  message: string;
}

/** A fetch that remembers every refusal the server sent this caller. */
function recording(refusals: Refusal[]): FetchLike {
  return async (url, init) => {
    const res = await fetch(url, init);
    if (res.status === 429 || res.status === 503) {
      const body = (await res.clone().json()) as { error: { message: string } };
      refusals.push({ status: res.status, retryAfter: res.headers.get("retry-after"), message: body.error.message });
    }
    return res;
  };
}

const isRefused = (err: unknown) => (err as { code?: number }).code === 429;

async function callHonouringRetryAfter(client: Client): Promise<{ result: CallToolResult; attempts: number }> {
  for (let attempts = 1; ; attempts++) {
    try {
      return { result: (await client.callTool({ name: "list_sites", arguments: { limit: 1 } })) as CallToolResult, attempts };
    } catch (err) {
      if (!isRefused(err)) throw err;
      await sleep(1000); // the Retry-After the server sends for the concurrency cap (asserted below)
    }
  }
}

describe("per-caller limits under load", () => {
  let sim: Simulator;
  let people: Person[];
  beforeAll(async () => {
    sim = await startSimulator({ latencyMs: 25 });
    people = addMembers(sim, CALLERS);
  });
  afterAll(async () => {
    await sim.stop();
  });

  it(`${CALLERS} callers × ${CONCURRENT_CALLS} concurrent calls: the concurrency cap holds and nothing is lost`, async () => {
    // 400 requests at once open 400 connections: the server-wide connection cap is not what this test measures.
    const http: HttpHandle = await startTeamServer(sim, {
      CAPTAINCORE_MCP_MAX_CONCURRENT: "4",
      CAPTAINCORE_MCP_RATE_LIMIT: "600",
      CAPTAINCORE_MCP_MAX_CONNECTIONS: "1000",
    });
    const refusals: Refusal[] = [];
    try {
      const clients = await Promise.all(people.map((p) => connectAs(http.url, p, recording(refusals))));
      const sitesBefore = sim.count("GET", "/sites");
      const outcomes = await Promise.all(
        clients.flatMap((client) => Array.from({ length: CONCURRENT_CALLS }, () => callHonouringRetryAfter(client))),
      );
      const stats = http.callerStats();
      const counts = {
        callers: CALLERS,
        calls: outcomes.length,
        succeeded: outcomes.filter((o) => !o.result.isError).length,
        attempts: outcomes.reduce((n, o) => n + o.attempts, 0),
        refused429: refusals.length,
        refusedConcurrency: stats.refusedConcurrency,
        refusedRate: stats.refusedRate,
        peakInFlightPerCaller: stats.peakInFlightPerCaller,
        captaincoreSiteRequests: sim.count("GET", "/sites") - sitesBefore,
        credentialChecks: stats.checks,
        trackedCallers: stats.callers,
        cachedChecks: stats.checked,
        inFlightAfter: stats.inFlight,
      };
      console.log(`[team load: concurrency] ${JSON.stringify(counts)}`);

      // Every call answered once, correctly, as its caller; refusals never reached CaptainCore.
      expect(counts.succeeded).toBe(CALLERS * CONCURRENT_CALLS);
      expect(counts.captaincoreSiteRequests).toBe(CALLERS * CONCURRENT_CALLS);
      expect(counts.attempts).toBe(counts.succeeded + counts.refused429);
      const claraLike = visibleSiteIds(sim, people[0]!.username).length;
      expect(outcomes.every((o) => (o.result.structuredContent as { total: number }).total === claraLike)).toBe(true);
      for (const person of people) {
        expect(sim.requests.filter((r) => r.path === "/sites" && r.username === person.username)).toHaveLength(CONCURRENT_CALLS);
      }
      // The cap held and did bite; each refusal said why and when to come back.
      expect(counts.peakInFlightPerCaller).toBeLessThanOrEqual(4);
      expect(counts.refusedConcurrency).toBe(counts.refused429);
      expect(counts.refused429).toBeGreaterThan(0);
      expect(refusals.every((r) => r.status === 429 && r.retryAfter === "1" && /CAPTAINCORE_MCP_MAX_CONCURRENT/.test(r.message))).toBe(true);
      // Bounded: one credential check per person (shared by concurrent first requests, then cached), one entry each.
      expect(counts.credentialChecks).toBe(CALLERS);
      expect(counts.trackedCallers).toBe(CALLERS);
      expect(counts.cachedChecks).toBe(CALLERS);
      expect(counts.inFlightAfter).toBe(0);
      await Promise.all(clients.map((c) => c.close()));
    } finally {
      await http.close();
    }
  }, 120_000);

  it("the rate limit holds per caller and says when to come back", async () => {
    const RATE = 10;
    const http = await startTeamServer(sim, { CAPTAINCORE_MCP_MAX_CONCURRENT: "4", CAPTAINCORE_MCP_RATE_LIMIT: `${RATE}/min` });
    const refusals: Refusal[] = [];
    try {
      const started = Date.now();
      const perCaller = await Promise.all(
        people.map(async (person) => {
          const client = await connectAs(http.url, person, recording(refusals)); // initialize + initialized: 2 requests
          let ok = 0;
          let refused = 0;
          for (let i = 0; i < 15; i++) {
            try {
              await client.callTool({ name: "list_sites", arguments: { limit: 1 } });
              ok++;
            } catch (err) {
              if (!isRefused(err)) throw err;
              refused++;
            }
          }
          await client.close();
          return { ok, refused };
        }),
      );
      const refill = Math.ceil(((Date.now() - started) / 60_000) * RATE);
      const stats = http.callerStats();
      const counts = {
        callers: CALLERS,
        calls: CALLERS * 15,
        succeeded: perCaller.reduce((n, c) => n + c.ok, 0),
        refusedRate: stats.refusedRate,
        refusedConcurrency: stats.refusedConcurrency,
        maxSucceededPerCaller: Math.max(...perCaller.map((c) => c.ok)),
        allowedPerCaller: RATE - 2 + refill,
        trackedCallers: stats.callers,
        inFlightAfter: stats.inFlight,
      };
      console.log(`[team load: rate] ${JSON.stringify(counts)}`);
      expect(perCaller.every((c) => c.ok + c.refused === 15)).toBe(true);
      expect(counts.maxSucceededPerCaller).toBeLessThanOrEqual(counts.allowedPerCaller);
      expect(counts.refusedRate).toBe(counts.calls - counts.succeeded);
      expect(counts.refusedRate).toBeGreaterThan(0);
      expect(refusals.every((r) => r.status === 429 && Number(r.retryAfter) >= 1 && /CAPTAINCORE_MCP_RATE_LIMIT/.test(r.message))).toBe(true);
      expect(counts.trackedCallers).toBe(CALLERS);
      expect(counts.inFlightAfter).toBe(0);
    } finally {
      await http.close();
    }
  }, 120_000);
});

describe("limits in session mode", () => {
  it("the session's open GET stream does not take the caller's only slot", async () => {
    const sim = await startSimulator();
    const http = await startTeamServer(sim, { CAPTAINCORE_MCP_SESSIONS: "true", CAPTAINCORE_MCP_MAX_CONCURRENT: "1" });
    const [person] = addMembers(sim, 1);
    const client = await connectAs(http.url, person!);
    try {
      const logs: unknown[] = [];
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params.data));
      await client.setLoggingLevel("debug");
      for (let i = 0; i < 40 && logs.length === 0; i++) {
        await client.callTool({ name: "get_me", arguments: {} });
        await sleep(25);
      }
      expect(logs.length).toBeGreaterThan(0); // the GET stream is open: it carried these
      for (let i = 0; i < 5; i++) {
        expect(((await client.callTool({ name: "list_sites", arguments: { limit: 1 } })) as CallToolResult).isError).toBeFalsy();
      }
      expect(http.callerStats().refusedConcurrency).toBe(0);
    } finally {
      await (client.transport as StreamableHTTPClientTransport).terminateSession().catch(() => {});
      await client.close();
      await http.close();
      await sim.stop();
    }
  });
});

describe("limits in shared mode", () => {
  it("count per token: one token's burst does not use another's slot", async () => {
    const sim = await startSimulator({ latencyMs: 300 });
    const tokens = ["token-a-0123456789abcdef", "token-b-0123456789abcdef"];
    const http = await startHttpServer(
      loadConfig({ CAPTAINCORE_URL: sim.origin, CAPTAINCORE_USERNAME: "clara", CAPTAINCORE_APP_PASSWORD: "demo-clara-pass-0003-0004" }),
      { port: 0, env: { CAPTAINCORE_MCP_TOKEN: tokens.join(","), CAPTAINCORE_MCP_MAX_CONCURRENT: "1" }, log: () => {} },
    );
    const post = (token: string) =>
      fetch(http.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", Authorization: `Bearer ${token}` },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "list_sites", arguments: {} } }),
      }).then(async (r) => (await r.text(), r.status));
    try {
      expect((await Promise.all([post(tokens[0]!), post(tokens[0]!)])).sort()).toEqual([200, 429]);
      expect(await Promise.all([post(tokens[0]!), post(tokens[1]!)])).toEqual([200, 200]);
    } finally {
      await http.close();
      await sim.stop();
    }
  });
});

describe("credential checks", () => {
  it("asks CaptainCore about a bounded number of new credentials at a time", async () => {
    const sim = await startSimulator();
    const http = await startTeamServer(sim);
    try {
      sim.inject({ path: "/me", delayMs: 3000, times: 1000 }); // long enough for all 100 to arrive meanwhile
      const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          fetch(http.url, {
            method: "POST",
            headers: {
              "Content-Type": "application/json",
              Accept: "application/json, text/event-stream",
              Authorization: `Basic ${Buffer.from(`ghost${i}:guess-${i}-0000-0000`).toString("base64")}`,
            },
            body,
          }),
        ),
      );
      const statuses = answers.map((a) => a.status);
      const counts = {
        requests: answers.length,
        refused401: statuses.filter((s) => s === 401).length,
        busy503: statuses.filter((s) => s === 503).length,
        checksSent: sim.count("GET", "/me"),
      };
      console.log(`[team load: checks] ${JSON.stringify(counts)}`);
      expect(counts.refused401 + counts.busy503).toBe(100);
      expect(counts.checksSent).toBe(counts.refused401);
      expect(counts.checksSent).toBeLessThanOrEqual(64);
      expect(answers.filter((a) => a.status === 503).every((a) => a.headers.get("retry-after") === "2")).toBe(true);
    } finally {
      await http.close();
      await sim.stop();
    }
  });
});

describe("the limiter alone", () => {
  it("parses limits: per-user defaults, off in shared mode unless set, clear errors", () => {
    expect(loadCallerLimits({}, "per-user")).toEqual({ maxConcurrent: 8, ratePerMinute: 300 });
    expect(loadCallerLimits({}, "shared")).toEqual({ maxConcurrent: 0, ratePerMinute: 0 });
    expect(loadCallerLimits({ CAPTAINCORE_MCP_MAX_CONCURRENT: "3", CAPTAINCORE_MCP_RATE_LIMIT: "60/min" }, "shared")).toEqual({
      maxConcurrent: 3,
      ratePerMinute: 60,
    });
    expect(loadCallerLimits({ CAPTAINCORE_MCP_RATE_LIMIT: "off" }, "per-user").ratePerMinute).toBe(0);
    expect(() => loadCallerLimits({ CAPTAINCORE_MCP_MAX_CONCURRENT: "-1" }, "per-user")).toThrow(/CAPTAINCORE_MCP_MAX_CONCURRENT must be a whole number/);
    expect(() => loadCallerLimits({ CAPTAINCORE_MCP_RATE_LIMIT: "fast" }, "per-user")).toThrow(/CAPTAINCORE_MCP_RATE_LIMIT/);
  });

  it("keeps a bounded table however many callers come and go", () => {
    const limiter = new CallerLimiter({ maxConcurrent: 2, ratePerMinute: 0 }, 100);
    for (let i = 0; i < 10_000; i++) {
      const admission = limiter.admit(`caller-${i}`);
      expect(admission.ok).toBe(true);
      if (admission.ok) admission.release();
    }
    expect(limiter.stats().callers).toBeLessThanOrEqual(100);
    // Callers with requests in flight are never forgotten; when all 100 are busy a new one waits (503, Retry-After).
    const busy = Array.from({ length: 100 }, (_, i) => limiter.admit(`busy-${i}`));
    expect(busy.every((a) => a.ok)).toBe(true);
    const newcomer = limiter.admit("newcomer");
    expect(newcomer.ok).toBe(false);
    if (!newcomer.ok) expect(newcomer.reason).toBe("callers");
    for (const a of busy) if (a.ok) a.release();
    expect(limiter.admit("newcomer").ok).toBe(true);
    expect(limiter.stats().callers).toBeLessThanOrEqual(100);
  });

  it("a session's GET stream does not hold a concurrency slot", () => {
    const limiter = new CallerLimiter({ maxConcurrent: 1, ratePerMinute: 0 });
    const stream = limiter.admit("k", false);
    expect(stream.ok).toBe(true);
    expect(limiter.admit("k").ok).toBe(true);
    expect(limiter.admit("k").ok).toBe(false);
  });
});
