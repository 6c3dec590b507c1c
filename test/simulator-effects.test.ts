/** The simulator does what it reports: writes change what later reads answer (HTTP to the simulator only). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_USERS, startSimulator, type Simulator } from "../src/simulator/index.js";

let sim: Simulator;
const auth = `Basic ${Buffer.from(`${SEED_USERS.admin.username}:${SEED_USERS.admin.password}`).toString("base64")}`;

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sim.url}${path}`, { method, headers: { authorization: auth, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json();
}

/** Starts an async job and polls it to the end, as a client would. */
async function runJob(path: string, body: Record<string, unknown>): Promise<string> {
  const { token } = await api("POST", path, { ...body, async: true });
  for (;;) {
    const job = await api("GET", `/my-jobs/${token}`);
    if (job.status === "completed") return job.response;
    if (job.status !== "queued" && job.status !== "started") throw new Error(JSON.stringify(job));
    await new Promise((r) => setTimeout(r, 20));
  }
}

const env = async (siteId: number, name: string) => (await api("GET", `/sites/${siteId}/environments`)).find((e: any) => e.environment === name);
const pending = (e: any) => e.plugins.filter((p: any) => p.update === "available").map((p: any) => p.name);

beforeAll(async () => {
  sim = await startSimulator({ jobMs: 30 });
});
afterAll(() => sim.stop());

describe("simulated writes are applied", () => {
  it("sites/cli update installs the newest releases, except the excluded plugins", async () => {
    const before = await env(1, "Production");
    expect(pending(before).length).toBeGreaterThan(0);
    const keep = pending(before)[0];
    await api("PUT", "/sites/1/settings", { environment: "production", value: { updates_enabled: 1, updates_exclude_plugins: [keep], updates_exclude_themes: [] } });
    expect((await env(1, "Production")).updates_exclude_plugins).toEqual([keep]);
    await runJob("/sites/cli", { post_id: 1, command: "update" });
    expect(pending(await env(1, "Production"))).toEqual([keep]);
  });

  it("run/code wp plugin update changes the version it reports and adds a quicksave", async () => {
    const target = (await env(2, "Staging")).plugins.find((p: any) => p.update === "available");
    const before = (await api("GET", "/quicksaves?site_id=2&environment=staging")).length;
    const output = await runJob("/run/code", { code: `wp plugin update ${target.name}`, environments: [{ site_id: 2, environment: "staging" }] });
    const after = (await env(2, "Staging")).plugins.find((p: any) => p.name === target.name);
    expect(output).toContain(`to ${after.version}`);
    expect(after.update).toBe("none");
    expect(after.version).not.toBe(target.version);
    expect((await api("GET", "/quicksaves?site_id=2&environment=staging")).length).toBe(before + 1);
  });

  it("a rollback through sites/cli restores the quicksave's version", async () => {
    const saves = await api("GET", "/quicksaves?site_id=3&environment=production");
    const oldest = saves.at(-1);
    const detail = await api("GET", `/quicksaves/${oldest.hash}?site_id=3&environment=production`);
    const plugin = detail.plugins[0];
    await runJob("/sites/cli", { post_id: 3, command: "rollback", commit: oldest.hash, version: "this", addon_type: "plugin", value: plugin.name });
    expect((await env(3, "Production")).plugins.find((p: any) => p.name === plugin.name).version).toBe(plugin.version);
  });

  it("update-wp brings core up; sync-data clears outdated; remove takes the site out of the list", async () => {
    const behind = (await api("GET", "/sites")).find((s: any) => s.core !== "6.7.1");
    await runJob("/sites/cli", { post_id: Number(behind.site_id), command: "update-wp" });
    expect((await api("GET", "/sites")).find((s: any) => s.site_id === behind.site_id).core).toBe("6.7.1");

    const stale = (await api("GET", "/sites")).find((s: any) => s.outdated);
    expect(stale).toBeDefined();
    await runJob("/sites/bulk-tools", { tool: "sync-data", environments: [Number(stale.environments[0].environment_id)] });
    expect((await api("GET", "/sites")).find((s: any) => s.site_id === stale.site_id).outdated).toBe(false);

    await api("POST", "/sites/cli", { post_id: 12, command: "remove" });
    expect((await api("GET", "/sites")).some((s: any) => s.site_id === "12")).toBe(false);
  });
});
