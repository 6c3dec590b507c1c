import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { siteEnvironments, visibleSites, type SimEnvironment, type SimState, type SimUser } from "../src/simulator/state.js";
import { data, errorOf, startHarness, text, type Any, type Harness } from "./harness.js";

/** Every environment of the user's active sites, in the server's order (site name). */
function envs(state: SimState, user: SimUser): SimEnvironment[] {
  return [...visibleSites(state, user)]
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((s) => siteEnvironments(state, s.site_id));
}

function tally(list: SimEnvironment[], slug: string, field: "version" | "status"): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of list) for (const c of e.plugins) if (c.name === slug) out[c[field]] = (out[c[field]] ?? 0) + 1;
  return out;
}

/** site_id → {production|staging: environment_id} for the matching environments. */
function expectedSites(list: SimEnvironment[], match: (e: SimEnvironment) => boolean): Any[] {
  const bySite = new Map<number, Any>();
  for (const e of list.filter(match)) {
    const row = bySite.get(e.site_id) ?? { site_id: e.site_id, environments: {} };
    row.environments[e.environment.toLowerCase()] = e.environment_id;
    bySite.set(e.site_id, row);
  }
  return [...bySite.values()];
}

describe("filters toolset, as an administrator", () => {
  let h: Harness;
  let all: SimEnvironment[];
  beforeAll(async () => {
    h = await startHarness({ user: "admin", toolsets: "filters" });
    all = envs(h.sim.state, h.sim.state.users[0]!);
  });
  afterAll(() => h.close());

  const last = () => h.sim.requests[h.sim.requests.length - 1]!;
  /** The filter request itself (the names are read afterwards with POST /sites/fetch). */
  const lastFilter = () => h.sim.requests.filter((r) => r.path === "/filters/sites").at(-1)!;

  it("counts the versions of several plugins in one call, slugs joined by a literal comma", async () => {
    const out = data(await h.call("list_component_versions", { slugs: ["woocommerce", "akismet", "no-such-plugin"] }));
    expect(last().path).toBe("/filters/woocommerce,akismet,no-such-plugin/versions");
    expect(out.components).toEqual([
      { slug: "woocommerce", type: "plugin", versions: tally(all, "woocommerce", "version") },
      { slug: "akismet", type: "plugin", versions: tally(all, "akismet", "version") },
    ]);
    expect(Object.keys(out.components[0].versions).length).toBeGreaterThan(1);
    expect(out.not_installed).toEqual(["no-such-plugin"]);
  });

  it("counts statuses", async () => {
    const out = data(await h.call("list_component_statuses", { slugs: ["woocommerce"] }));
    expect(out.components[0].statuses).toEqual(tally(all, "woocommerce", "status"));
    const bad = await h.call("list_component_statuses", { slugs: ["a/b"] });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain("Nothing was sent");
  });

  it("finds the sites running one version of a plugin, named, with their environments", async () => {
    const versions = Object.keys(tally(all, "woocommerce", "version"));
    const version = versions[0]!;
    const out = data(await h.call("find_sites_by_component", { plugins: [`woocommerce@${version}`] }));
    expect(lastFilter().body).toEqual({ logic: "AND", plugins: [{ name: "woocommerce" }], versions: [{ slug: "woocommerce", name: version, type: "plugins" }] });
    const expected = expectedSites(all, (e) => e.plugins.some((c) => c.name === "woocommerce" && c.version === version));
    expect(out.sites.map((s: Any) => ({ site_id: s.site_id, environments: s.environments }))).toEqual(expected);
    expect(out.sites[0].name).toBe(h.sim.state.sites.find((s) => s.site_id === expected[0]!.site_id)!.name);
    expect(out.total).toBe(expected.length);
    expect(out.total_environments).toBe(all.filter((e) => e.plugins.some((c) => c.name === "woocommerce" && c.version === version)).length);
    expect(last()).toMatchObject({ path: "/sites/fetch", body: { post_ids: expected.map((s) => s.site_id) } });
  });

  it("ORs several versions of one slug, and ANDs different slugs", async () => {
    const versions = Object.keys(tally(all, "woocommerce", "version"));
    const out = data(await h.call("find_sites_by_component", { plugins: versions.map((v) => `woocommerce@${v}`), limit: 500 }));
    expect(lastFilter().body).toMatchObject({ version_logic: "OR" });
    expect(out.total_environments).toBe(all.filter((e) => e.plugins.some((c) => c.name === "woocommerce")).length);
    const both = data(await h.call("find_sites_by_component", { plugins: ["woocommerce", "akismet"], limit: 500 }));
    expect(both.total_environments).toBe(all.filter((e) => ["woocommerce", "akismet"].every((n) => e.plugins.some((c) => c.name === n))).length);
    const before = h.sim.requests.length;
    const mixed = await h.call("find_sites_by_component", { plugins: ["woocommerce@1.0", "woocommerce@2.0", "akismet@5.3.7"] });
    expect(mixed.isError).toBe(true);
    expect(text(mixed)).toContain("split it into two calls");
    expect(h.sim.requests.length).toBe(before);
  });

  it("filters by status, theme and WordPress version", async () => {
    const inactive = data(await h.call("find_sites_by_component", { statuses: ["woocommerce@inactive"], limit: 500 }));
    expect(lastFilter().body).toMatchObject({ plugins: [{ name: "woocommerce" }], statuses: [{ slug: "woocommerce", name: "inactive", type: "plugins" }] });
    expect(inactive.total_environments).toBe(all.filter((e) => e.plugins.some((c) => c.name === "woocommerce" && c.status === "inactive")).length);
    const theme = all[0]!.themes[0]!;
    const themed = data(await h.call("find_sites_by_component", { themes: [`${theme.name}@${theme.version}`], limit: 500 }));
    expect((lastFilter().body as { versions: unknown }).versions).toEqual([{ slug: theme.name, name: theme.version, type: "themes" }]);
    expect(themed.total_environments).toBe(all.filter((e) => e.themes.some((c) => c.name === theme.name && c.version === theme.version)).length);
    const core = data(await h.call("find_sites_by_component", { core: ["6.5.5"], limit: 500 }));
    expect(core.total_environments).toBe(all.filter((e) => e.core === "6.5.5").length);
    expect(core.total_environments).toBeGreaterThan(0);
  });

  it("still answers with ids when the names cannot be read", async () => {
    h.sim.inject({ method: "POST", path: "/sites/fetch", status: 500, body: { code: "boom", message: "down", data: { status: 500 } } });
    const out = data(await h.call("find_sites_by_component", { plugins: ["akismet"], limit: 1 }));
    const first = all.find((e) => e.plugins.some((c) => c.name === "akismet"))!;
    expect(out.sites[0]).toEqual({ site_id: first.site_id, environment_ids: all.filter((e) => e.site_id === first.site_id && e.plugins.some((c) => c.name === "akismet")).map((e) => e.environment_id) });
    expect(out.note).toContain("ids only");
  });

  it("pages sites", async () => {
    const first = data(await h.call("find_sites_by_component", { plugins: ["akismet"], limit: 2 }));
    expect(first.sites).toHaveLength(2);
    expect(first.next_offset).toBe(2);
    const rest = data(await h.call("find_sites_by_component", { plugins: ["akismet"], limit: 2, offset: 2 }));
    expect(rest.sites[0].site_id).not.toBe(first.sites[0].site_id);
  });

  it("needs a criterion and refuses bad values before sending", async () => {
    const before = h.sim.requests.length;
    for (const args of [{}, { plugins: [] }, { statuses: ["akismet"] }, { core: ["latest"] }, { plugins: ["woo commerce"] }]) {
      const result = await h.call("find_sites_by_component", args);
      expect(result.isError).toBe(true);
      expect(text(result)).toContain("Nothing was sent");
    }
    expect(h.sim.requests.length).toBe(before);
  });

  it("says plainly that the legacy POST /filters is broken and what to use", async () => {
    const result = await h.call("filter_sites_legacy", { plugins: ["woocommerce"] });
    expect(result.isError).toBe(true);
    expect(errorOf(result)).toMatchObject({ status: 500 });
    expect(text(result)).toContain("find_sites_by_component");
    expect(last().body).toEqual({ plugins: [{ name: "woocommerce" }] });
  });
});

describe("filters toolset, scoped to a non-admin", () => {
  it("sees only its own sites' environments", async () => {
    const h = await startHarness({ user: "client", toolsets: "filters" });
    try {
      const mine = envs(h.sim.state, h.sim.state.users[1]!);
      const visible = new Set(mine.map((e) => e.site_id));
      const out = data(await h.call("find_sites_by_component", { plugins: ["akismet"], limit: 500 }));
      expect(out.sites.length).toBeGreaterThan(0);
      expect(out.sites.every((s: Any) => visible.has(s.site_id))).toBe(true);
      expect(out.total_environments).toBe(mine.filter((e) => e.plugins.some((c) => c.name === "akismet")).length);
      const counts = data(await h.call("list_component_versions", { slugs: ["akismet"] }));
      expect(counts.components[0].versions).toEqual(tally(mine, "akismet", "version"));
    } finally {
      await h.close();
    }
  });
});
