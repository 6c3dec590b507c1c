/**
 * A scripted agent for the agency task suite (test/tasks) and its bench (bench/tasks.js): the BUILT server
 * (dist/cli.js --demo) over stdio with the SDK's client, counting what a model would pay for each task — calls,
 * tokens of the text it reads (o200k, gpt-tokenizer), wall time — plus an admin view of the demo simulator over
 * HTTP, to check the agent's answer against the simulator's state.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { encode } from "gpt-tokenizer";
import { fileURLToPath } from "node:url";

const DEFAULT_BIN = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
/** The demo's seeded administrator (src/simulator/state.ts SEED_USERS), to read the simulator's state back. */
const ADMIN = { username: "ccadmin", password: "demo-admin-pass-0001-0002" };

/** What the model reads of a result: its text items and links (structuredContent repeats the text). */
export function modelTokens(result) {
  const parts = (result.content ?? []).map((c) => (c.type === "text" ? c.text : JSON.stringify(c)));
  return encode(parts.join("\n")).length;
}

export async function startAgent({ bin = DEFAULT_BIN, env = {} } = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, "--demo"],
    env: { ...process.env, CAPTAINCORE_DEMO_JOB_MS: "300", CAPTAINCORE_TOOLSETS: "default", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  const simUrl = new Promise((resolve, reject) => {
    transport.stderr?.on("data", (chunk) => {
      stderr += chunk;
      const m = /simulator at (\S+)/.exec(stderr);
      if (m) resolve(m[1]);
    });
    setTimeout(() => reject(new Error(`no simulator URL on stderr: ${stderr}`)), 15_000).unref();
  });
  const client = new Client({ name: "agency-agent", version: "1.0.0" });
  await client.connect(transport);
  const api = await simUrl;
  const auth = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString("base64")}`;
  const stats = { calls: 0, tokens: 0, ms: 0, log: [] };
  const started = performance.now();

  const agent = {
    client,
    stats,
    /** One tool call as the model makes it; returns the structured answer (or the error text). */
    async call(name, args = {}) {
      const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
      stats.calls++;
      const tokens = modelTokens(result);
      stats.tokens += tokens;
      stats.log.push({ name, args, tokens, isError: !!result.isError });
      const text = (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
      return { ok: !result.isError, data: result.structuredContent ?? {}, text, result };
    },
    /** The simulator's own answer, as the administrator unless told (for checks, not counted as agent work). */
    async sim(method, path, body, as) {
      const login = as ? `Basic ${Buffer.from(`${as.username}:${as.password}`).toString("base64")}` : auth;
      const res = await fetch(`${api}${path}`, {
        method,
        headers: { authorization: login, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return res.json();
    },
    finish() {
      stats.ms = Math.round(performance.now() - started);
      return stats;
    },
    async close() {
      await client.close();
    },
  };
  return agent;
}
