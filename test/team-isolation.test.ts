/**
 * Per-user mode (--auth per-user): every request acts as the person whose CaptainCore credentials it carries.
 * Two people who see different sites (an administrator and a non-admin member of one account) work at the same
 * time, interleaved, through the SDK's Streamable HTTP client, stateless and with sessions: each sees only their own
 * sites, jobs, completions and notifications; a wrong password is CaptainCore's 401; nothing logs a password.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  LoggingMessageNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type CallToolResult,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config.js";
import { parseBasic } from "../src/http/auth.js";
import type { HttpHandle } from "../src/http/serve.js";
import { setJobTiming } from "../src/jobs/timing.js";
import { SEED_USERS, startSimulator, type Simulator } from "../src/simulator/index.js";
import { jobsControl } from "../src/simulator/routes/jobs.js";
import { basic, connectAs, perUserConfig, sleep, startTeamServer, until, visibleSiteIds } from "./team-harness.js";
import { startHttpServer } from "../src/http/serve.js";

const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const ADMIN = SEED_USERS.admin;
const CLARA = SEED_USERS.client;
const MCP_HEADERS = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };
const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

type Sites = { total: number; sites: { site_id: number }[] };

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

const jobUris = async (client: Client) =>
  (await client.listResources()).resources.map((r) => r.uri).filter((u) => u.startsWith("captaincore://jobs/"));

const siteCompletions = async (client: Client) =>
  (
    await client.complete({
      ref: { type: "ref/resource", uri: "captaincore://sites/{site_id}" },
      argument: { name: "site_id", value: "" },
    })
  ).completion.values.map(Number);

/** Proves the session's GET stream is open (server-to-client messages arrive) before relying on notifications. */
async function streamReady(client: Client, logs: unknown[]): Promise<void> {
  await client.setLoggingLevel("debug");
  for (let i = 0; i < 40 && logs.length === 0; i++) {
    await call(client, "get_me");
    await sleep(25);
  }
  expect(logs.length).toBeGreaterThan(0);
}

describe.each([
  { mode: "stateless", sessions: false },
  { mode: "session", sessions: true },
])("per-user isolation ($mode)", ({ sessions }) => {
  let sim: Simulator;
  let http: HttpHandle;
  const lines: string[] = [];
  let admin: Client;
  let clara: Client;

  beforeAll(async () => {
    sim = await startSimulator({ latencyMs: 2 });
    http = await startTeamServer(sim, sessions ? { CAPTAINCORE_MCP_SESSIONS: "true" } : {}, (l) => lines.push(l));
    setJobTiming(http, { firstPollMs: 40, maxPollMs: 150, queuedGraceMs: 500, pollerFirstMs: 40, pollerMaxMs: 120 });
    [admin, clara] = await Promise.all([connectAs(http.url, ADMIN), connectAs(http.url, CLARA)]);
  });
  afterAll(async () => {
    for (const c of [admin, clara]) {
      if (sessions) await (c.transport as StreamableHTTPClientTransport).terminateSession().catch(() => {});
      await c.close();
    }
    await http.close();
    await sim.stop();
  });

  it("each person sees only their own sites, interleaved and concurrent", async () => {
    const adminIds = visibleSiteIds(sim, ADMIN.username);
    const claraIds = visibleSiteIds(sim, CLARA.username);
    expect(claraIds.length).toBeGreaterThan(0);
    expect(claraIds.length).toBeLessThan(adminIds.length);
    const rounds = await Promise.all(
      Array.from({ length: 8 }, (_, i) => call(i % 2 ? clara : admin, "list_sites", { limit: 100 })),
    );
    rounds.forEach((result, i) => {
      const ids = (result.structuredContent as Sites).sites.map((s) => s.site_id).sort((a, b) => a - b);
      expect(ids, `call ${i}`).toEqual(i % 2 ? claraIds : adminIds);
    });
    // A site of the admin's that Clara cannot see stays invisible to her, by tool and by resource.
    const hidden = adminIds.find((id) => !claraIds.includes(id))!;
    const [forAdmin, forClara] = await Promise.all([call(admin, "get_site", { site_id: hidden }), call(clara, "get_site", { site_id: hidden })]);
    expect(forAdmin.isError).toBeFalsy();
    expect(forClara.isError).toBe(true);
    await expect(clara.readResource({ uri: `captaincore://sites/${hidden}` })).rejects.toThrow();
    const listed = (await clara.listResources()).resources.map((r) => r.uri).filter((u) => /^captaincore:\/\/sites\/\d+$/.test(u));
    expect(listed.map((u) => Number(u.split("/").pop())).sort((a, b) => a - b)).toEqual(claraIds);
    // CaptainCore saw each request as the person who made it.
    const users = new Set(sim.requests.filter((r) => r.path === "/sites").map((r) => r.username));
    expect(users).toEqual(new Set([ADMIN.username, CLARA.username]));
  });

  it("completions come from the caller's own fleet, even right after the other's", async () => {
    for (let i = 0; i < 3; i++) {
      const [a, c] = await Promise.all([siteCompletions(admin), siteCompletions(clara)]);
      expect(a.sort((x, y) => x - y)).toEqual(visibleSiteIds(sim, ADMIN.username));
      expect(c.sort((x, y) => x - y)).toEqual(visibleSiteIds(sim, CLARA.username));
    }
  });

  it("jobs: each lists, completes and reads only their own; the other's token is not found", async () => {
    jobsControl(sim.state).defaults.durationMs = 600;
    const claraSite = visibleSiteIds(sim, CLARA.username)[0]!;
    const adminSite = visibleSiteIds(sim, ADMIN.username).find((id) => !visibleSiteIds(sim, CLARA.username).includes(id))!;
    const [a, c] = await Promise.all([
      call(admin, "run_code", { code: "wp core version", environments: [adminSite * 2 - 1], wait_seconds: 0 }),
      call(clara, "run_code", { code: "wp plugin list", environments: [claraSite * 2 - 1], wait_seconds: 0 }),
    ]);
    const adminJob = a.structuredContent as { token: string; uri: string };
    const claraJob = c.structuredContent as { token: string; uri: string };
    expect(adminJob.token && claraJob.token).toBeTruthy();

    const [adminList, claraList] = await Promise.all([jobUris(admin), jobUris(clara)]);
    expect(adminList).toContain(adminJob.uri);
    expect(adminList).not.toContain(claraJob.uri);
    expect(claraList).toEqual([claraJob.uri]);

    const tokens = async (client: Client) =>
      (await client.complete({ ref: { type: "ref/resource", uri: "captaincore://jobs/{token}" }, argument: { name: "token", value: "" } }))
        .completion.values;
    expect(await tokens(clara)).toEqual([claraJob.token]);
    expect(await tokens(admin)).not.toContain(claraJob.token);

    // Each can read their own job; the other's token is "not found" for them, by resource and by get_job.
    expect(JSON.parse(((await clara.readResource({ uri: claraJob.uri })).contents[0] as { text: string }).text).token).toBe(claraJob.token);
    await expect(clara.readResource({ uri: adminJob.uri })).rejects.toThrow(/not found/i);
    await expect(admin.readResource({ uri: claraJob.uri })).rejects.toThrow(/not found/i);
    const [stolenByClara, stolenByAdmin, own] = await Promise.all([
      call(clara, "get_job", { token: adminJob.token }),
      call(admin, "get_job", { token: claraJob.token }),
      call(admin, "get_job", { token: adminJob.token }),
    ]);
    expect(stolenByClara.isError).toBe(true);
    expect(stolenByAdmin.isError).toBe(true);
    expect(JSON.stringify(stolenByClara.content)).not.toContain("wp core version");
    expect(own.isError).toBeFalsy();
  });

  it.runIf(sessions)("subscription notifications reach only the person who subscribed", async () => {
    const logs: Record<string, unknown[]> = { admin: [], clara: [] };
    const updates: Record<string, string[]> = { admin: [], clara: [] };
    for (const [name, client] of [["admin", admin], ["clara", clara]] as const) {
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs[name]!.push(n.params.data));
      client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updates[name]!.push(n.params.uri));
    }
    await Promise.all([streamReady(admin, logs.admin!), streamReady(clara, logs.clara!)]);
    jobsControl(sim.state).defaults.durationMs = 500;
    const claraSite = visibleSiteIds(sim, CLARA.username)[0]!;
    const [a, c] = await Promise.all([
      call(admin, "run_code", { code: "wp option get home", environments: [1], wait_seconds: 0 }),
      call(clara, "run_code", { code: "wp option get home", environments: [claraSite * 2 - 1], wait_seconds: 0 }),
    ]);
    const adminUri = (a.structuredContent as { uri: string }).uri;
    const claraUri = (c.structuredContent as { uri: string }).uri;
    await Promise.all([admin.subscribeResource({ uri: adminUri }), clara.subscribeResource({ uri: claraUri })]);
    await until("both completions notified", () => updates.admin!.includes(adminUri) && updates.clara!.includes(claraUri));
    await sleep(300);
    expect(new Set(updates.admin)).toEqual(new Set([adminUri]));
    expect(new Set(updates.clara)).toEqual(new Set([claraUri]));
    // Log notifications carry each person's own traffic only.
    expect(JSON.stringify(logs.clara)).not.toContain(ADMIN.username);
  });

  it.runIf(sessions)("a session belongs to the person who opened it", async () => {
    const sessionId = (admin.transport as StreamableHTTPClientTransport).sessionId!;
    expect(sessionId).toBeTruthy();
    const list = JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "list_sites", arguments: {} } });
    const headers = { ...MCP_HEADERS, "Mcp-Session-Id": sessionId, "Mcp-Protocol-Version": "2025-06-18" };
    const asClara = await fetch(http.url, { method: "POST", headers: { ...headers, Authorization: basic(CLARA) }, body: list });
    expect(asClara.status).toBe(404);
    const anonymous = await fetch(http.url, { method: "POST", headers, body: list });
    expect(anonymous.status).toBe(401);
    expect(http.sessionCount()).toBe(2);
  });

  it("a wrong password gets CaptainCore's 401, a missing one says what to send; nothing reaches a tool", async () => {
    const before = sim.count(undefined, "/sites");
    const wrong = await connectAs(http.url, { username: CLARA.username, password: "wrong-password-0000-0000" }).catch((e: Error & { code?: number }) => e);
    expect((wrong as { code?: number }).code).toBe(401);
    expect(String(wrong)).toMatch(/CaptainCore refused these credentials \(incorrect_password: The provided password is an invalid application password/);
    const unknown = await connectAs(http.url, { username: "nobody", password: "whatever-0000-0000" }).catch((e: Error) => e);
    expect((unknown as { code?: number }).code).toBe(401);
    expect(String(unknown)).toMatch(/invalid_username/);
    const none = await fetch(http.url, { method: "POST", headers: MCP_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBeNull(); // no challenge: clients show this message, no login flow
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(/Authorization: Basic/);
    const bearer = await fetch(http.url, { method: "POST", headers: { ...MCP_HEADERS, Authorization: "Bearer abcdefabcdefabcdef" }, body: JSON.stringify(INITIALIZE) });
    expect(bearer.status).toBe(401);
    expect(sim.count(undefined, "/sites")).toBe(before);
  });

  it("logs who acted, never a password or a Basic header", async () => {
    // A caller's own password typed into a tool name is scrubbed from the request line too.
    await clara.callTool({ name: `list_${CLARA.password}`, arguments: {} }).catch(() => undefined);
    await until("the request line", () => lines.some((l) => l.includes("rpc=tools/call:list_[redacted]")));
    const all = lines.join("\n");
    expect(lines.some((l) => l.includes(`user=${ADMIN.username}`) && l.includes("rpc=tools/call:list_sites"))).toBe(true);
    expect(lines.some((l) => /POST \/mcp 401 .*refused=captaincore-401/.test(l))).toBe(true);
    for (const secret of [ADMIN.password, CLARA.password, "wrong-password-0000-0000", basic(ADMIN).slice(6), basic(CLARA).slice(6)]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe("revoking one person's application password", () => {
  it("cuts off that person at once, and only them", async () => {
    const sim = await startSimulator();
    const http = await startTeamServer(sim);
    const [admin, clara] = await Promise.all([connectAs(http.url, ADMIN), connectAs(http.url, CLARA)]);
    try {
      const deleted = await call(clara, "delete_application_password", { confirm: true });
      expect(deleted.isError, JSON.stringify(deleted.content)).toBeFalsy();
      // The same client, within the check's 60 s: the gate lets the request in, CaptainCore refuses the action.
      const after = await call(clara, "list_sites");
      expect(after.isError).toBe(true);
      expect(JSON.stringify(after.content)).toMatch(/401|password/i);
      // A new connection with the old password: HTTP 401.
      const again = await connectAs(http.url, CLARA).catch((e: Error & { code?: number }) => e);
      expect((again as { code?: number }).code).toBe(401);
      // Everyone else carries on.
      expect((await call(admin, "list_sites", { limit: 1 })).isError).toBeFalsy();
    } finally {
      await admin.close();
      await clara.close();
      await http.close();
      await sim.stop();
    }
  });
});

describe("per-user configuration", () => {
  it("needs no CaptainCore credential, and refuses a bearer token it would not use", async () => {
    const sim = await startSimulator();
    try {
      const config = perUserConfig(sim);
      expect(config.username).toBe("");
      expect(config.appPassword).toBe("");
      await expect(
        startHttpServer(config, { port: 0, env: { CAPTAINCORE_MCP_AUTH: "per-user", CAPTAINCORE_MCP_TOKEN: "0123456789abcdef0123" }, log: () => {} }),
      ).rejects.toThrow(/CAPTAINCORE_MCP_TOKEN is not used with --auth per-user/);
      await expect(startHttpServer(config, { port: 0, env: { CAPTAINCORE_MCP_AUTH: "everyone" }, log: () => {} })).rejects.toThrow(ConfigError);
      // Without a token of its own, a per-user server may listen beyond loopback: each request authenticates.
      const open = await startHttpServer(config, { port: 0, host: "0.0.0.0", env: { CAPTAINCORE_MCP_AUTH: "per-user" }, log: () => {} });
      await open.close();
    } finally {
      await sim.stop();
    }
  });

  it("the CLI refuses --auth per-user over stdio, with one line", () => {
    const run = spawnSync(process.execPath, [bin, "--demo", "--auth", "per-user"], {
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
      timeout: 15_000,
    });
    expect(run.status).toBe(2);
    const errorLines = run.stderr.split("\n").filter((l) => l.startsWith("captaincore-mcp:"));
    expect(errorLines).toEqual([expect.stringMatching(/--auth per-user needs --http/)]);
  });

  it("reads Basic credentials strictly", () => {
    expect(parseBasic(basic(CLARA))).toEqual({ username: CLARA.username, password: CLARA.password });
    expect(parseBasic(`basic ${Buffer.from("a:b:c").toString("base64")}`)).toEqual({ username: "a", password: "b:c" });
    for (const bad of [undefined, "", "Bearer x", "Basic", `Basic ${Buffer.from("nocolon").toString("base64")}`, `Basic ${Buffer.from(":pw").toString("base64")}`, `Basic ${"A".repeat(5000)}`]) {
      expect(parseBasic(bad), String(bad)).toBeUndefined();
    }
  });
});
