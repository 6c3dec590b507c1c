/**
 * npm run bench: what every call costs, measured against the built server (dist/) and the built-in simulator on
 * loopback, next to the same request sent directly with undici. Prints a table, writes bench/results.json.
 *
 *   startup   spawn of `node dist/cli.js --demo` (and of the bin pointed at a running simulator) to the first
 *             tools/list answer, over the SDK's StdioClientTransport; median of BENCH_STARTUP_RUNS (default 9)
 *   overhead  GET /sites through the list_sites tool over stdio vs the same GET with undici (same Basic auth,
 *             same keep-alive), interleaved, medians over BENCH_CALLS (default 400) after warm-up
 *   fan-out   100 concurrent list_sites calls on one stdio session (and 100 concurrent direct GETs)
 *   tokens    tools/list (default and all) and a 500-site fleet's default list_sites page, with gpt-tokenizer
 *   memory    VmHWM (peak RSS) of the server processes after the run
 *   jobs      completion of a simulated job → the subscriber's notifications/resources/updated
 *   team      (only when named) per-user vs shared identity over stateless HTTP, and 20 people × 20 calls (bench/team.js)
 *   captures  compare_captures on two 1280×3000 captures, in a fresh process (bench/captures.js)
 *
 * Environment: BENCH_DIST (built code, default ../dist), BENCH_BIN (the bin to spawn, default <dist>/cli.js, e.g. a
 * bundle to compare), BENCH_PHASES (comma list of startup, overhead, fanout, tokens, search, jobs; default all),
 * BENCH_CALLS, BENCH_STARTUP_RUNS, BENCH_JOBS (how many jobs; 0 skips), BENCH_NODE_ARGS (flags for the measured
 * server, e.g. --cpu-prof), BENCH_OUT (results file).
 * Timing targets are reported, never asserted: this is not part of npm test.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { encode } from "gpt-tokenizer";
import { Pool } from "undici";
import { benchSearch, searchRows } from "./search.js";
import { benchCaptures, captureRows } from "./captures.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const DIST = resolve(process.env.BENCH_DIST ?? join(here, "../dist"));
const BIN = resolve(process.env.BENCH_BIN ?? join(DIST, "cli.js"));
const CALLS = Math.max(300, Number(process.env.BENCH_CALLS ?? 400));
const STARTUP_RUNS = Math.max(7, Number(process.env.BENCH_STARTUP_RUNS ?? 9));
const JOBS = Number(process.env.BENCH_JOBS ?? 10);
const OUT = resolve(process.env.BENCH_OUT ?? join(here, "results.json"));
const FLEET = 500;
const PHASES = new Set((process.env.BENCH_PHASES ?? "startup,overhead,fanout,tokens,search,jobs,fleet,tasks,captures").split(",").map((p) => p.trim()));
/** Extra node flags for the measured server (not the startup runs), e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
/** The bin as shipped: node flags from its shebang (#!/usr/bin/env -S node --flag …), applied to every spawn of it. */
const SHEBANG_ARGS = (() => {
  try {
    const first = readFileSync(BIN, "utf8").split("\n", 1)[0];
    const m = /^#!.*\bnode\b(.*)$/.exec(first);
    return m ? m[1].split(" ").filter(Boolean) : [];
  } catch {
    return [];
  }
})();

const { startSimulator, SEED_USERS } = await import(pathToFileURL(join(DIST, "simulator/index.js")).href);
const { jobsControl } = await import(pathToFileURL(join(DIST, "simulator/routes/jobs.js")).href);

const TARGETS = {
  startupMs: 250,
  overheadMs: 0.5,
  toolsDefaultTokens: 5_000,
  toolsAllTokens: 20_000,
  fleetPageTokens: 4_000,
  peakRssMb: 100,
  jobNotifyMs: 1_000,
};

// ---------- small helpers ----------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (n, d = 2) => (n === undefined || Number.isNaN(n) ? undefined : Math.round(n * 10 ** d) / 10 ** d);
const tokens = (value) => encode(typeof value === "string" ? value : JSON.stringify(value)).length;

function quantile(values, q) {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
const median = (v) => quantile(v, 0.5);
const stats = (v) => ({
  n: v.length,
  median: round(median(v), 3),
  p10: round(quantile(v, 0.1), 3),
  p90: round(quantile(v, 0.9), 3),
  p99: round(quantile(v, 0.99), 3),
  min: round(Math.min(...v), 3),
  max: round(Math.max(...v), 3),
});

const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, ms) a process has used so far, from /proc. */
function cpuMsOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/** VmHWM (peak RSS) and VmRSS in MB, from /proc. */
function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1]);
    return { peakRssMb: round(kb("VmHWM") / 1024, 1), rssMb: round(kb("VmRSS") / 1024, 1) };
  } catch {
    return {};
  }
}

const log = (line) => process.stderr.write(`[bench] ${line}\n`);

/** Every child this bench started, so that nothing outlives it. */
const children = new Set();

async function spawnServer({ args = [], env = {}, command = process.execPath, cwd } = {}) {
  const transport = new StdioClientTransport({ command, args, env, cwd, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (d) => {
    if (stderr.length < 20_000) stderr += d;
  });
  const client = new Client({ name: "captaincore-bench", version: "1.0.0" });
  const started = performance.now();
  await client.connect(transport);
  const pid = transport.pid;
  const handle = {
    client,
    pid,
    started,
    stderr: () => stderr,
    close: async () => {
      children.delete(handle);
      await client.close().catch(() => {});
      if (pid) {
        try {
          process.kill(pid, 0);
          process.kill(pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
    },
  };
  children.add(handle);
  return handle;
}

function serverEnv(sim, extra = {}) {
  return {
    CAPTAINCORE_URL: sim.origin,
    CAPTAINCORE_USERNAME: SEED_USERS.admin.username,
    CAPTAINCORE_APP_PASSWORD: SEED_USERS.admin.password,
    CAPTAINCORE_TOOLSETS: "default",
    ...extra,
  };
}

async function callTool(client, name, args = {}) {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content).slice(0, 300)}`);
  return result;
}

// ---------- phases ----------

/** A trivial stdio server in plain node: the floor any node MCP server pays on this machine right now. */
const FLOOR_SCRIPT = `
let buf = "";
process.stdin.on("data", (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf("\\n")) >= 0) {
    const m = JSON.parse(buf.slice(0, i));
    buf = buf.slice(i + 1);
    if (m.id === undefined) continue;
    const result = m.method === "initialize"
      ? { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "floor", version: "0" } }
      : { tools: [] };
    process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: m.id, result }) + "\\n");
  }
});
`;

async function startupOnce(kind, sim) {
  const t0 = performance.now();
  const opts =
    kind === "demo"
      ? { args: [...SHEBANG_ARGS, BIN, "--demo"] }
      : kind === "configured"
        ? { args: [...SHEBANG_ARGS, BIN], env: serverEnv(sim) }
        : { args: ["-e", FLOOR_SCRIPT] };
  const h = await spawnServer(opts);
  const { tools } = await h.client.listTools();
  const ms = performance.now() - t0;
  const cpuMs = cpuMsOf(h.pid);
  const mem = memoryOf(h.pid);
  await h.close();
  return { ms, cpuMs, tools: tools.length, ...mem };
}

async function benchStartup(sim) {
  const kinds = ["demo", "configured", "node-floor"];
  const runs = Object.fromEntries(kinds.map((k) => [k, []]));
  await startupOnce("configured", sim); // warm the file cache once, not counted
  for (let i = 0; i < STARTUP_RUNS; i++) {
    for (const kind of kinds) runs[kind].push(await startupOnce(kind, sim));
  }
  const out = {};
  for (const kind of kinds) {
    out[kind] = {
      wallMs: stats(runs[kind].map((r) => r.ms)),
      cpuMs: stats(runs[kind].map((r) => r.cpuMs).filter((v) => v !== undefined)),
      peakRssMb: round(median(runs[kind].map((r) => r.peakRssMb)), 1),
      tools: runs[kind][0].tools,
    };
  }
  return out;
}

/** The same GET the tool sends, straight to the simulator with undici. */
function directClient(sim, request) {
  const pool = new Pool(sim.origin, { connections: 16, keepAliveTimeout: 30_000, pipelining: 1 });
  const authorization = `Basic ${Buffer.from(`${SEED_USERS.admin.username}:${SEED_USERS.admin.password}`).toString("base64")}`;
  const qs = new URLSearchParams(request.query ?? {}).toString();
  const path = `/wp-json/captaincore/v1${request.path}${qs ? `?${qs}` : ""}`;
  return {
    path,
    authorization,
    get: async () => {
      const res = await pool.request({
        method: "GET",
        path,
        headers: { authorization, accept: "application/json", "user-agent": "captaincore-bench" },
      });
      const body = await res.body.json();
      if (res.statusCode !== 200) throw new Error(`direct GET ${path}: HTTP ${res.statusCode}`);
      return body;
    },
    close: () => pool.close(),
  };
}

/**
 * The floor any stdio MCP server pays here: a plain node script (no SDK, no zod) that answers tools/call by sending
 * the same GET with undici and returning the body as text. Its overhead over the direct call is pipes, JSON-RPC
 * framing and scheduling; what list_sites costs beyond it is this server's own work.
 */
const FLOOR_PROXY_SCRIPT = `
const { Pool } = require("undici");
const pool = new Pool(process.env.FLOOR_ORIGIN, { connections: 16, keepAliveTimeout: 30000, pipelining: 1 });
const headers = { authorization: process.env.FLOOR_AUTH, accept: "application/json", "user-agent": "floor" };
const send = (m) => process.stdout.write(JSON.stringify(m) + "\\n");
let buf = "";
process.stdin.on("data", (d) => {
  buf += d;
  let i;
  while ((i = buf.indexOf("\\n")) >= 0) {
    const m = JSON.parse(buf.slice(0, i));
    buf = buf.slice(i + 1);
    if (m.id === undefined) continue;
    if (m.method === "initialize") {
      send({ jsonrpc: "2.0", id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "floor", version: "0" } } });
    } else if (m.method === "tools/call") {
      pool.request({ method: "GET", path: process.env.FLOOR_PATH, headers }).then(async (res) => {
        const text = await res.body.text();
        send({ jsonrpc: "2.0", id: m.id, result: { content: [{ type: "text", text }] } });
      });
    } else send({ jsonrpc: "2.0", id: m.id, result: { tools: [] } });
  }
});
process.stdin.on("end", () => process.exit(0));
`;

async function spawnFloor(sim, direct) {
  return spawnServer({
    args: ["-e", FLOOR_PROXY_SCRIPT],
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { FLOOR_ORIGIN: sim.origin, FLOOR_PATH: direct.path, FLOOR_AUTH: direct.authorization },
  });
}

/** Interleaved medians: list_sites over stdio, the same GET direct, and (when given) the floor proxy. */
async function interleaved(h, direct, args, n, warmup, pid, floor) {
  const series = { mcp: [], direct: [], floor: [] };
  const runs = {
    mcp: () => callTool(h.client, "list_sites", args),
    direct: () => direct.get(),
    floor: floor ? () => floor.client.callTool({ name: "proxy", arguments: {} }) : undefined,
  };
  const kinds = Object.keys(runs).filter((k) => runs[k]);
  const timed = async (kind) => {
    const t = performance.now();
    await runs[kind]();
    return performance.now() - t;
  };
  for (let i = 0; i < warmup; i++) for (const kind of kinds) await timed(kind);
  const paired = [];
  const cpuBefore = pid ? cpuMsOf(pid) : undefined;
  for (let i = 0; i < n; i++) {
    // Rotate which goes first, so none always runs on a warmer loop.
    const order = kinds.map((_, j) => kinds[(i + j) % kinds.length]);
    const got = {};
    for (const kind of order) got[kind] = await timed(kind);
    for (const kind of kinds) series[kind].push(got[kind]);
    paired.push(got.mcp - got.direct);
  }
  const cpuAfter = pid ? cpuMsOf(pid) : undefined;
  const mcpS = stats(series.mcp);
  const rawS = stats(series.direct);
  const out = {
    calls: n,
    warmup,
    serverCpuMsPerCall: cpuBefore !== undefined && cpuAfter !== undefined ? round((cpuAfter - cpuBefore) / n, 3) : undefined,
    mcpMs: mcpS,
    directMs: rawS,
    overheadMs: round(mcpS.median - rawS.median, 3),
    pairedOverheadMs: round(median(paired), 3),
    ratio: round(mcpS.median / rawS.median, 2),
  };
  if (floor) {
    const floorS = stats(series.floor);
    out.floorMs = floorS;
    out.floorOverheadMs = round(floorS.median - rawS.median, 3);
    out.beyondFloorMs = round(mcpS.median - floorS.median, 3);
  }
  return out;
}

async function fanOut(h, direct, rounds = 5, concurrency = 100) {
  const mcpRounds = [];
  const directRounds = [];
  const mcpLat = [];
  const directLat = [];
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    const lat = await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const t = performance.now();
        await callTool(h.client, "list_sites", {});
        return performance.now() - t;
      }),
    );
    mcpRounds.push(performance.now() - t0);
    mcpLat.push(...lat);
    t0 = performance.now();
    const dlat = await Promise.all(
      Array.from({ length: concurrency }, async () => {
        const t = performance.now();
        await direct.get();
        return performance.now() - t;
      }),
    );
    directRounds.push(performance.now() - t0);
    directLat.push(...dlat);
  }
  const m = median(mcpRounds);
  const d = median(directRounds);
  return {
    concurrency,
    rounds,
    mcp: {
      wallMs: round(m, 1),
      callsPerSec: round((concurrency / m) * 1000, 0),
      p50Ms: round(median(mcpLat), 2),
      p99Ms: round(quantile(mcpLat, 0.99), 2),
    },
    direct: {
      wallMs: round(d, 1),
      callsPerSec: round((concurrency / d) * 1000, 0),
      p50Ms: round(median(directLat), 2),
      p99Ms: round(quantile(directLat, 0.99), 2),
    },
  };
}

/**
 * The server's own work per call, without processes or pipes: createServer on an in-memory transport in this
 * process vs the server's CaptainCoreClient.request for the same GET, interleaved. What remains of the stdio
 * overhead beyond this is IPC and scheduling.
 */
async function inProcess(sim, n) {
  const { Client: McpClient } = await import("@modelcontextprotocol/sdk/client/index.js");
  const { InMemoryTransport } = await import("@modelcontextprotocol/sdk/inMemory.js");
  const { loadConfig } = await import(pathToFileURL(join(DIST, "config.js")).href);
  const { createServer } = await import(pathToFileURL(join(DIST, "server.js")).href);
  const config = loadConfig(serverEnv(sim));
  const s = createServer(config);
  const [a, b] = InMemoryTransport.createLinkedPair();
  await s.server.connect(b);
  const client = new McpClient({ name: "bench-inprocess", version: "1.0.0" });
  await client.connect(a);
  sim.requests.length = 0;
  await callTool(client, "list_sites", {});
  const sent = sim.requests.at(-1);
  const get = () => s.context.client.request({ method: "GET", path: sent.path, query: sent.query });
  const mcp = [];
  const raw = [];
  for (let i = 0; i < n + 30; i++) {
    let t = performance.now();
    await callTool(client, "list_sites", {});
    const a1 = performance.now() - t;
    t = performance.now();
    await get();
    const b1 = performance.now() - t;
    if (i >= 30) {
      mcp.push(a1);
      raw.push(b1);
    }
    if (i % 100 === 0) sim.requests.length = 0;
  }
  await client.close();
  await s.close();
  return {
    calls: n,
    mcpMs: round(median(mcp), 3),
    clientRequestMs: round(median(raw), 3),
    serverWorkMs: round(median(mcp) - median(raw), 3),
  };
}

/** Grows the simulator to `size` sites (2 environments each), cloning the seeded rows with new ids. */
function growFleet(sim, size) {
  const { sites, environments } = sim.state;
  const seeded = sites.filter((s) => s.status === "active");
  let nextSite = Math.max(...sites.map((s) => s.site_id)) + 1;
  let nextEnv = Math.max(...environments.map((e) => e.environment_id)) + 1;
  for (let i = 0; sites.length < size; i++) {
    const template = seeded[i % seeded.length];
    const site_id = nextSite++;
    const slug = `${template.site}${site_id}`;
    const name = template.name.replace(/^([^.]+)/, `$1-${site_id}`);
    sites.push({ ...structuredClone(template), site_id, site: slug, name, shared_with: [] });
    for (const env of environments.filter((e) => e.site_id === template.site_id)) {
      const environment_id = nextEnv++;
      environments.push({
        ...structuredClone(env),
        environment_id,
        site_id,
        home_url: env.home_url.replace(template.name, name),
        address: env.address.replace(template.site, slug),
        username: env.username.replace(template.site, slug),
      });
    }
  }
  return sites.length;
}

async function benchTokens(sim, h) {
  const { tools: defaultTools } = await h.client.listTools();
  const all = await spawnServer({ args: [...SHEBANG_ARGS, BIN], env: serverEnv(sim, { CAPTAINCORE_TOOLSETS: "all" }) });
  const { tools: allTools } = await all.client.listTools();
  const allMem = memoryOf(all.pid);
  await all.close();
  const heaviest = allTools
    .map((t) => ({ name: t.name, tokens: tokens(t) }))
    .sort((a, b) => b.tokens - a.tokens)
    .slice(0, 5);

  const before = sim.state.sites.length;
  const fleet = growFleet(sim, FLEET);
  const result = await callTool(h.client, "list_sites", {});
  const text = result.content.filter((c) => c.type === "text").map((c) => c.text).join("\n");
  const direct = directClient(sim, { path: "/sites" });
  const rawAnswer = await direct.get();
  await direct.close();
  return {
    toolsList: {
      default: { tools: defaultTools.length, tokens: tokens({ tools: defaultTools }) },
      all: { tools: allTools.length, tokens: tokens({ tools: allTools }), heaviest },
    },
    fleetPage: {
      sites: fleet,
      grownFrom: before,
      rows: result.structuredContent?.sites?.length,
      total: result.structuredContent?.total,
      textTokens: tokens(text),
      structuredTokens: tokens(result.structuredContent ?? {}),
      wholeResultTokens: tokens(result),
      directAnswerTokens: tokens(rawAnswer),
    },
    allServerMemory: allMem,
  };
}

/**
 * Subscribes to jobs of spread durations and measures, per job, the time from its completion (the simulator's
 * clock: created + queued + duration) to the last notifications/resources/updated for its URI (the poller stops
 * after the final status, so the last update is the one that says "completed").
 */
async function benchJobs(sim, h, count) {
  const control = jobsControl(sim.state);
  const updates = new Map();
  h.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
    const list = updates.get(n.params.uri) ?? [];
    list.push(Date.now());
    updates.set(n.params.uri, list);
  });
  // Durations spread over 1-25 s (deterministic), so the delay is not tied to one point of the poll schedule.
  const durations = Array.from({ length: count }, (_, i) => Math.round(1000 + ((i * 7919) % count) * (24_000 / count)));
  const jobs = [];
  for (const durationMs of durations) {
    control.next({ durationMs, output: "6.7.1\n" });
    const result = await callTool(h.client, "run_code", { code: "wp core version", environments: [1], wait_seconds: 0 });
    const { token, uri } = result.structuredContent;
    const job = control.jobs.get(token);
    await h.client.subscribeResource({ uri });
    jobs.push({ token, uri, durationMs, completedAt: job.createdMs + job.queuedMs + job.durationMs });
  }
  // Bounded wait: the longest job plus the longest poll interval plus slack.
  const deadline = Math.max(...jobs.map((j) => j.completedAt)) + 20_000;
  while (Date.now() < deadline) {
    if (jobs.every((j) => (updates.get(j.uri) ?? []).some((t) => t >= j.completedAt))) break;
    await sleep(100);
  }
  await sleep(300);
  const delays = [];
  const rows = jobs.map((j) => {
    const last = (updates.get(j.uri) ?? []).at(-1);
    const delayMs = last !== undefined && last >= j.completedAt ? last - j.completedAt : undefined;
    if (delayMs !== undefined) delays.push(delayMs);
    return { durationMs: j.durationMs, delayMs, updates: (updates.get(j.uri) ?? []).length };
  });
  for (const j of jobs) await h.client.unsubscribeResource({ uri: j.uri }).catch(() => {});
  return { jobs: rows, notified: delays.length, delayMs: delays.length ? stats(delays) : undefined };
}

// ---------- the run ----------

function machine() {
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model;
  let nproc;
  try {
    nproc = Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {
    nproc = cpus().length;
  }
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
  return { nproc, node: process.version, cpu: cpuModel, loadavg: load };
}

async function main() {
  const started = Date.now();
  const results = { date: new Date().toISOString(), bin: BIN, phases: [...PHASES], machine: machine() };
  log(`machine: ${results.machine.nproc} cores, ${results.machine.cpu}, node ${results.machine.node}, load ${results.machine.loadavg.join(" ")}`);
  const sim = await startSimulator({ latencyMs: 0 });
  try {
    if (PHASES.has("startup")) {
      log(`startup: ${STARTUP_RUNS} runs each of --demo, configured, node floor`);
      results.startup = await benchStartup(sim);
    }

    const h = await spawnServer({ args: [...SHEBANG_ARGS, ...NODE_ARGS, BIN], env: serverEnv(sim) });
    const phases = {};
    const mark = (phase) => (phases[phase] = memoryOf(h.pid));
    // Learn the exact request list_sites sends, and replay it directly.
    sim.requests.length = 0;
    await callTool(h.client, "list_sites", {});
    const sent = sim.requests.at(-1);
    const direct = directClient(sim, { path: sent.path, query: sent.query });

    if (PHASES.has("overhead")) {
      log(`overhead: ${CALLS} interleaved calls (list_sites vs GET ${direct.path} vs a bare stdio proxy)`);
      const floor = await spawnFloor(sim, direct);
      results.overhead = await interleaved(h, direct, {}, CALLS, 50, h.pid, floor);
      await floor.close();
      sim.requests.length = 0;
      mark("overhead");
      log("in-process: the server's own work per call, without IPC");
      results.inProcess = await inProcess(sim, 300);
      sim.requests.length = 0;
    }

    if (PHASES.has("fanout")) {
      log("fan-out: 100 concurrent calls × 5 rounds, simulator latency 0 ms; × 3 rounds at 50 ms");
      results.fanOut = await fanOut(h, direct);
      sim.latencyMs = 50;
      results.fanOutLatency50 = await fanOut(h, direct, 3);
      sim.latencyMs = 0;
      sim.requests.length = 0;
      mark("fanOut");
    }

    if (PHASES.has("tokens")) {
      log("tokens: tools/list default and all, 500-site fleet");
      results.tokens = await benchTokens(sim, h);
      mark("fleetPage");
      log("overhead on the 500-site fleet: 100 interleaved calls");
      results.overheadFleet = await interleaved(h, direct, {}, 100, 10, h.pid);
      sim.requests.length = 0;
      mark("overheadFleet");
    }

    if (PHASES.has("search")) {
      log("search: search_operations top-1/top-3 on the phrasing sets of test/data (learned from, check2, held-out, fresh, fresh2) (bench/search.js)");
      results.search = await benchSearch(DIST, serverEnv(sim), join(here, "../test/data"));
    }

    if (PHASES.has("jobs") && JOBS > 0) {
      log(`jobs: ${JOBS} subscribed jobs of 1-25 s (about 45 s)`);
      results.jobs = await benchJobs(sim, h, JOBS);
      mark("jobs");
    }

    if (PHASES.has("team")) {
      log("team: list_sites over stateless HTTP, per-user vs shared identity; 20 people × 20 concurrent calls");
      results.team = await (await import("./team.js")).benchTeam(DIST, sim);
    }

    results.memory = { server: memoryOf(h.pid), afterPhase: phases, serverAll: results.tokens?.allServerMemory };
    if (results.tokens) delete results.tokens.allServerMemory;
    await direct.close();
    await h.close();
  } finally {
    for (const child of [...children]) await child.close();
    await sim.stop();
  }
  if (PHASES.has("captures")) results.captures = await benchCaptures(DIST, log);
  results.durationSec = round((Date.now() - started) / 1000, 1);
  results.machine.loadavgAfter = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
  if (PHASES.has("fleet")) results.fleet = await (await import("./fleet.js")).benchFleet({ dist: DIST, bin: BIN, log });
  if (PHASES.has("tasks")) results.tasks = await (await import("./tasks.js")).benchTasks({ bin: BIN, log });
  results.targets = verdicts(results);
  writeFileSync(OUT, JSON.stringify(results, null, 2) + "\n");
  printTable(results);
  if (results.fleet) (await import("./fleet.js")).printFleet(results.fleet);
  if (results.tasks) (await import("./tasks.js")).printTasks(results.tasks);
  log(`wrote ${OUT} in ${results.durationSec} s`);
}

function verdicts(r) {
  const check = (value, target) => (value === undefined ? undefined : { value, target, ok: value <= target });
  return {
    startupMs: check(r.startup?.demo.wallMs.median, TARGETS.startupMs),
    overheadMs: check(r.overhead?.overheadMs, TARGETS.overheadMs),
    toolsDefaultTokens: check(r.tokens?.toolsList.default.tokens, TARGETS.toolsDefaultTokens),
    toolsAllTokens: check(r.tokens?.toolsList.all.tokens, TARGETS.toolsAllTokens),
    fleetPageTokens: check(r.tokens?.fleetPage.wholeResultTokens, TARGETS.fleetPageTokens),
    peakRssMb: check(r.memory.server.peakRssMb, TARGETS.peakRssMb),
    jobNotifyMs: check(r.jobs?.delayMs?.median, TARGETS.jobNotifyMs),
  };
}

function printTable(r) {
  const rows = [];
  const add = (what, value, target, note = "") => rows.push([what, String(value ?? "-"), target ?? "", note]);
  const ok = (v) => (v === undefined ? "" : v.ok ? "ok" : "MISSED");
  const t = r.targets;
  const s = r.startup;
  if (s) {
    add("startup --demo → tools/list (median ms)", s.demo.wallMs.median, `≤ ${TARGETS.startupMs} ${ok(t.startupMs)}`,
      `cpu ${s.demo.cpuMs.median} ms; p90 ${s.demo.wallMs.p90}`);
    add("startup configured → tools/list (median ms)", s.configured.wallMs.median, "", `cpu ${s.configured.cpuMs.median} ms`);
    add("startup node floor (trivial stdio server)", s["node-floor"].wallMs.median, "", `cpu ${s["node-floor"].cpuMs.median} ms`);
  }
  const o = r.overhead;
  if (o) {
    add("list_sites via MCP stdio (median ms)", o.mcpMs.median, "", `p90 ${o.mcpMs.p90}, n=${o.calls}`);
    add("GET /sites direct undici (median ms)", o.directMs.median, "", `p90 ${o.directMs.p90}`);
    add("overhead per call (ms, ratio)", `${o.overheadMs} (×${o.ratio})`, `≤ ${TARGETS.overheadMs} ${ok(t.overheadMs)}`,
      `paired median ${o.pairedOverheadMs}; server cpu ${o.serverCpuMsPerCall} ms/call`);
    add("bare stdio proxy, same GET (median ms)", o.floorMs.median, "",
      `floor overhead ${o.floorOverheadMs}; list_sites beyond floor ${o.beyondFloorMs}`);
    const ip = r.inProcess;
    add("server work per call, in-process (ms)", ip.serverWorkMs, "", `in-memory MCP ${ip.mcpMs} vs client.request ${ip.clientRequestMs}`);
  }
  const of = r.overheadFleet;
  if (of) {
    add("overhead, 500-site fleet (ms, ratio)", `${of.overheadMs} (×${of.ratio})`, "",
      `mcp ${of.mcpMs.median}, direct ${of.directMs.median}; server cpu ${of.serverCpuMsPerCall} ms/call`);
  }
  for (const [label, f] of [["fan-out 100, sim 0 ms", r.fanOut], ["fan-out 100, sim 50 ms", r.fanOutLatency50]]) {
    if (!f) continue;
    add(`${label}: MCP calls/s, p50/p99 ms`, `${f.mcp.callsPerSec}/s`, "", `${f.mcp.p50Ms} / ${f.mcp.p99Ms}`);
    add(`${label}: direct calls/s, p50/p99 ms`, `${f.direct.callsPerSec}/s`, "", `${f.direct.p50Ms} / ${f.direct.p99Ms}`);
  }
  const tk = r.tokens;
  if (tk) {
    add(`tools/list default (${tk.toolsList.default.tools} tools) tokens`, tk.toolsList.default.tokens,
      `≤ ${TARGETS.toolsDefaultTokens} ${ok(t.toolsDefaultTokens)}`);
    add(`tools/list all (${tk.toolsList.all.tools} tools) tokens`, tk.toolsList.all.tokens, `≤ ${TARGETS.toolsAllTokens} ${ok(t.toolsAllTokens)}`);
    add(`list_sites, ${tk.fleetPage.sites} sites, default page tokens`, tk.fleetPage.wholeResultTokens,
      `≤ ${TARGETS.fleetPageTokens} ${ok(t.fleetPageTokens)}`,
      `text ${tk.fleetPage.textTokens}, structured ${tk.fleetPage.structuredTokens}; raw API ${tk.fleetPage.directAnswerTokens}`);
  }
  if (r.search) rows.push(...searchRows(r.search));
  add("server peak RSS (MB)", r.memory.server.peakRssMb, `≤ ${TARGETS.peakRssMb} ${ok(t.peakRssMb)}`,
    `all-toolsets server ${r.memory.serverAll?.peakRssMb ?? "-"}; --demo ${s?.demo.peakRssMb ?? "-"}`);
  if (r.jobs) {
    add("job done → resources/updated (median ms)", r.jobs.delayMs?.median, `≤ ${TARGETS.jobNotifyMs} ${ok(t.jobNotifyMs)}`,
      `p90 ${r.jobs.delayMs?.p90}, max ${r.jobs.delayMs?.max}, ${r.jobs.notified}/${r.jobs.jobs.length} notified`);
  }
  if (r.captures) rows.push(...captureRows(r.captures));
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) => `${row[0].padEnd(w[0])}  ${row[1].padStart(w[1])}  ${row[2].padEnd(w[2])}  ${row[3]}`;
  process.stdout.write(
    `\ncaptaincore-mcp bench — ${r.machine.nproc} cores, ${r.machine.cpu}, node ${r.machine.node}, ` +
      `load ${r.machine.loadavg.join(" ")} → ${r.machine.loadavgAfter.join(" ")}\n\n` +
      [line(["measure", "value", "target", "notes"]), line(w.map((n) => "-".repeat(n)).concat("-----")), ...rows.map(line)].join("\n") +
      "\n\n",
  );
}

const stopAll = async () => {
  for (const child of [...children]) await child.close();
  process.exit(130);
};
process.on("SIGINT", stopAll);
process.on("SIGTERM", stopAll);

main().then(
  () => process.exit(0),
  async (err) => {
    process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
    for (const child of [...children]) await child.close();
    process.exit(1);
  },
);
