/** list_pending_updates: the fleet's pending updates in one call, with bounded fan-out, caching and partial results. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { data, startHarness, text, type Harness } from "./harness.js";

let sim: Simulator;
let h: Harness;
beforeAll(async () => {
  sim = await startSimulator({ jobMs: 50 });
  h = await startHarness({ sim, toolsets: "default" });
});
afterAll(async () => {
  await h.close();
  await sim.stop();
});

/** What the simulator's database says is waiting on production, by site. */
function truth(): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const env of sim.state.environments.filter((e) => e.environment === "Production")) {
    const site = sim.state.sites.find((s) => s.site_id === env.site_id)!;
    if (site.status !== "active") continue;
    const slugs = [...env.plugins, ...env.themes].filter((c) => c.update === "available").map((c) => c.name);
    if (slugs.length) out.set(env.site_id, slugs.sort());
  }
  return out;
}

describe("list_pending_updates", () => {
  it("says →newer, and why, when a filtered call cannot tell the target version", async () => {
    // A session of its own: nothing read before, so one site is all it knows.
    const fresh = await startHarness({ sim, toolsets: "default" });
    try {
      const site = [...truth().keys()][0]!;
      const out = data(await fresh.call("list_pending_updates", { site_ids: [site] }));
      const labels: string[] = out.sites.flatMap((r: any) => [...(r.plugins ?? []), ...(r.themes ?? [])]);
      expect(labels.length).toBeGreaterThan(0);
      for (const l of labels) expect(l).toMatch(/→(newer|\d)/);
      // The simulator's site 1 has akismet 5.3.5 waiting; 5.3.7 is only known from other sites.
      expect(labels).toContain("akismet 5.3.5→newer");
      expect(out.targets).toContain("without site or plugin filters");
      const all = data(await fresh.call("list_pending_updates", { limit: 200 }));
      expect(all.sites.find((r: any) => r.site_id === site).plugins).toContain("akismet 5.3.5→5.3.7");
    } finally {
      await fresh.close();
    }
  });

  it("answers for the whole fleet in one call, matching the simulator", async () => {
    const out = data(await h.call("list_pending_updates", { limit: 200 }));
    const expected = truth();
    const got = new Map<number, string[]>(
      out.sites
        .filter((r: any) => r.plugins || r.themes)
        .map((r: any) => [r.site_id, [...(r.plugins ?? []), ...(r.themes ?? [])].map((l: string) => l.split(" ")[0]).sort()]),
    );
    expect(got).toEqual(expected);
    expect(out.checked_sites).toBe(sim.state.sites.length);
    expect(out.environment).toContain("staging or all for the rest");
    expect(out.components.length).toBeGreaterThan(0);
    const top = out.components[0];
    expect(top.sites).toBe([...expected.values()].filter((s) => s.includes(top.slug)).length);
  });

  it("filters by plugin slug (which sites need X) and by site (what does Y need), reusing cached answers", async () => {
    const before = sim.count("GET", /^\/sites\/\d+\/environments$/);
    const byPlugin = data(await h.call("list_pending_updates", { plugins: ["woocommerce"] }));
    const expected = [...truth()].filter(([, s]) => s.includes("woocommerce")).map(([id]) => id);
    expect(byPlugin.sites.map((r: any) => r.site_id).sort()).toEqual(expected.sort());
    expect(byPlugin.components.map((c: any) => c.slug)).toEqual(expected.length ? ["woocommerce"] : []);
    const one = data(await h.call("list_pending_updates", { site_ids: [1] }));
    expect(one.checked_sites).toBe(1);
    expect(sim.count("GET", /^\/sites\/\d+\/environments$/)).toBe(before);
  });

  it("names the sites it could not read and still answers for the rest", async () => {
    sim.inject({ method: "GET", path: "/sites/3/environments", status: 500, body: { code: "boom", message: "Broken", data: { status: 500 } }, times: 5 });
    const result = await h.call("list_pending_updates", { refresh: true });
    const out = data(result);
    expect(out.failed).toEqual([expect.objectContaining({ site_id: 3 })]);
    expect(out.checked_sites).toBe(sim.state.sites.length);
    expect(text(result)).toContain("could not be read");
    sim.clearFaults();
  });

  it("waits out a 429 and reads the site", async () => {
    sim.inject({ method: "GET", path: "/sites/2/environments", status: 429, headers: { "retry-after": "1" }, body: { code: "too_many", message: "Slow down", data: { status: 429 } } });
    const out = data(await h.call("list_pending_updates", { site_ids: [2], refresh: true }));
    expect(out.failed).toBeUndefined();
    expect(out.checked_sites).toBe(1);
  });

  it("sees an update applied by run_code (cache cleared by the run)", async () => {
    const site = [...truth().keys()][0]!;
    await h.call("list_pending_updates", {});
    const ran = data(await h.call("run_code", { code: "wp plugin update --all", environments: [{ site_id: site, environment: "production" }], wait_seconds: 10 }));
    expect(ran.status).toBe("completed");
    const after = data(await h.call("list_pending_updates", { site_ids: [site] }));
    expect((after.sites[0]?.plugins ?? []).length).toBe(0);
  });
});

describe("list_pending_updates with a slug filter on a cold cache", () => {
  it("reads only the sites that have the plugin installed", async () => {
    const cold = await startHarness({ sim, toolsets: "default" });
    try {
      const installed = new Set(sim.state.environments.filter((e) => e.plugins.some((p) => p.name === "woocommerce")).map((e) => e.site_id));
      const before = sim.count("GET", /^\/sites\/\d+\/environments$/);
      const out = data(await cold.call("list_pending_updates", { plugins: ["woocommerce"] }));
      expect(sim.count("GET", /^\/sites\/\d+\/environments$/) - before).toBe(installed.size);
      expect(out.sites.every((r: any) => installed.has(r.site_id))).toBe(true);
    } finally {
      await cold.close();
    }
  });
});

describe("list_pending_updates progress", () => {
  it("reports progress as sites complete when the client asks for it", async () => {
    const seen: number[] = [];
    const result = await h.client.callTool({ name: "list_pending_updates", arguments: { refresh: true } }, undefined, {
      onprogress: (p) => {
        seen.push(p.progress);
      },
    });
    expect(result.isError).toBeFalsy();
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(sim.state.sites.filter((s) => s.status === "active").length);
  });
});
