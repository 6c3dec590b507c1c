import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allSecrets } from "../src/simulator/index.js";
import { data, startHarness, text, type Harness } from "./harness.js";

describe("sites toolset, as an administrator", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ user: "admin", toolsets: "default" });
  });
  afterAll(() => h.close());

  it("lists the whole fleet as compact rows with paging", async () => {
    const first = data(await h.call("list_sites", { limit: 5 }));
    expect(first.total).toBe(12);
    expect(first.sites).toHaveLength(5);
    expect(first.next_offset).toBe(5);
    expect(first.sites[0]).toMatchObject({ site_id: 1, name: "acme-shop.test", slug: "acmeshop", account_id: 1 });
    expect(first.sites[0].environment_ids).toEqual({ production: 1, staging: 2 });
    const last = data(await h.call("list_sites", { limit: 5, offset: 10 }));
    expect(last.sites.map((s: { site_id: number }) => s.site_id)).toEqual([11, 12]);
    expect(last.next_offset).toBeUndefined();
  });

  it("filters by search text and account", async () => {
    const bluebird = data(await h.call("list_sites", { search: "BLUEBIRD" }));
    expect(bluebird.total).toBe(3);
    const cedar = data(await h.call("list_sites", { account_id: 3 }));
    expect(cedar.sites.map((s: { name: string }) => s.name)).toEqual(["cedar.co", "cedar-kitchen.test", "cedar-garden.test"]);
  });

  it("gets one site with environments summarised and every secret redacted", async () => {
    for (const detail of ["summary", "full"]) {
      const result = await h.call("get_site", { site_id: 1, detail });
      const site = data(result);
      expect(site.name).toBe("acme-shop.test");
      expect(site.environments).toHaveLength(2);
      expect(site.tabs).toBeUndefined();
      const serialized = JSON.stringify(result);
      for (const secret of allSecrets(h.sim.state)) expect(serialized).not.toContain(secret);
      if (detail === "summary") expect(site.environments[0].plugins.total).toBeGreaterThan(0);
      else expect(site.environments[0].plugins[0]).toHaveProperty("version");
    }
  });

  it("lists environments with pending updates and no credentials", async () => {
    const result = await h.call("list_site_environments", { site_id: 2 });
    const envs = data(result).environments;
    expect(envs.map((e: { environment: string }) => e.environment)).toEqual(["Production", "Staging"]);
    expect(envs[0].environment_id).toBe(3);
    expect(Array.isArray(envs[0].plugins.updates_available)).toBe(true);
    for (const secret of allSecrets(h.sim.state)) expect(JSON.stringify(result)).not.toContain(secret);
  });

  it("answers get_me", async () => {
    expect(data(await h.call("get_me")).roles).toEqual(["administrator"]);
  });

  it("rejects bad input before sending anything", async () => {
    const before = h.sim.requests.length;
    for (const args of [{ site_id: -1 }, { site_id: "one" }, { site_id: 1.5 }, {}, { site_id: 1, bogus: true }]) {
      const result = await h.call("get_site", args);
      expect(result.isError).toBe(true);
      expect(text(result)).toMatch(/site_id|bogus/);
      expect(text(result)).toContain("Nothing was sent");
    }
    expect(h.sim.requests.length).toBe(before);
  });

  it("says what to do when a site does not exist", async () => {
    const result = await h.call("get_site", { site_id: 4242 });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("403");
    expect(text(result)).toContain("list_sites");
  });
});

describe("sites toolset, scoped to a non-admin", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ user: "client", toolsets: "sites" });
  });
  afterAll(() => h.close());

  it("sees only the sites of their account plus the ones shared with it", async () => {
    const page = data(await h.call("list_sites", { limit: 50 }));
    expect(page.total).toBe(6);
    expect(page.sites.map((s: { site_id: number }) => s.site_id)).toEqual([1, 2, 3, 4, 5, 9]);
  });

  it("is refused another account's site with an actionable error", async () => {
    const result = await h.call("get_site", { site_id: 6 });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/not allowed|does not exist/);
    expect((result.structuredContent as { error: { code: string } }).error.code).toBe("forbidden");
  });

  it("fetches several sites and reports the ones it could not see", async () => {
    const out = data(await h.call("fetch_sites", { post_ids: [1, 6, 9] }));
    expect(out.sites.map((s: { site_id: number }) => s.site_id)).toEqual([1, 9]);
    expect(out.missing).toEqual([6]);
  });

  it("gets the details of a visible site", async () => {
    const out = data(await h.call("get_site_details", { site_id: 1 }));
    expect(out.account.name).toBe("Acme Corp");
  });
});

describe("sites-only member of another account", () => {
  it("sees just that account's sites", async () => {
    const h = await startHarness({ user: "sitesOnly" });
    try {
      const page = data(await h.call("list_sites"));
      expect(page.sites.map((s: { account_id: number }) => s.account_id)).toEqual([2, 2, 2, 2]);
    } finally {
      await h.close();
    }
  });
});

describe("bad credentials", () => {
  it("give a 401 that names the variables to fix, without leaking the password", async () => {
    const password = "wrong-pass-aaaa-bbbb-cccc";
    const h = await startHarness({ password });
    try {
      const result = await h.call("list_sites");
      expect(result.isError).toBe(true);
      expect(text(result)).toContain("401");
      expect(text(result)).toContain("CAPTAINCORE_APP_PASSWORD");
      expect(JSON.stringify(result)).not.toContain(password);
      expect(h.sim.count("GET", "/sites")).toBe(1);
    } finally {
      await h.close();
    }
  });
});
