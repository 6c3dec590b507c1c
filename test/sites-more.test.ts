/** The sites toolset beyond the fleet reads: create/update/delete, settings, sharing, invites, users, logins, Mailgun. */
import { describe, expect, it } from "vitest";
import { data, errorOf, expectNoSecrets, text, withUsers, type Any } from "./harness.js";

const { sim, admin, client } = withUsers("sites");

describe("create_site", () => {
  const production = { environment: "Production", address: "newsite.kinsta.cloud", username: "newsite", password: "sftp-newsite-secret-1", port: "22011" };

  it("registers a site with its environments, visible through get_site", async () => {
    const out = data(
      await admin.call("create_site", {
        name: "New-Site.test",
        site: "newsite",
        account_id: 2,
        provider: "kinsta",
        environments: [production, { ...production, environment: "Staging", username: "newsite-staging" }],
      }),
    );
    expect(out).toEqual({ site_id: 13, message: "Successfully added new site" });
    const body = sim.requests.filter((r) => r.method === "POST" && r.path === "/sites").at(-1)!.body as Any;
    expect(body.site).toMatchObject({ name: "new-site.test", site: "newsite", account_id: 2, customer_id: 2 });
    expect(body.site.environments[0]).toMatchObject({ protocol: "sftp", port: "22011" });
    const site = data(await admin.call("get_site", { site_id: 13 }));
    expect(site.name).toBe("new-site.test");
    expect(site.environments.map((e: Any) => e.environment)).toEqual(["Production", "Staging"]);
    expect(JSON.stringify(site)).not.toContain("sftp-newsite-secret-1");
  });

  it("reports CaptainCore's in-band validation errors", async () => {
    const result = await admin.call("create_site", { name: "dupe.test", site: "acmeshop", account_id: 1, environments: [production] });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("Site name needs to be unique");
    expect(errorOf(result).code).toBe("api_error");
  });

  it("rejects a bad slug and a bad port before sending", async () => {
    const before = sim.requests.length;
    const r1 = await admin.call("create_site", { name: "x.test", site: "a-b", account_id: 1, environments: [production] });
    const r2 = await admin.call("create_site", { name: "x.test", site: "abc", account_id: 1, environments: [{ ...production, port: "22a" }] });
    expect(text(r1)).toContain("3+ letters or digits");
    expect(text(r2)).toContain("digits only");
    expect(sim.requests.length).toBe(before);
  });
});

describe("update_site", () => {
  it("changes only the given fields and keeps environments and credentials", async () => {
    const before = sim.state.environments.filter((e) => e.site_id === 3).map((e) => ({ ...e }));
    const out = data(
      await admin.call("update_site", { site_id: 3, name: "careers.acme.test", environments: [{ environment_id: 6, port: "2222" }] }),
    );
    expect(out).toMatchObject({ site_id: 3, message: "Successfully updated site", changed: ["name", "environments"] });
    const site = sim.state.sites.find((s) => s.site_id === 3)!;
    expect(site.name).toBe("careers.acme.test");
    expect(site.site).toBe("acmecareers");
    const after = sim.state.environments.filter((e) => e.site_id === 3);
    expect(after.map((e) => e.environment_id)).toEqual([5, 6]);
    expect(after[0]!.password).toBe(before[0]!.password);
    expect(after[1]!.password).toBe(before[1]!.password);
    expect(after[1]!.port).toBe("2222");
    expect(after[0]!.port).toBe(before[0]!.port);
    const sent = sim.requests.filter((r) => r.method === "PUT" && r.path === "/sites/update").at(-1)!.body as Any;
    expect(sent.value.environments).toHaveLength(2);
    expect(JSON.stringify(out)).not.toContain(before[0]!.password);
  });

  it("refuses an environment of another site without changing anything", async () => {
    const puts = sim.count("PUT", "/sites/update");
    const result = await admin.call("update_site", { site_id: 3, environments: [{ environment_id: 1, port: "1" }] });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("environment_id 1 is not an environment of site 3");
    expect(sim.count("PUT", "/sites/update")).toBe(puts);
  });

  it("is refused for a non-admin", async () => {
    const result = await client.call("update_site", { site_id: 1, name: "x.test" });
    expect(result.isError).toBe(true);
    expect(errorOf(result).code).toBe("forbidden");
  });
});

describe("update_site_details and delete_site", () => {
  it("merges details (a removal request) for a member", async () => {
    const out = data(await client.call("update_site_details", { site_id: 2, details: { removed: true } }));
    expect(out).toEqual({ site_id: 2, updated: ["removed"] });
    const details = sim.state.ext<Map<number, Any>>("site_details", () => new Map()).get(2);
    expect(details).toEqual({ removed: true });
  });

  it("refuses details of a foreign site", async () => {
    const result = await client.call("update_site_details", { site_id: 6, details: { removed: true } });
    expect(errorOf(result)).toMatchObject({ code: "forbidden", server_code: "token_invalid" });
  });

  it("needs confirm, tells non-admins to request removal, and deletes for admins", async () => {
    const unconfirmed = await admin.call("delete_site", { site_id: 12 });
    expect(unconfirmed.isError).toBe(true);
    expect(text(unconfirmed)).toContain("confirm: true");
    const refused = await client.call("delete_site", { site_id: 5, confirm: true });
    expect(text(refused)).toContain("Request removal instead");
    // How to request it, and no "the id may not exist": the id is fine, the role is not.
    expect(text(refused)).toContain("update_site_details with details {removed: true}");
    expect(text(refused)).not.toContain("id does not exist");
    const out = data(await admin.call("delete_site", { site_id: 12, confirm: true }));
    expect(out).toEqual({ site_id: 12, message: "Site cedar-garden.test deleted." });
    const list = data(await admin.call("list_sites", { limit: 200 }));
    expect(list.sites.map((s: Any) => s.site_id)).not.toContain(12);
  });
});

describe("set_site_update_settings", () => {
  it("keeps omitted settings, answers the queued token and saves at once", async () => {
    const out = data(await admin.call("set_site_update_settings", { site_id: 2, environment: "Production", exclude_plugins: ["woocommerce"] }));
    expect(out.status).toBe("queued");
    expect(out.token).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(out.note).toContain("web UI");
    expect(out.settings).toEqual({ updates_enabled: true, updates_exclude_plugins: ["woocommerce"], updates_exclude_themes: [] });
    const sent = sim.requests.filter((r) => r.method === "PUT" && r.path === "/sites/2/settings").at(-1)!.body as Any;
    expect(sent.environment).toBe("production");
    await admin.call("set_site_update_settings", { site_id: 2, environment: "production", updates_enabled: false, exclude_plugins: [], exclude_themes: [] });
    expect(sim.state.environments.find((e) => e.environment_id === 3)!.updates_enabled).toBe(0);
    expect(sim.count("GET", "/sites/2/environments")).toBe(1); // the second call gave every setting
  });

  it("names the valid environments when asked for another, and changes nothing", async () => {
    const puts = sim.count("PUT", "/sites/2/settings");
    const result = await admin.call("set_site_update_settings", { site_id: 2, environment: "dev", updates_enabled: true });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('"dev" is not an environment: use production or staging');
    expect(sim.count("PUT", "/sites/2/settings")).toBe(puts);
  });
});

describe("grant_site_access, invites", () => {
  it("shares a site with another account, visible in get_site_details", async () => {
    const out = data(await admin.call("grant_site_access", { site_id: 10, account_ids: [1] }));
    expect(out).toEqual({ site_id: 10, granted_account_ids: [1] });
    const details = data(await admin.call("get_site_details", { site_id: 10 }));
    expect(details.shared_with.map((a: Any) => a.account_id)).toEqual([3, 1]);
  });

  it("refuses to share with an account the member does not belong to", async () => {
    const result = await client.call("grant_site_access", { site_id: 1, account_ids: [3] });
    expect(errorOf(result)).toMatchObject({ code: "forbidden", server_code: "token_invalid" });
  });

  it("previews and sends an invite", async () => {
    const preview = data(await client.call("preview_site_invite", { site_id: 1 }));
    expect(preview).toMatchObject({ site_name: "acme-shop.test", account_name: "Acme Corp", has_account_access: true });
    expect(preview.sites_list[0]).toEqual({ site_id: 1, name: "acme-shop.test" });
    const out = data(await client.call("invite_site_user", { site_id: 1, email: "new.person@acme.test" }));
    expect(out.message).toBe("Invitation sent successfully.");
    expect(sim.state.ext<Any[]>("site_invites", () => []).at(-1)).toMatchObject({ email: "new.person@acme.test", level: "full" });
  });

  it("rejects a bad email locally and a foreign site remotely", async () => {
    expect(text(await client.call("invite_site_user", { site_id: 1, email: "nope" }))).toContain("an email address");
    const result = await client.call("preview_site_invite", { site_id: 7 });
    expect(errorOf(result)).toMatchObject({ code: "forbidden", server_code: "permission_denied" });
  });
});

describe("list_site_users and one-time logins", () => {
  it("pages one environment's WordPress users and filters by role", async () => {
    const page = data(await admin.call("list_site_users", { site_id: 1, limit: 10 }));
    expect(page.environment).toBe("Production");
    expect(page.total).toBe(123);
    expect(page.users).toHaveLength(10);
    expect(page.next_offset).toBe(10);
    expect(page.users[0]).toEqual({ id: 1, login: "siteadmin", name: "Site Admin", email: "admin@acme-shop.test", roles: "administrator" });
    const admins = data(await admin.call("list_site_users", { site_id: 1, environment: "Staging", role: "administrator" }));
    expect(admins.users.map((u: Any) => u.login)).toEqual(["siteadmin", "clara"]);
  });

  it("hands out a one-time login link: the caller's own admin, or a chosen user", async () => {
    const mine = data(await client.call("get_magic_login_url", { site_id: 1 }));
    expect(mine.login_url).toMatch(/^https:\/\/acme-shop\.test\/wp-login\.php\?user_id=3&captaincore_login_token=[a-z0-9]{32}$/);
    expect(mine.note).toContain("One-time");
    const asEditor = data(await admin.call("get_magic_login_url_for_user", { site_id: 1, environment: "staging", wp_user_id: 2 }));
    expect(asEditor.login_url).toContain("https://staging-acme-shop.test/wp-login.php?user_id=2&");
    expect(sim.state.ext<Any[]>("magic_logins", () => []).length).toBe(2);
  });

  it("says why when no login link comes back", async () => {
    sim.inject({ path: "/sites/1/production/magiclogin", body: "" });
    const result = await admin.call("get_magic_login_url", { site_id: 1 });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("helper plugin");
    const foreign = await client.call("get_magic_login_url", { site_id: 6 });
    expect(errorOf(foreign).server_code).toBe("token_invalid");
  });

  it("gives a phpMyAdmin link for Kinsta and explains other hosts", async () => {
    const out = data(await admin.call("get_phpmyadmin_url", { site_id: 1 }));
    expect(out.phpmyadmin_url).toMatch(/^https:\/\/mysqleditor-acmeshop\.acmeshop\.kinsta\.cloud\/\?token=/);
    const wpengine = await admin.call("get_phpmyadmin_url", { site_id: 3 });
    expect(wpengine.isError).toBe(true);
    // The real plugin refuses hosts other than Kinsta (recorded: 400 not_kinsta_site).
    expect(errorOf(wpengine).server_code).toBe("not_kinsta_site");
  });
});

describe("list_environments", () => {
  it("lists only active Kinsta environments, paged, without secrets", async () => {
    const result = await admin.call("list_environments", { limit: 4, source_environment_id: 1 });
    const page = data(result);
    expect(page.environments[0]).toEqual({ site_id: 1, name: "acme-shop.test", environment: "Staging", environment_id: 2, home_url: "https://staging-acme-shop.test" });
    expect(page.environments).toHaveLength(4);
    expect(page.next_offset).toBe(4);
    const all = data(await admin.call("list_environments", { limit: 500 }));
    const siteIds = new Set(all.environments.map((e: Any) => e.site_id));
    for (const id of siteIds) expect(sim.state.sites.find((s) => s.site_id === id)!.provider).toBe("kinsta");
    expectNoSecrets(sim, result);
  });

  it("scopes a member to their own sites", async () => {
    const page = data(await client.call("list_environments", { limit: 500 }));
    expect(new Set(page.environments.map((e: Any) => e.site_id))).toEqual(new Set([1, 2, 5, 9]));
    expect(data(await client.call("list_environments", { search: "bluebird" })).total).toBe(0);
  });
});

describe("Mailgun", () => {
  it("sets the sending domain (admin) and reads its events page by page", async () => {
    const set = data(await admin.call("set_site_mailgun_domain", { site_id: 1, mailgun_domain: "mg.acme-shop.test" }));
    expect(set).toEqual({ site_id: 1, mailgun_domain: "mg.acme-shop.test", success: true });
    expect(data(await admin.call("get_site_details", { site_id: 1 })).site.mailgun).toBe("mg.acme-shop.test");
    const first = data(await client.call("list_site_mailgun_events", { site_id: 1, limit: 5 }));
    expect(first.total).toBe(300);
    expect(first.events[0]).toEqual({ time: "2026-11-18T11:06:40.120Z", event: "delivered", to: "user0@example.org", subject: "Order #1000" });
    expect(first.next_offset).toBe(5);
    expect(first.next_page).toBe("https://api.mailgun.net/v3/mg.acme-shop.test/events/page1");
    const second = data(await client.call("list_site_mailgun_events", { site_id: 1, page: first.next_page }));
    expect(second.total).toBe(20);
    expect(second.events.find((e: Any) => e.event === "failed").reason).toBe("Mailbox full");
  });

  it("refuses the Mailgun domain to a member", async () => {
    const result = await client.call("set_site_mailgun_domain", { site_id: 1, mailgun_domain: "mg.x.test" });
    expect(errorOf(result)).toMatchObject({ code: "forbidden", server_code: "rest_forbidden" });
  });
});
