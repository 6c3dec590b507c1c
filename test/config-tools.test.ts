import { describe, expect, it } from "vitest";
import { configurations, fingerprint, globalDefaults, sshKeys } from "../src/simulator/routes/config.js";
import { data, errorOf, expectNoSecrets, harnessPerTest, text } from "./harness.js";

const { sim, as } = harnessPerTest({ toolsets: "config" });

const PRIVATE_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----";

describe("configurations", () => {
  it("returns plans and pricing without branding or the Intercom secret", async () => {
    const admin = await as("admin");
    const result = await admin.call("get_configurations");
    const out = data(result);
    expect(out.name).toBe("CaptainCore");
    expect(out.hosting_plans.map((p: { name: string }) => p.name)).toEqual(["Basic", "Agency Pro"]);
    expect(out.colors).toBeUndefined();
    expect(out.intercom_secret_key).toBe("[redacted]");
    expectNoSecrets(sim, result);
    const full = data(await admin.call("get_configurations", { detail: "full" }));
    expect(full.colors.primary).toBe("#2c3e50");
    const client = await as("client");
    expect(data(await client.call("get_configurations")).intercom_secret_key).toBeUndefined();
  });

  it("updates some keys and keeps the rest (admin only)", async () => {
    const admin = await as("admin");
    const out = data(await admin.call("update_configurations", { configurations: { name: "Acme Hosting" } }));
    expect(out).toMatchObject({ updated: true, configuration: { name: "Acme Hosting" } });
    expect(data(await admin.call("get_configurations")).hosting_plans).toHaveLength(2);
    const client = await as("client");
    const refused = await client.call("update_configurations", { configurations: { name: "Mine" } });
    expect(errorOf(refused)).toMatchObject({ code: "forbidden", server_code: "rest_forbidden" });
    expect(configurations(sim.state).value.name).toBe("Acme Hosting");
  });

  it("saves the whole configuration merged with the current one, so nothing is wiped", async () => {
    const admin = await as("admin");
    const secret = configurations(sim.state).value.intercom_secret_key;
    const out = data(await admin.call("save_configurations", { configurations: { dns_introduction: "Point your NS here" } }));
    expect(out).toEqual({ updated: true, keys: ["dns_introduction"] });
    const put = sim.requests.find((r) => r.method === "PUT")!;
    expect(put.path).toBe("/configurations/global");
    expect(put.body).toMatchObject({ name: "CaptainCore", dns_introduction: "Point your NS here" });
    expect(configurations(sim.state).value).toMatchObject({ dns_introduction: "Point your NS here", intercom_secret_key: secret });
    expect(configurations(sim.state).value.hosting_plans).toHaveLength(2);
    const client = await as("client");
    expect(errorOf(await client.call("save_configurations", { configurations: { name: "x" } })).code).toBe("forbidden");
    expect((await admin.call("save_configurations", { configurations: [] as unknown as object })).isError).toBe(true);
  });
});

describe("global defaults", () => {
  it("reads them as an admin and explains the empty answer to others", async () => {
    const admin = await as("admin");
    expect(data(await admin.call("get_defaults"))).toMatchObject({ email: "ops@example.test", recipes: [3, 7] });
    const client = await as("client");
    const out = data(await client.call("get_defaults"));
    expect(out.defaults).toBeNull();
    expect(out.note).toContain("Administrators only");
  });

  it("changes one field and keeps the others", async () => {
    const admin = await as("admin");
    const out = data(await admin.call("set_global_defaults", { timezone: "Europe/Paris" }));
    expect(out.defaults).toMatchObject({ email: "ops@example.test", timezone: "Europe/Paris", recipes: [3, 7] });
    expect(globalDefaults(sim.state).value).toMatchObject({ timezone: "Europe/Paris", email: "ops@example.test" });
    expect((globalDefaults(sim.state).value.users as unknown[]).length).toBe(1);
    const bad = await admin.call("set_global_defaults", { users: [{ email: "x@y.test" }] });
    expect(text(bad)).toContain("email and username");
    const client = await as("client");
    expect(errorOf(await client.call("set_global_defaults", { timezone: "UTC" })).code).toBe("forbidden");
    expect(globalDefaults(sim.state).value.timezone).toBe("Europe/Paris");
  });
});

describe("SSH keys", () => {
  it("lists keys by title without any private key; non-admins get a note", async () => {
    const admin = await as("admin");
    const result = await admin.call("list_ssh_keys");
    const out = data(result);
    expect(out.keys.map((k: { title: string; primary: boolean }) => [k.title, k.primary])).toEqual([
      ["Fleet deploy key", true],
      ["Legacy host key", false],
    ]);
    expect(out.keys[0].fingerprint).toMatch(/^SHA256:/);
    expectNoSecrets(sim, result);
    const client = await as("client");
    expect(data(await client.call("list_ssh_keys"))).toMatchObject({ keys: [], total: 0 });
  });

  it("adds a key and answers with its fingerprint, never the key", async () => {
    const admin = await as("admin");
    const result = await admin.call("add_ssh_key", { title: "New deploy", key: PRIVATE_KEY });
    const out = data(result);
    expect(out).toMatchObject({ title: "New deploy", fingerprint: fingerprint(PRIVATE_KEY), primary: false });
    expect(JSON.stringify(result)).not.toContain("b3BlbnNzaC1rZXkt");
    expect(sshKeys(sim.state).find((k) => k.key_id === out.key_id)!.key).toBe(PRIVATE_KEY);
    const bad = await admin.call("add_ssh_key", { title: "Public?", key: "ssh-ed25519 AAAA me@host" });
    expect(text(bad)).toContain("private key");
    expect(sim.count("POST", "/keys")).toBe(1);
  });

  it("renames a key and reports an unknown id as not found", async () => {
    const admin = await as("admin");
    expect(data(await admin.call("update_ssh_key", { key_id: 2, title: "Old host key" }))).toMatchObject({ key_id: 2, title: "Old host key" });
    expect(sshKeys(sim.state)[1]!.title).toBe("Old host key");
    const missing = await admin.call("update_ssh_key", { key_id: 999, title: "x" });
    expect(errorOf(missing).code).toBe("not_found");
    expect(text(missing)).toContain("list_ssh_keys");
  });

  it("makes a key primary, which also becomes the configured default key", async () => {
    const admin = await as("admin");
    expect(data(await admin.call("set_primary_ssh_key", { key_id: 2 }))).toEqual({ primary: true, key_id: 2 });
    const keys = data(await admin.call("list_ssh_keys")).keys;
    expect(keys.find((k: { key_id: number }) => k.key_id === 2).primary).toBe(true);
    expect(keys.find((k: { key_id: number }) => k.key_id === 1).primary).toBe(false);
    expect(configurations(sim.state).value.default_key).toBe("2");
    const client = await as("client");
    expect(errorOf(await client.call("set_primary_ssh_key", { key_id: 1 })).code).toBe("forbidden");
  });

  it("deletes a key only with confirm", async () => {
    const admin = await as("admin");
    const unconfirmed = await admin.call("delete_ssh_key", { key_id: 2 });
    expect(text(unconfirmed)).toContain("confirm: true");
    expect(sim.count("DELETE")).toBe(0);
    expect(data(await admin.call("delete_ssh_key", { key_id: 2, confirm: true }))).toEqual({ deleted: true, key_id: 2 });
    expect(data(await admin.call("list_ssh_keys")).total).toBe(1);
  });

  it("read-only mode leaves only the reads", async () => {
    const h = await as("admin", { readOnly: true });
    const names = (await h.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["get_configurations", "get_defaults", "list_ssh_keys"]));
    for (const w of ["update_configurations", "save_configurations", "set_global_defaults", "add_ssh_key", "update_ssh_key", "set_primary_ssh_key", "delete_ssh_key"]) {
      expect(names).not.toContain(w);
    }
  });
});
