import { beforeAll, describe, expect, it } from "vitest";
import { allSecrets } from "../src/simulator/index.js";
import { providerTables } from "../src/simulator/routes/providers.js";
import { data, errorCode, expectNoSecrets, startHarness, text, withUsers } from "./harness.js";

const { sim, admin, client } = withUsers("providers");
beforeAll(() => {
  providerTables(sim.state); // seeds providers and registers their credentials as secrets
  expect(allSecrets(sim.state).length).toBeGreaterThan(40);
});

describe("provider integrations", () => {
  it("list_providers shows every provider to admins, without credentials", async () => {
    const r = await admin.call("list_providers");
    const rows = data(r).providers;
    expect(rows.map((p: { provider_id: number }) => p.provider_id)).toEqual([1, 2, 3, 4]);
    expect(rows[0]).toEqual({ provider_id: 1, name: "Kinsta", provider: "kinsta", owner_user_id: 1, supports_import: true });
    expect(JSON.stringify(r)).not.toContain("credentials");
    expectNoSecrets(sim, r);
  });

  it("list_providers shows a non-admin only their own", async () => {
    const rows = data(await client.call("list_providers")).providers;
    expect(rows.map((p: { name: string }) => p.name)).toEqual(["Acme Rocket.net"]);
  });

  it("create_provider stores the row for the caller and never echoes the credentials", async () => {
    const secret = "kinsta-new-secret-123456";
    const r = await client.call("create_provider", { name: "Acme Kinsta", provider: "Kinsta", credentials: [{ name: "api", value: secret }] });
    expect(data(r).provider_id).toBe(5);
    expect(JSON.stringify(r)).not.toContain(secret);
    const row = providerTables(sim.state).providers.find((p) => p.provider_id === 5)!;
    expect(row).toMatchObject({ user_id: 2, provider: "kinsta", credentials: [{ name: "api", value: secret }] });
    const post = sim.requests.filter((q) => q.method === "POST" && q.path === "/providers").at(-1)!;
    expect(post.body).toEqual({ provider: { name: "Acme Kinsta", provider: "kinsta", credentials: [{ name: "api", value: secret }] } });
    expect(data(await client.call("list_providers")).providers.map((p: { provider_id: number }) => p.provider_id)).toEqual([3, 5]);
  });

  it("create_provider rejects bad input locally and surfaces in-band {errors}", async () => {
    const before = sim.count("POST", "/providers");
    const bad = await client.call("create_provider", { name: "X", provider: "kin sta" });
    expect(text(bad)).toContain("Nothing was sent");
    expect(sim.count("POST", "/providers")).toBe(before);
    sim.inject({ method: "POST", path: /^\/providers$/, body: { errors: ["Error: Provider can't be empty."] } });
    const inBand = await client.call("create_provider", { name: "X", provider: "kinsta" });
    expect(inBand.isError).toBe(true);
    expect(errorCode(inBand)).toBe("api_error");
    expect(text(inBand)).toContain("Provider can't be empty");
  });

  it("update_provider renames and replaces credentials; others' providers are refused", async () => {
    expect(data(await client.call("update_provider", { provider_id: 5, name: "Acme Kinsta EU" }))).toEqual({ updated: true, provider_id: 5 });
    expect(data(await client.call("list_providers")).providers[1].name).toBe("Acme Kinsta EU");
    const foreign = await client.call("update_provider", { provider_id: 1, name: "Mine now" });
    expect(errorCode(foreign)).toBe("forbidden");
    expect(providerTables(sim.state).providers[0]!.name).toBe("Kinsta");
    const nothing = await client.call("update_provider", { provider_id: 5 });
    expect(text(nothing)).toContain("Nothing was sent");
    const unknown = await admin.call("update_provider", { provider_id: 99, name: "Ghost" });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toContain("list_providers");
  });

  it("verify_provider answers valid true/false; others' providers are refused", async () => {
    expect(data(await admin.call("verify_provider", { provider_id: 1 }))).toEqual({ provider_id: 1, valid: true });
    const refused = await client.call("verify_provider", { provider_id: 4 });
    expect(errorCode(refused)).toBe("forbidden");
    expect(text(refused)).toContain("403");
  });

  it("connect_provider stores and tests a token, which is never shown", async () => {
    const bad = await client.call("connect_provider", { provider_id: 3, token: "expired-token-000" });
    expect(data(bad)).toMatchObject({ connected: false });
    expect(data(await client.call("verify_provider", { provider_id: 3 })).valid).toBe(false);
    const good = await client.call("connect_provider", { provider_id: 3, token: "rocket-token-abcdef123456" });
    expect(data(good)).toEqual({ provider_id: 3, connected: true });
    expect(data(await client.call("verify_provider", { provider_id: 3 })).valid).toBe(true);
    expectNoSecrets(sim, good);
    expect(errorCode(await client.call("connect_provider", { provider_id: 1, token: "rocket-token-abcdef123456" }))).toBe("forbidden");
  });
});

describe("importing sites", () => {
  it("list_provider_remote_sites pages the host's sites; providers without import say so", async () => {
    const out = data(await admin.call("list_provider_remote_sites", { provider_id: 1, limit: 2 }));
    expect(out.total).toBe(3);
    expect(out.sites).toHaveLength(2);
    expect(out.next_offset).toBe(2);
    expect(out.sites[0]).toEqual({ remote_id: "5b1c2f1e-0000-4000-8000-000000000001", name: "acmeshop", status: "live" });
    const none = data(await admin.call("list_provider_remote_sites", { provider_id: 2 }));
    expect(none).toMatchObject({ total: 0 });
    expect(none.note).toContain("import");
    expect(errorCode(await client.call("list_provider_remote_sites", { provider_id: 1 }))).toBe("forbidden");
  });

  it("import_provider_sites imports new sites and skips existing ones", async () => {
    const sitesBefore = sim.state.sites.length;
    const out = data(
      await admin.call("import_provider_sites", {
        provider_id: 1,
        account_id: 2,
        sites: [
          { remote_id: "5b1c2f1e-0000-4000-8000-000000000002", name: "newclient-portal" },
          { remote_id: "5b1c2f1e-0000-4000-8000-000000000001", name: "acmeshop" },
        ],
      }),
    );
    expect(out).toMatchObject({ success: true, imported: 1, skipped: 1 });
    expect(sim.state.sites).toHaveLength(sitesBefore + 1);
    expect(sim.state.sites.at(-1)).toMatchObject({ site: "newclientportal", account_id: 2, provider: "kinsta" });
    const refused = await client.call("import_provider_sites", { provider_id: 1, account_id: 1, sites: [{ remote_id: "x", name: "x" }] });
    expect(errorCode(refused)).toBe("forbidden");
    const empty = await admin.call("import_provider_sites", { provider_id: 1, account_id: 2, sites: [] });
    expect(text(empty)).toContain("sites");
  });
});

describe("host operations and provider actions", () => {
  it("create_provider_site starts a host operation; in-band {errors} become actionable errors", async () => {
    const out = data(
      await client.call("create_provider_site", { provider: "rocketdotnet", name: "acme-new-site", domain: "new.acme.test", account_id: 1, datacenter: "us-east" }),
    );
    expect(out.status).toBe("started");
    expect(out.operation_id).toMatch(/operation$/);
    const post = sim.requests.filter((q) => q.path === "/providers/rocketdotnet/new-site").at(-1)!;
    expect(post.body).toEqual({ site: { name: "acme-new-site", domain: "new.acme.test", account_id: 1, datacenter: "us-east" } });

    const denied = await client.call("create_provider_site", { name: "bluebird-new", domain: "new.bluebird.media", account_id: 2 });
    expect(denied.isError).toBe(true);
    expect(errorCode(denied)).toBe("api_error");
    expect(text(denied)).toContain("Permission denied");
    const short = await client.call("create_provider_site", { name: "abc", domain: "a.test", account_id: 1 });
    expect(text(short)).toContain("name");
  });

  it("deploy_staging_to_production needs confirm and reports sites the host does not know", async () => {
    expect(text(await client.call("deploy_staging_to_production", { site_id: 1 }))).toContain("confirm: true");
    const out = data(await client.call("deploy_staging_to_production", { site_id: 1, confirm: true }));
    expect(out.status).toBe("started");
    const action = providerTables(sim.state).actions.at(-1)!;
    expect(action.action).toMatchObject({ command: "deploy-to-production", site_id: 1 });
    expect(action.user_id).toBe(2);

    const elsewhere = await client.call("deploy_staging_to_production", { site_id: 3, confirm: true });
    expect(elsewhere.isError).toBe(true);
    expect(text(elsewhere)).toContain("not known at kinsta");
    const foreign = await client.call("deploy_staging_to_production", { site_id: 6, confirm: true });
    expect(errorCode(foreign)).toBe("forbidden");
  });

  it("deploy_production_to_staging starts a host operation, once the user agrees to overwrite staging", async () => {
    const unconfirmed = await client.call("deploy_production_to_staging", { provider: "kinsta", site_id: 2 });
    expect(unconfirmed.isError).toBe(true);
    expect(text(unconfirmed)).toContain("confirm: true");
    const out = data(await client.call("deploy_production_to_staging", { provider: "kinsta", site_id: 2, confirm: true }));
    expect(out.status).toBe("started");
    expect(providerTables(sim.state).actions.at(-1)!.action.command).toBe("deploy-to-staging");
  });

  it("list, check and run provider actions", async () => {
    const listed = data(await client.call("list_provider_actions")).actions;
    expect(listed.map((a: { status: string }) => a.status)).toEqual(["started", "started", "started", "started"]);
    expect(listed[0]).toMatchObject({ id: 14, provider_id: 3, command: "new-site" });

    const checked = data(await client.call("check_provider_actions")).actions;
    expect(checked.every((a: { status: string }) => a.status === "waiting")).toBe(true);
    expect(data(await client.call("list_provider_actions")).actions[0].status).toBe("waiting");

    const sitesBefore = sim.state.sites.length;
    const after = data(await client.call("run_provider_action", { id: 14 })).actions;
    expect(after.map((a: { id: number }) => a.id)).not.toContain(14);
    expect(sim.state.sites).toHaveLength(sitesBefore + 1);
    expect(sim.state.sites.at(-1)).toMatchObject({ site: "acmecareers2", account_id: 1 });

    const notMine = await client.call("run_provider_action", { id: 15 });
    expect(notMine.isError).toBe(true);
    expect(errorCode(notMine)).toBe("not_found");
    expect(text(notMine)).toContain("list_provider_actions");
    expect(providerTables(sim.state).actions.find((a) => a.provider_action_id === 15)!.status).toBe("waiting");
  });
});

describe("Envato premium plugins and themes", () => {
  it("lists purchased plugins and themes compactly", async () => {
    const plugins = data(await client.call("list_premium_plugins")).items;
    expect(plugins[0]).toEqual({ id: 2751380, name: "Slider Revolution", version: "6.7.20", author: "ThemePunch", updated_at: "2026-11-01T00:00:00+10:00" });
    const themes = data(await client.call("list_premium_themes")).items;
    expect(themes).toEqual([{ id: 2833226, name: "Avada", version: "7.11.12", author: "ThemeFusion", updated_at: "2026-11-10T00:00:00+10:00" }]);
    const other = await client.call("list_premium_plugins", { provider: "kinsta" });
    expect(text(other)).toContain("Nothing was sent");
    expect(sim.requests.filter((r) => r.path.includes("/plugins")).map((r) => r.path)).toEqual(["/providers/envato/plugins"]);
  });

  it("hands out download links for purchases and says when an item is not purchased", async () => {
    const plugin = data(await client.call("get_premium_plugin_download", { id: 2751380 }));
    expect(plugin.url).toMatch(/^https:\/\/marketplace-downloads\.envato\.test\/files\/2751380\.zip/);
    const theme = data(await client.call("get_premium_theme_download", { id: 2833226 }));
    expect(theme.url).toContain("2833226");
    const missing = await client.call("get_premium_theme_download", { id: 2751380 });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain("list_premium_themes");
    expect(errorCode(await client.call("get_premium_plugin_download", { id: 1 }))).toBe("not_found");
  });
});

describe("deleting providers", () => {
  it("delete_provider needs confirm, deletes owned providers and refuses others", async () => {
    expect(text(await client.call("delete_provider", { provider_id: 5 }))).toContain("confirm: true");
    expect(data(await client.call("delete_provider", { provider_id: 5, confirm: true }))).toEqual({ deleted: true, provider_id: 5 });
    expect(providerTables(sim.state).providers.map((p) => p.provider_id)).toEqual([1, 2, 3, 4]);
    expect(errorCode(await client.call("delete_provider", { provider_id: 1, confirm: true }))).toBe("forbidden");
    const gone = data(await admin.call("delete_provider", { provider_id: 5, confirm: true }));
    expect(gone.deleted).toBe(false);
  });

  it("read-only mode exposes only the reads", async () => {
    const h = await startHarness({ sim, user: "admin", toolsets: "providers", readOnly: true });
    try {
      const names = (await h.client.listTools()).tools.map((t) => t.name).filter((n) => !["search_operations", "call_read_operation", "call_write_operation", "list_toolsets", "enable_toolset", "disable_toolset"].includes(n));
      expect(names.sort()).toEqual(
        [
          "get_premium_plugin_download",
          "get_premium_theme_download",
          "list_premium_plugins",
          "list_premium_themes",
          "list_provider_actions",
          "list_provider_remote_sites",
          "list_providers",
          "verify_provider",
        ].sort(),
      );
    } finally {
      await h.close();
    }
  });
});
