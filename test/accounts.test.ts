import { describe, expect, it } from "vitest";
import { invites } from "../src/simulator/routes/accounts.js";
import { data, errorOf, expectNoSecrets, harnessPerTest, text, useHarness } from "./harness.js";

/** One simulator per test, with a harness per seeded user on it. */
const { sim, as } = harnessPerTest({ toolsets: "accounts,sites" });

describe("accounts", () => {
  it("lists accounts as compact rows, filtered and paged", async () => {
    const admin = await as("admin");
    const page = data(await admin.call("list_accounts", { limit: 2 }));
    expect(page.total).toBe(3);
    expect(page.next_offset).toBe(2);
    expect(page.accounts[0]).toEqual({
      account_id: 1,
      name: "Acme Corp",
      plan: "Agency Pro",
      billing_user_id: 2,
      metrics: { sites: 5, users: 1, domains: 2, outstanding_invoices: 0 },
    });
    expect(data(await admin.call("list_accounts", { search: "BLUE" })).accounts.map((a: { name: string }) => a.name)).toEqual([
      "Bluebird Media",
    ]);
    const client = await as("client");
    expect(data(await client.call("list_accounts")).accounts.map((a: { account_id: number }) => a.account_id)).toEqual([1]);
  });

  it("gets an account with members and invites but no invite tokens, and refreshes its metrics", async () => {
    const admin = await as("admin");
    const result = await admin.call("get_account", { account_id: 1 });
    const view = data(result);
    expect(view.account).toMatchObject({ account_id: 1, name: "Acme Corp", plan: { name: "Agency Pro", price: 150 } });
    expect(view.users).toEqual([{ user_id: 2, name: "Clara Client", email: "clara@acme.test", level: "full-billing" }]);
    expect(view.invites.map((i: { invite_id: number }) => i.invite_id)).toEqual([1, 3]);
    expect(view.invites[0]).not.toHaveProperty("token");
    expect(view.sites).toHaveLength(5);
    expect(view.usage[0]).not.toContain("<");
    expect(view.recent_invoices[0]).toMatchObject({ order_id: 1001, total: 150 });
    expectNoSecrets(admin, result);

    // Stored metrics only change when GET /accounts/{id} recalculates them.
    const id = data(await admin.call("create_account", { name: "Delta Labs" })).account_id;
    sim.state.sites.find((s) => s.site_id === 12)!.account_id = id;
    const metrics = async () =>
      data(await admin.call("list_accounts", { search: "delta" })).accounts[0].metrics.sites as number;
    expect(await metrics()).toBe(0);
    expect(data(await admin.call("get_account", { account_id: id })).account.metrics.sites).toBe(1);
    expect(await metrics()).toBe(1);
  });

  it("hides sections by level and refuses accounts the user is not in", async () => {
    const sam = await as("sitesOnly");
    const view = data(await sam.call("get_account", { account_id: 2 }));
    expect(view.level).toBe("sites-only");
    expect(view.sites.length).toBe(4);
    expect(view.users).toEqual([]);
    expect(view.recent_invoices).toBeUndefined();
    const refused = await sam.call("get_account", { account_id: 1 });
    expect(refused.isError).toBe(true);
    expect(errorOf(refused)).toMatchObject({ code: "forbidden", server_code: "permission_denied" });
    expect(text(refused)).toContain("list_accounts");
  });

  it("creates an account; a non-admin creator joins it with level full", async () => {
    const client = await as("client");
    const out = data(await client.call("create_account", { name: "Clara Side Project" }));
    expect(out.account_id).toBeGreaterThan(1000);
    const clara = sim.state.users.find((u) => u.username === "clara")!;
    expect(clara.accounts).toContainEqual({ account_id: out.account_id, level: "full" });
    expect(sim.requests.at(-1)!.body).toEqual({ name: "Clara Side Project" });
    const bad = await client.call("create_account", { name: "" });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain("Nothing was sent");
  });

  it("renames an account without clobbering its billing user", async () => {
    const client = await as("client");
    const out = data(await client.call("update_account", { account_id: 1, name: "Acme Corporation" }));
    expect(out).toMatchObject({ account_id: 1, name: "Acme Corporation", billing_user_id: 2 });
    const account = sim.state.accounts.find((a) => a.account_id === 1)!;
    expect(account).toMatchObject({ name: "Acme Corporation", billing_user_id: 2 });
    expect(sim.requests.find((r) => r.method === "PUT")!.body).toEqual({ account: { name: "Acme Corporation", billing_user_id: 2 } });

    const sam = await as("sitesOnly");
    const refused = await sam.call("update_account", { account_id: 2, name: "Mine now" });
    expect(errorOf(refused)).toMatchObject({ code: "forbidden", status: 403 });
    expect(sim.state.accounts.find((a) => a.account_id === 2)!.name).toBe("Bluebird Media");
  });

  it("deletes an account only with confirm and only as an administrator", async () => {
    const admin = await as("admin");
    const before = sim.requests.length;
    const unconfirmed = await admin.call("delete_account", { account_id: 3 });
    expect(unconfirmed.isError).toBe(true);
    expect(text(unconfirmed)).toContain("confirm: true");
    expect(sim.requests.length).toBe(before);

    const client = await as("client");
    const refused = await client.call("delete_account", { account_id: 1, confirm: true });
    expect(errorOf(refused)).toMatchObject({ code: "forbidden", server_code: "rest_forbidden" });

    expect(data(await admin.call("delete_account", { account_id: 3, confirm: true }))).toMatchObject({ deleted: true, account_id: 3 });
    expect(data(await admin.call("list_accounts")).accounts.map((a: { account_id: number }) => a.account_id)).toEqual([1, 2]);
  });

  it("changes account defaults field by field", async () => {
    const client = await as("client");
    await client.call("set_account_defaults", { account_id: 1, email: "ops@acme.test", recipes: [4] });
    const out = data(await client.call("set_account_defaults", { account_id: 1, timezone: "Europe/Paris" }));
    expect(out.defaults).toEqual({ email: "ops@acme.test", timezone: "Europe/Paris", recipes: [4], users: [] });
    expect(sim.state.accounts[0]!.defaults).toEqual(out.defaults);
    const bad = await client.call("set_account_defaults", { account_id: 1, email: "not-an-email" });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain("email");
    const refused = await client.call("set_account_defaults", { account_id: 2, timezone: "UTC" });
    expect(errorOf(refused).code).toBe("forbidden");
  });

  it("sets an account plan, keeping the fields not given (admin only)", async () => {
    const admin = await as("admin");
    const out = data(await admin.call("set_account_plan", { account_id: 1, price: 200, limits: { sites: 20 }, next_renewal: "2027-01-15" }));
    expect(out.plan).toMatchObject({ name: "Agency Pro", price: 200, interval: 1, next_renewal: "2027-01-15T00:00:00Z" });
    const plan = sim.state.accounts[0]!.plan as Record<string, unknown>;
    expect(plan).toMatchObject({ name: "Agency Pro", price: "200", limits: { visits: 500000, storage: 50, sites: 20 } });
    expect(plan.usage).toBeUndefined();

    const client = await as("client");
    const refused = await client.call("set_account_plan", { account_id: 1, price: 1 });
    expect(errorOf(refused)).toMatchObject({ code: "forbidden", server_code: "rest_forbidden" });
    expect((sim.state.accounts[0]!.plan as Record<string, unknown>).price).toBe("200");
  });
});

describe("members, levels and invites", () => {
  it("invites by email; an existing user gets access at once", async () => {
    const client = await as("client");
    const sent = data(await client.call("invite_account_user", { account_id: 1, email: "newbie@acme.test", level: "sites-only" }));
    expect(sent.message).toBe("Invite has been sent.");
    const view = data(await client.call("get_account", { account_id: 1 }));
    expect(view.invites.at(-1)).toMatchObject({ email: "newbie@acme.test", level: "sites-only" });
    expect(sim.requests.find((r) => r.method === "POST")!.body).toEqual({ invite: "newbie@acme.test", level: "sites-only" });

    const existing = data(await client.call("invite_account_user", { account_id: 1, email: "sam@bluebird.media" }));
    expect(existing.message).toContain("Access granted");
    expect(sim.state.users[2]!.accounts).toContainEqual({ account_id: 1, level: "full" });

    const sam = await as("sitesOnly");
    const refused = await sam.call("invite_account_user", { account_id: 2, email: "friend@x.test" });
    expect(errorOf(refused).code).toBe("forbidden");
    const bad = await client.call("invite_account_user", { account_id: 1, email: "x@y.test", level: "full-billing" });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain("level");
  });

  it("cancels an invite with confirm; members without full-billing cannot", async () => {
    const client = await as("client");
    const out = data(await client.call("delete_account_invite", { account_id: 1, invite_id: 1, confirm: true }));
    expect(out).toEqual({ deleted: true, invite_id: 1 });
    expect(data(await client.call("get_account", { account_id: 1 })).invites.map((i: { invite_id: number }) => i.invite_id)).toEqual([3]);
    const sam = await as("sitesOnly");
    const refused = await sam.call("delete_account_invite", { account_id: 2, invite_id: 2, confirm: true });
    expect(errorOf(refused).code).toBe("forbidden");
    expect(invites(sim.state).some((i) => i.invite_id === 2)).toBe(true);
  });

  it("removes a member but never the billing owner", async () => {
    const admin = await as("admin");
    expect(data(await admin.call("remove_account_user", { account_id: 2, user_id: 3, confirm: true }))).toMatchObject({ removed: true });
    expect(sim.state.users[2]!.accounts).toEqual([]);
    const owner = await admin.call("remove_account_user", { account_id: 1, user_id: 2, confirm: true });
    expect(owner.isError).toBe(true);
    expect(text(owner)).toContain("billing owner");
    // The 403 is CaptainCore protecting the owner, not a wrong id: the hint says how to get there.
    expect(text(owner)).toContain("update_account with billing_user_id");
    expect(text(owner)).not.toContain("id does not exist");
    expect(sim.state.users[1]!.accounts).toEqual([{ account_id: 1, level: "full-billing" }]);
  });

  it("changes a member's level; full-billing transfers billing ownership", async () => {
    const client = await as("client");
    await client.call("invite_account_user", { account_id: 1, email: "sam@bluebird.media" });
    expect(data(await client.call("set_account_user_level", { account_id: 1, user_id: 3, level: "domains-only" }))).toEqual({
      success: true,
      level: "domains-only",
    });
    expect(sim.state.users[2]!.accounts).toContainEqual({ account_id: 1, level: "domains-only" });
    const own = await client.call("set_account_user_level", { account_id: 1, user_id: 2, level: "full" });
    expect(errorOf(own).code).toBe("forbidden");
    const stranger = await client.call("set_account_user_level", { account_id: 1, user_id: 1, level: "full" });
    expect(errorOf(stranger)).toMatchObject({ code: "not_found", status: 404 });

    await client.call("set_account_user_level", { account_id: 1, user_id: 3, level: "full-billing" });
    expect(sim.state.accounts[0]!.billing_user_id).toBe(3);
    expect(sim.state.users[1]!.accounts).toEqual([{ account_id: 1, level: "full" }]);
  });

  it("looks up an invite without exposing any invite token, then accepts it once", async () => {
    const sam = await as("sitesOnly");
    const token = invites(sim.state).find((i) => i.invite_id === 1)!.token;
    const result = await sam.call("get_invite", { account: 1, token });
    const view = data(result);
    expect(view.account).toMatchObject({ account_id: 1, name: "Acme Corp" });
    expect(view.users[0].email).toBe("clara@acme.test");
    expect(sim.requests.at(-1)!.query).toEqual({ account: "1", token });
    expectNoSecrets(sam, result);

    expect(data(await sam.call("accept_invite", { account: 1, token }))).toEqual({ success: true });
    expect(data(await sam.call("list_accounts")).accounts.map((a: { name: string }) => a.name)).toEqual([
      "Acme Corp",
      "Bluebird Media",
    ]);
    const again = await sam.call("accept_invite", { account: 1, token });
    expect(errorOf(again)).toMatchObject({ code: "not_found", status: 404 });

    const expired = await sam.call("get_invite", { account: 1, token: invites(sim.state).find((i) => i.invite_id === 3)!.token });
    expect(text(expired)).toContain("expired");
    const malformed = await sam.call("get_invite", { account: 1, token: "abc" });
    expect(text(malformed)).toContain("Nothing was sent");
  });
});

describe("portal users", () => {
  it("lists users for administrators and says why the list is empty for others", async () => {
    const admin = await as("admin");
    const all = data(await admin.call("list_users"));
    expect(all.total).toBe(3);
    expect(data(await admin.call("list_users", { search: "clara" })).users).toEqual([
      { user_id: 2, username: "clara", name: "Clara Client", email: "clara@acme.test", roles: ["subscriber"], account_ids: [1] },
    ]);
    const client = await as("client");
    const none = data(await client.call("list_users"));
    expect(none.users).toEqual([]);
    expect(none.note).toContain("non-administrators");
  });

  it("gets a user, and turns CaptainCore's 'Unknown User' into a not-found", async () => {
    const admin = await as("admin");
    expect(data(await admin.call("get_user", { user_id: 3 }))).toMatchObject({ user_id: 3, username: "sam", account_ids: [2] });
    const unknown = await admin.call("get_user", { user_id: 999 });
    expect(errorOf(unknown).code).toBe("not_found");
    expect(text(unknown)).toContain("list_users");
    const client = await as("client");
    expect(errorOf(await client.call("get_user", { user_id: 3 })).code).toBe("forbidden");
  });

  it("lists a user's accounts; non-admins get a clear refusal instead of a bare []", async () => {
    const admin = await as("admin");
    expect(data(await admin.call("list_user_accounts", { user_id: 2 }))).toEqual({ user_id: 2, account_ids: [1] });
    const client = await as("client");
    const refused = await client.call("list_user_accounts", { user_id: 2 });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain("Only administrators");
  });

  it("creates a user and returns the id CaptainCore does not", async () => {
    const admin = await as("admin");
    const out = data(await admin.call("create_user", { login: "dave", email: "dave@bluebird.media", first_name: "Dave", account_ids: [2] }));
    expect(out).toMatchObject({ created: true, username: "dave", account_ids: [2] });
    expect(out.user_id).toBeGreaterThan(1000);
    expect(data(await admin.call("get_user", { user_id: out.user_id })).email).toBe("dave@bluebird.media");
    const taken = await admin.call("create_user", { login: "dave", email: "dave2@bluebird.media" });
    expect(errorOf(taken).code).toBe("api_error");
    expect(text(taken)).toContain("Username is taken.");
    const client = await as("client");
    expect(errorOf(await client.call("create_user", { login: "eve", email: "eve@x.test" })).code).toBe("forbidden");
  });

  it("updates a user, sending the body user_id and keeping the accounts not mentioned", async () => {
    const admin = await as("admin");
    const out = data(await admin.call("update_user", { user_id: 3, name: "Samuel Sites" }));
    expect(out).toMatchObject({ user_id: 3, name: "Samuel Sites", email: "sam@bluebird.media", account_ids: [2] });
    const put = sim.requests.find((r) => r.method === "PUT")!;
    expect(put.path).toBe("/users/3");
    expect(put.body).toMatchObject({ user_id: 3, account_ids: [2] });
    expect(sim.state.users[2]!.accounts).toEqual([{ account_id: 2, level: "sites-only" }]);

    await admin.call("update_user", { user_id: 3, account_ids: [1, 2] });
    expect(data(await admin.call("get_user", { user_id: 3 }))).toMatchObject({ name: "Samuel Sites", account_ids: [1, 2] });
    expect(errorOf(await admin.call("update_user", { user_id: 999, name: "Ghost" })).code).toBe("not_found");
  });
});

describe("read-only mode", () => {
  it("keeps the reads, including get_account (it only refreshes derived totals), and drops every write", async () => {
    const h = await as("admin", { readOnly: true });
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["list_accounts", "get_account", "get_invite", "list_users", "get_user", "list_user_accounts"]));
    expect(data(await h.call("get_account", { account_id: 1 })).account.name).toBe("Acme Corp");
    for (const write of ["create_account", "delete_account", "update_user", "accept_invite", "set_account_plan"]) {
      expect(names).not.toContain(write);
    }
  });
});

describe("shared fixtures", () => {
  const h = useHarness({ user: "admin", toolsets: "accounts" });

  it("every accounts tool is annotated as its effect says", async () => {
    const tools = (await h.client.listTools()).tools;
    const byName = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
    expect(byName.delete_account).toMatchObject({ destructiveHint: true });
    expect(byName.remove_account_user).toMatchObject({ destructiveHint: true });
    expect(byName.get_account).toEqual({ readOnlyHint: true });
    expect(byName.list_accounts).toEqual({ readOnlyHint: true });
  });
});
