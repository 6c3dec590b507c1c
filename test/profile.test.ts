import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { allSecrets, SEED_USERS, startSimulator, type Simulator } from "../src/simulator/index.js";
import { appPasswords, pins, totp } from "../src/simulator/routes/profile.js";
import { data, startHarness, text, type Harness, type SeedUser } from "./harness.js";

const errorOf = (r: CallToolResult) => (r.structuredContent as { error: Record<string, unknown> }).error;

let sim: Simulator;
const open: Harness[] = [];
async function as(user: SeedUser, password?: string): Promise<Harness> {
  const h = await startHarness({ sim, user, toolsets: "profile,sites", password });
  open.push(h);
  return h;
}
beforeEach(async () => {
  sim = await startSimulator();
});
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  await sim.stop();
});

const clara = () => sim.state.users.find((u) => u.username === SEED_USERS.client.username)!;

function expectNoSecrets(result: CallToolResult) {
  const serialized = JSON.stringify(result);
  for (const secret of allSecrets(sim.state)) expect(serialized).not.toContain(secret);
}

describe("API docs", () => {
  it("summarises the markdown and links the resource instead of returning it whole", async () => {
    const h = await as("client");
    const result = await h.call("get_api_docs");
    const out = data(result);
    expect(out.headings).toEqual(expect.arrayContaining(["CaptainCore API", "Authentication", "Accounts", "Me"]));
    expect(out.characters).toBeGreaterThan(5000);
    expect(JSON.stringify(result).length).toBeLessThan(3000);
    expect(result.content).toContainEqual(expect.objectContaining({ type: "resource_link", uri: "captaincore://docs/api" }));
  });

  it("returns one section on request and names the fix for an unknown heading", async () => {
    const h = await as("client");
    const exact = data(await h.call("get_api_docs", { section: "GET /accounts" }));
    expect(exact.matches).toBe(1);
    expect(exact.text.startsWith("### GET /accounts\n")).toBe(true);
    expect(exact.text).not.toContain("POST /accounts");
    const group = data(await h.call("get_api_docs", { section: "keys" }));
    expect(group.text).toContain("### DELETE /keys/{key_id}");
    const missing = await h.call("get_api_docs", { section: "no such heading" });
    expect(errorOf(missing).code).toBe("not_found");
    expect(text(missing)).toContain("without section");
  });
});

describe("profile, pins and subscriptions", () => {
  it("updates the display name and email", async () => {
    const h = await as("client");
    const out = data(await h.call("update_profile", { display_name: "Clara C.", email: "clara@acme.example" }));
    expect(out).toEqual({ updated: true, profile: { display_name: "Clara C.", email: "clara@acme.example" } });
    expect(data(await h.call("get_me")).email).toBe("clara@acme.example");
  });

  it("rejects a weak password before sending, and reports CaptainCore's in-band errors", async () => {
    const h = await as("client");
    const weak = await h.call("update_profile", { display_name: "Clara", email: "clara@acme.test", new_password: "password" });
    expect(text(weak)).toContain("letter and a digit");
    expect(sim.count("PUT", "/me/profile")).toBe(0);
    sim.inject({ method: "PUT", path: "/me/profile", body: { profile: { display_name: "Clara" }, errors: ["Email address is not valid."] } });
    const inBand = await h.call("update_profile", { display_name: "Clara", email: "clara@acme.test" });
    expect(errorOf(inBand)).toMatchObject({ code: "api_error", message: "Email address is not valid." });
    expect(clara().email).toBe("clara@acme.test");
  });

  it("replaces the pinned environments with a bare JSON array body", async () => {
    const h = await as("client");
    expect(data(await h.call("set_pinned_environments", { environment_ids: [1, 3] }))).toEqual({ success: true, pins: [1, 3] });
    expect(sim.requests.at(-1)!.body).toEqual([1, 3]);
    expect(pins(sim.state).get(clara().user_id)).toEqual([1, 3]);
    const bad = await h.call("set_pinned_environments", { environment_ids: [0] });
    expect(text(bad)).toContain("Nothing was sent");
  });

  it("subscribes and unsubscribes from blog post emails", async () => {
    const h = await as("client");
    expect(data(await h.call("set_email_subscription", { enabled: true })).message).toContain("will now receive");
    expect(data(await h.call("get_me")).roles).toContain("email_subscriber");
    await h.call("set_email_subscription", { enabled: false });
    expect(data(await h.call("get_me")).roles).toEqual(["subscriber"]);
    expect((await h.call("set_email_subscription", {})).isError).toBe(true);
  });
});

describe("application passwords", () => {
  it("creates one and withholds it unless reveal_secrets is set", async () => {
    const h = await as("client");
    const hidden = await h.call("create_application_password");
    expect(data(hidden)).toMatchObject({ password: "[redacted]" });
    expect(data(hidden).note).toContain("reveal_secrets");
    expectNoSecrets(hidden);
    const shown = data(await h.call("create_application_password", { reveal_secrets: true }));
    const mine = appPasswords(sim.state).filter((p) => p.user_id === clara().user_id);
    expect(shown.password).toBe(mine.at(-1)!.password);
    expect(shown.password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(Date.parse(shown.created)).toBeGreaterThan(0);
  });

  it("rotates only with confirm, cuts this server off, and hands over the new password when asked", async () => {
    const h = await as("client");
    const unconfirmed = await h.call("rotate_application_password");
    expect(text(unconfirmed)).toContain("confirm: true");
    expect(sim.count("POST", "/me/application-password/rotate")).toBe(0);
    const tools = (await h.client.listTools()).tools;
    expect(tools.find((t) => t.name === "rotate_application_password")!.description).toMatch(/cuts this server off/i);

    const out = data(await h.call("rotate_application_password", { confirm: true, reveal_secrets: true }));
    expect(out.password).toBe(clara().app_password);
    const cutOff = await h.call("get_me");
    expect(errorOf(cutOff)).toMatchObject({ code: "unauthorized", status: 401 });
    const fresh = await as("client", out.password);
    expect(data(await fresh.call("get_me")).username).toBe("clara");
  });

  it("deletes it with confirm (cutting this server off) and explains when there is none", async () => {
    const sam = await as("sitesOnly");
    const list = appPasswords(sim.state);
    list.splice(list.findIndex((p) => p.user_id === 3), 1);
    const none = await sam.call("rotate_application_password", { confirm: true });
    expect(errorOf(none)).toMatchObject({ code: "bad_request", status: 400, message: "No application password exists to rotate." });

    const h = await as("client");
    expect(data(await h.call("delete_application_password", { confirm: true }))).toEqual({ deleted: true });
    expect(errorOf(await h.call("get_me")).code).toBe("unauthorized");
  });
});

describe("two-factor", () => {
  it("withholds the TOTP secret unless revealed; a code from it turns 2FA on", async () => {
    const h = await as("client");
    const hidden = await h.call("activate_tfa");
    expect(data(hidden).otpauth_uri).toBe("[redacted]");
    expectNoSecrets(hidden);

    const shown = data(await h.call("activate_tfa", { reveal_secrets: true }));
    const secret = /secret=([A-Z2-7]+)/.exec(shown.otpauth_uri)![1]!;
    expect(shown.otpauth_uri).toMatch(/^otpauth:\/\/totp\//);
    const wrong = totp(secret) === "000000" ? "111111" : "000000";
    expect(data(await h.call("validate_tfa", { token: wrong }))).toMatchObject({ tfa_enabled: false });
    expect(clara().tfa_enabled).toBe(false);
    expect(data(await h.call("validate_tfa", { token: totp(secret) }))).toEqual({ tfa_enabled: true });
    expect(clara().tfa_enabled).toBe(true);
    expect(text(await h.call("validate_tfa", { token: "12345" }))).toContain("6 digits");
  });

  it("turns 2FA off", async () => {
    const h = await as("client");
    clara().tfa_enabled = true;
    const unconfirmed = await h.call("deactivate_tfa");
    expect(unconfirmed.isError).toBe(true);
    expect(clara().tfa_enabled).toBe(true);
    expect(data(await h.call("deactivate_tfa", { confirm: true }))).toEqual({ tfa_enabled: false });
    expect(clara().tfa_enabled).toBe(false);
    expect(sim.count("GET", "/me/tfa_deactivate")).toBe(1);
  });

  it("is hidden in read-only mode together with every other write", async () => {
    const h = await startHarness({ sim, user: "client", toolsets: "profile", readOnly: true });
    open.push(h);
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain("get_api_docs");
    for (const write of ["activate_tfa", "deactivate_tfa", "validate_tfa", "update_profile", "set_pinned_environments", "set_email_subscription", "create_application_password", "rotate_application_password", "delete_application_password"]) {
      expect(names).not.toContain(write);
    }
  });
});
