/**
 * Bench phase "team": what per-user mode (--auth per-user) costs over the shared identity, on the stateless HTTP
 * transport, in this process (both servers alike): list_sites through the SDK's Streamable HTTP client, interleaved,
 * medians; then 20 people × 20 concurrent calls under the default per-person limits (counts of refusals).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.floor(s.length / 2)] * 100) / 100 : undefined;
};

async function connect(url, authorization) {
  const client = new Client({ name: "bench-team", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: authorization } } }));
  return client;
}

const basic = (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

export async function benchTeam(dist, sim, calls = 200) {
  const { loadConfig } = await import(pathToFileURL(join(dist, "config.js")).href);
  const { startHttpServer } = await import(pathToFileURL(join(dist, "http/serve.js")).href);
  const { SEED_USERS } = await import(pathToFileURL(join(dist, "simulator/index.js")).href);
  const clara = SEED_USERS.client;
  const token = "bench-team-token-0123456789";
  const base = { CAPTAINCORE_URL: sim.origin, CAPTAINCORE_TOOLSETS: "all" };
  const shared = await startHttpServer(loadConfig({ ...base, CAPTAINCORE_USERNAME: clara.username, CAPTAINCORE_APP_PASSWORD: clara.password }), {
    port: 0,
    env: { CAPTAINCORE_MCP_TOKEN: token },
    log: () => {},
  });
  const perUser = await startHttpServer(loadConfig({ ...base, CAPTAINCORE_MCP_AUTH: "per-user" }), {
    port: 0,
    env: { CAPTAINCORE_MCP_AUTH: "per-user", CAPTAINCORE_MCP_RATE_LIMIT: "off" },
    log: () => {},
  });
  const clients = { shared: await connect(shared.url, `Bearer ${token}`), perUser: await connect(perUser.url, basic(clara.username, clara.password)) };
  const times = { shared: [], perUser: [] };
  try {
    for (let i = 0; i < calls + 20; i++) {
      for (const name of i % 2 ? ["shared", "perUser"] : ["perUser", "shared"]) {
        const t = performance.now();
        await clients[name].callTool({ name: "list_sites", arguments: { limit: 5 } });
        if (i >= 20) times[name].push(performance.now() - t);
      }
    }
  } finally {
    for (const c of Object.values(clients)) await c.close();
    await shared.close();
  }
  const load = await loadRound(perUser, sim);
  await perUser.close();
  return { calls, sharedMs: median(times.shared), perUserMs: median(times.perUser), load };
}

/** 20 people × 20 concurrent calls under the default limits (8 in flight each): counts, and the wall time. */
async function loadRound(http, sim) {
  const people = sim.state.users.filter((u) => u.username.startsWith("bench-member"));
  const template = sim.state.users.find((u) => !u.roles.includes("administrator") && u.accounts.length > 0);
  for (let i = people.length; i < 20; i++) {
    const user = { ...template, user_id: 5000 + i, username: `bench-member${i}`, email: `bench${i}@acme.test`, app_password: `bench-pass-${i}-0000-0000` };
    sim.state.users.push(user);
    people.push(user);
  }
  const clients = await Promise.all(people.map((u) => connect(http.url, basic(u.username, u.app_password))));
  const started = performance.now();
  const outcomes = await Promise.all(
    clients.flatMap((c) => Array.from({ length: 20 }, () => c.callTool({ name: "list_sites", arguments: { limit: 1 } }).then(() => "ok", (e) => (e?.code === 429 ? "refused" : "error")))),
  );
  const wallMs = Math.round(performance.now() - started);
  await Promise.all(clients.map((c) => c.close()));
  const stats = http.callerStats();
  return {
    calls: outcomes.length,
    ok: outcomes.filter((o) => o === "ok").length,
    refused429: outcomes.filter((o) => o === "refused").length,
    errors: outcomes.filter((o) => o === "error").length,
    peakInFlightPerCaller: stats.peakInFlightPerCaller,
    credentialChecks: stats.checks,
    wallMs,
  };
}
