/**
 * Many instances behind a load balancer. Stateless mode keeps nothing a second instance would need: one client
 * alternates every request between two instances (tool calls; a job started on one is read and awaited on the
 * other), then loses one of them and carries on. Session mode needs affinity: session ids carry the instance's
 * name (CAPTAINCORE_MCP_INSTANCE), a balancer that routes on that prefix works, and the wrong instance says 404.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { startHttpServer, type HttpHandle } from "../src/http/serve.js";
import { setJobTiming } from "../src/jobs/timing.js";
import { SEED_USERS, startSimulator, type Simulator } from "../src/simulator/index.js";
import { jobsControl } from "../src/simulator/routes/jobs.js";
import { basic, connectAs, perUserConfig, visibleSiteIds } from "./team-harness.js";

const TOKEN = "instances-token-0123456789abcdef";
const CLARA = SEED_USERS.client;

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

/** A fetch that sends each request to the next of `ports` in turn, and counts where each went. */
function roundRobin(ports: string[]): { fetch: FetchLike; sent: Record<string, number>; ports: string[] } {
  const sent: Record<string, number> = {};
  let n = 0;
  const state = {
    ports,
    sent,
    fetch: (async (url, init) => {
      const target = new URL(url);
      target.port = state.ports[n++ % state.ports.length]!;
      sent[target.port] = (sent[target.port] ?? 0) + 1;
      return fetch(target, init);
    }) as FetchLike,
  };
  return state;
}

const MODES = [
  { auth: "per-user", env: { CAPTAINCORE_MCP_AUTH: "per-user" }, authorization: basic(CLARA) },
  { auth: "shared", env: { CAPTAINCORE_MCP_TOKEN: TOKEN }, authorization: `Bearer ${TOKEN}` },
] as const;

describe.each(MODES)("two stateless instances ($auth)", ({ auth, env, authorization }) => {
  let sim: Simulator;
  let a: HttpHandle;
  let b: HttpHandle;

  beforeAll(async () => {
    sim = await startSimulator();
    const config =
      auth === "per-user"
        ? perUserConfig(sim)
        : loadConfig({
            CAPTAINCORE_URL: sim.origin,
            CAPTAINCORE_USERNAME: CLARA.username,
            CAPTAINCORE_APP_PASSWORD: CLARA.password,
            CAPTAINCORE_TOOLSETS: "all",
          });
    [a, b] = await Promise.all([0, 1].map(() => startHttpServer(config, { port: 0, env, log: () => {} })));
    for (const instance of [a, b]) setJobTiming(instance, { firstPollMs: 40, maxPollMs: 150, queuedGraceMs: 500 });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await sim.stop();
  });

  it("one client alternating between them: tool calls, and a job started on one is read on the other", async () => {
    const balancer = roundRobin([String(a.port), String(b.port)]);
    const transport = new StreamableHTTPClientTransport(new URL(a.url), {
      requestInit: { headers: { Authorization: authorization } },
      fetch: balancer.fetch,
    });
    const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
    const client = new Client({ name: "alternating", version: "1.0.0" });
    await client.connect(transport);
    try {
      const claraIds = visibleSiteIds(sim, CLARA.username);
      for (let i = 0; i < 4; i++) {
        const sites = await call(client, "list_sites", { limit: 100 });
        expect((sites.structuredContent as { total: number }).total).toBe(claraIds.length);
      }
      jobsControl(sim.state).next({ durationMs: 400, output: "across instances\n" });
      const started = await call(client, "run_code", { code: "wp core version", environments: [claraIds[0]! * 2 - 1], wait_seconds: 0 });
      const job = started.structuredContent as { token: string; uri: string };
      expect(job.token).toBeTruthy();
      // Each instance has its own list of the jobs it started; reads need none of it.
      const read = await call(client, "get_job", { token: job.token });
      expect(read.isError).toBeFalsy();
      const resource = await client.readResource({ uri: job.uri });
      expect(JSON.parse((resource.contents[0] as { text: string }).text).token).toBe(job.token);
      const waited = await call(client, "wait_for_job", { token: job.token, wait_seconds: 10 });
      expect((waited.structuredContent as { status: string; output?: string }).status).toBe("completed");
      expect(JSON.stringify(waited.structuredContent)).toContain("across instances");

      // Every other request went to each instance.
      expect(balancer.sent[String(a.port)]).toBeGreaterThanOrEqual(5);
      expect(balancer.sent[String(b.port)]).toBeGreaterThanOrEqual(5);

      // One instance goes away: the same client carries on with the other, nothing to re-establish.
      await a.close();
      balancer.ports = [String(b.port)];
      const after = await call(client, "list_sites", { limit: 1 });
      expect(after.isError).toBeFalsy();
      expect((await call(client, "get_job", { token: job.token })).isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});

describe("session mode behind a balancer", () => {
  let sim: Simulator;
  const instances: Record<string, HttpHandle> = {};

  beforeAll(async () => {
    sim = await startSimulator();
    for (const name of ["a", "b"]) {
      instances[name] = await startHttpServer(perUserConfig(sim), {
        port: 0,
        env: { CAPTAINCORE_MCP_AUTH: "per-user", CAPTAINCORE_MCP_SESSIONS: "true", CAPTAINCORE_MCP_INSTANCE: name },
        log: () => {},
      });
    }
  });
  afterAll(async () => {
    for (const h of Object.values(instances)) await h.close();
    await sim.stop();
  });

  it("names the instance in the session id; a balancer routing on it works, the wrong instance says 404", async () => {
    // A balancer: requests without a session id go round-robin, the others to the instance their id names.
    let n = 0;
    const routed: string[] = [];
    const balancer: FetchLike = async (url, init) => {
      const headers = new Headers(init?.headers);
      const session = headers.get("mcp-session-id");
      const name = session ? session.split(".")[0]! : ["b", "a"][n++ % 2]!;
      routed.push(name);
      const target = new URL(url);
      target.port = String(instances[name]!.port);
      return fetch(target, init);
    };
    const client = await connectAs(instances.a!.url, CLARA, balancer);
    try {
      const sessionId = (client.transport as StreamableHTTPClientTransport).sessionId!;
      expect(sessionId).toMatch(/^b\.[0-9a-f-]{36}$/);
      for (let i = 0; i < 3; i++) expect((await call(client, "list_sites", { limit: 1 })).isError).toBeFalsy();
      expect(routed.filter((r) => r === "b").length).toBeGreaterThanOrEqual(4);
      expect(instances.b!.sessionCount()).toBe(1);
      expect(instances.a!.sessionCount()).toBe(0);

      const wrong = await fetch(instances.a!.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          Authorization: basic(CLARA),
          "Mcp-Session-Id": sessionId,
          "Mcp-Protocol-Version": "2025-06-18",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list", params: {} }),
      });
      expect(wrong.status).toBe(404);
    } finally {
      await (client.transport as StreamableHTTPClientTransport).terminateSession().catch(() => {});
      await client.close();
    }
  });

  it("refuses an instance name a header could not carry", async () => {
    await expect(
      startHttpServer(perUserConfig(sim), { port: 0, env: { CAPTAINCORE_MCP_AUTH: "per-user", CAPTAINCORE_MCP_INSTANCE: "a b" }, log: () => {} }),
    ).rejects.toThrow(/CAPTAINCORE_MCP_INSTANCE/);
  });
});
