/**
 * Bench phase "fleet": list_pending_updates over a 500-site fleet with 50 ms of simulated latency per request,
 * through the built bin over stdio — wall time, requests sent to CaptainCore, tokens of the first page (o200k, what
 * the model reads), then the same question again within the cache window. Targets: ≤ 10 s, ≤ 4k tokens.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { encode } from "gpt-tokenizer";

const SITES = 500;
const LATENCY_MS = 50;
export const FLEET_TARGETS = { wallMs: 10_000, firstPageTokens: 4_000 };

const textTokens = (result) => encode((result.content ?? []).map((c) => (c.type === "text" ? c.text : JSON.stringify(c))).join("\n")).length;

export async function benchFleet({ dist, bin, log = () => {} }) {
  const { startSimulator, SEED_USERS } = await import(pathToFileURL(join(dist, "simulator/index.js")).href);
  const sim = await startSimulator({ extraSites: SITES - 12, latencyMs: LATENCY_MS });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin],
    env: {
      ...process.env,
      CAPTAINCORE_URL: sim.origin,
      CAPTAINCORE_USERNAME: SEED_USERS.admin.username,
      CAPTAINCORE_APP_PASSWORD: SEED_USERS.admin.password,
      CAPTAINCORE_TOOLSETS: "default",
    },
    stderr: "ignore",
  });
  const client = new Client({ name: "bench-fleet", version: "1.0.0" });
  try {
    await client.connect(transport);
    const measure = async (args) => {
      const before = sim.requests.length;
      const started = performance.now();
      const result = await client.callTool({ name: "list_pending_updates", arguments: args }, undefined, { timeout: 120_000 });
      return { wallMs: Math.round(performance.now() - started), requests: sim.requests.length - before, tokens: textTokens(result), data: result.structuredContent ?? {} };
    };
    log(`fleet: list_pending_updates over ${SITES} sites, ${LATENCY_MS} ms per request`);
    const first = await measure({});
    const again = await measure({ plugins: ["woocommerce"] });
    return {
      sites: SITES,
      latencyMs: LATENCY_MS,
      concurrency: Number(process.env.CAPTAINCORE_FLEET_CONCURRENCY) || 6,
      first: { wallMs: first.wallMs, requests: first.requests, firstPageTokens: first.tokens, sitesWithUpdates: first.data.sites_with_updates, failed: first.data.failed?.length ?? 0 },
      cachedFollowUp: { wallMs: again.wallMs, requests: again.requests, tokens: again.tokens },
      targets: {
        wallMs: { value: first.wallMs, target: FLEET_TARGETS.wallMs, ok: first.wallMs <= FLEET_TARGETS.wallMs },
        firstPageTokens: { value: first.tokens, target: FLEET_TARGETS.firstPageTokens, ok: first.tokens <= FLEET_TARGETS.firstPageTokens },
      },
    };
  } finally {
    await client.close().catch(() => {});
    await sim.stop();
  }
}

export function printFleet(r) {
  const ok = (t) => (t.ok ? "ok" : "MISSED");
  process.stdout.write(
    `\nlist_pending_updates, ${r.sites} sites, ${r.latencyMs} ms/request, concurrency ${r.concurrency}\n` +
      `  wall time          ${r.first.wallMs} ms   (≤ ${r.targets.wallMs.target} ${ok(r.targets.wallMs)})\n` +
      `  requests sent      ${r.first.requests}\n` +
      `  first page tokens  ${r.first.firstPageTokens}   (≤ ${r.targets.firstPageTokens.target} ${ok(r.targets.firstPageTokens)})\n` +
      `  sites with updates ${r.first.sitesWithUpdates}, failed ${r.first.failed}\n` +
      `  follow-up (woocommerce, cached): ${r.cachedFollowUp.wallMs} ms, ${r.cachedFollowUp.requests} requests, ${r.cachedFollowUp.tokens} tokens\n`,
  );
}
