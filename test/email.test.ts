import { describe, expect, it } from "vitest";
import { data, errorCode, expectNoSecrets, text, useHarness, type Any } from "./harness.js";

describe("email forwarding, as an administrator", () => {
  const h = useHarness({ user: "admin", toolsets: "email,dns" });

  it("lists aliases as addresses", async () => {
    const out = data(await h.call("list_email_forwards", { domain_id: 1 }));
    expect(out).toEqual({ forwards: [{ id: "5f1e2d3c4b5a", address: "info@acme-shop.test", recipients: ["owner@gmail.test"] }], total: 1 });
  });

  it("creates, updates and deletes aliases", async () => {
    const created = data(await h.call("create_email_forward", { domain_id: 1, name: "sales", recipients: ["a@example.org", "b@example.org"] }));
    expect(created).toMatchObject({ address: "sales@acme-shop.test", recipients: ["a@example.org", "b@example.org"] });
    const catchAll = data(await h.call("create_email_forward", { domain_id: 1, name: "*", recipients: ["all@example.org"] }));
    expect(catchAll.address).toBe("*@acme-shop.test (catch-all)");

    const updated = data(await h.call("update_email_forward", { domain_id: 1, alias_id: created.id, recipients: ["c@example.org"] }));
    expect(updated).toMatchObject({ id: created.id, message: "Route has been updated", recipients: ["c@example.org"] });
    expect(h.sim.requests.at(-1)!.body).toEqual({ recipients: ["c@example.org"] });
    let list = data(await h.call("list_email_forwards", { domain_id: 1 })).forwards;
    expect(list.find((f: Any) => f.id === created.id).recipients).toEqual(["c@example.org"]);

    expect(text(await h.call("delete_email_forward", { domain_id: 1, alias_id: created.id }))).toContain("confirm");
    expect(data(await h.call("delete_email_forward", { domain_id: 1, alias_id: created.id, confirm: true }))).toEqual({ deleted: true, id: created.id });
    list = data(await h.call("list_email_forwards", { domain_id: 1 })).forwards;
    expect(list.map((f: Any) => f.id)).not.toContain(created.id);
    expect(data(await h.call("delete_email_forward", { domain_id: 1, alias_id: created.id, confirm: true }))).toEqual({
      deleted: false,
      message: "Route not found",
    });
  });

  it("does not forward an address twice: an existing alias is named, with update_email_forward", async () => {
    const before = h.sim.requests.length;
    const twice = await h.call("create_email_forward", { domain_id: 1, name: "Info", recipients: ["new@example.org"] });
    expect(twice.isError).toBe(true);
    expect(text(twice)).toContain("alias_id 5f1e2d3c4b5a");
    expect(text(twice)).toContain("update_email_forward");
    expect(h.sim.requests.slice(before).map((r) => r.method)).toEqual(["GET"]);
  });

  it("rejects bad aliases before sending", async () => {
    const before = h.sim.requests.length;
    for (const [tool, args] of [
      ["create_email_forward", { domain_id: 1, name: "sales", recipients: ["not-an-email"] }],
      ["create_email_forward", { domain_id: 1, name: "sa les", recipients: ["a@example.org"] }],
      ["create_email_forward", { domain_id: 1, name: "info", recipients: [] }],
      ["update_email_forward", { domain_id: 1, alias_id: "5f1e2d3c4b5a" }],
      ["update_email_forward", { domain_id: 1, alias_id: "../x", name: "info" }],
    ] as const) {
      const r = await h.call(tool, args);
      expect(errorCode(r), JSON.stringify(args)).toBe("invalid_input");
      expect(text(r)).toContain("Nothing was sent");
    }
    expect(h.sim.requests.length).toBe(before);
  });

  it("activates forwarding, refusing to replace existing MX records unless asked", async () => {
    const idle = await h.call("list_email_forwards", { domain_id: 2 });
    expect(idle.isError).toBe(true);
    expect(text(idle)).toContain("not active");
    // CaptainCore answers 500 here, but nothing failed: the next step is to turn forwarding on.
    expect(text(idle)).toContain("activate_email_forwarding");
    expect(text(idle)).not.toContain("Retrying");

    const conflict = await h.call("activate_email_forwarding", { domain_id: 2 });
    expect(conflict.isError).toBe(true);
    expect(text(conflict)).toContain("409");
    expect(text(conflict)).toContain("mx_conflict");

    // Replacing MX records moves the domain's mail: the user says yes first.
    const sent = h.sim.requests.length;
    const unconfirmed = await h.call("activate_email_forwarding", { domain_id: 2, overwrite_mx: true });
    expect(unconfirmed.isError).toBe(true);
    expect(text(unconfirmed)).toContain("confirm: true");
    expect(h.sim.requests.length).toBe(sent);

    const out = data(await h.call("activate_email_forwarding", { domain_id: 2, overwrite_mx: true, confirm: true }));
    expect(out).toMatchObject({ name: "bluebird.media", forwarding_active: true, mailgun_domain: { state: "unverified" } });
    expect(h.sim.requests.at(-1)!.body).toEqual({ overwrite_mx: true });
    const mx = data(await h.call("list_dns_records", { domain_id: 2, type: "MX" })).records;
    expect(mx).toHaveLength(1);
    expect(mx[0].value).toEqual(["10 mxa.mailgun.org.", "10 mxb.mailgun.org."]);

    const again = await h.call("activate_email_forwarding", { domain_id: 2 });
    expect(text(again)).toContain("already_active");

    const status = data(await h.call("get_email_forwarding_status", { domain_id: 2 }));
    expect(status).toMatchObject({ state: "unverified", forwarding_active: true, has_mx_record: true });
    expect(status.receiving_dns_records[0]).toEqual({ type: "MX", priority: 10, value: "mxa.mailgun.org", valid: "valid" });
    const verified = data(await h.call("get_email_forwarding_status", { domain_id: 2, verify: true }));
    expect(verified.state).toBe("active");
    expect(h.sim.requests.at(-1)!.query).toEqual({ verify: "true" });
  });

  it("pages forwarding logs with Mailgun's next URL and accepts only Mailgun URLs", async () => {
    const first = data(await h.call("list_email_forwarding_logs", { domain_id: 1 }));
    expect(first.count).toBe(3);
    expect(first.events[0]).toEqual({
      time: "2026-01-01T00:00:00Z",
      event: "accepted",
      recipient: "info@acme-shop.test",
      from: "customer@example.org",
      subject: "Order question",
    });
    expect(first.events[2].reason).toBe("Mailbox full");
    expect(first.next_page_url).toMatch(/^https:\/\/api\.mailgun\.net\//);
    const next = data(await h.call("list_email_forwarding_logs", { domain_id: 1, page_url: first.next_page_url }));
    expect(next).toEqual({ count: 0 });
    const failed = data(await h.call("list_email_forwarding_logs", { domain_id: 1, event: "failed" }));
    expect(failed.events.map((e: Any) => e.event)).toEqual(["failed"]);

    const before = h.sim.requests.length;
    const evil = await h.call("list_email_forwarding_logs", { domain_id: 1, page_url: "https://evil.example/steal" });
    expect(errorCode(evil)).toBe("invalid_input");
    expect(h.sim.requests.length).toBe(before);
    expect(text(await h.call("list_email_forwarding_logs", { domain_id: 3 }))).toContain("forwarding_not_configured");
  });

  it("disables forwarding only with confirm", async () => {
    expect(text(await h.call("disable_email_forwarding", { domain_id: 2 }))).toContain("confirm");
    const out = data(await h.call("disable_email_forwarding", { domain_id: 2, confirm: true }));
    expect(out).toEqual({ message: "Email forwarding deleted successfully." });
    expect(data(await h.call("get_email_forwarding_status", { domain_id: 2 })).forwarding_active).toBe(false);
    expect(text(await h.call("disable_email_forwarding", { domain_id: 2, confirm: true }))).toContain("404");
  });
});

describe("Mailgun sending zones, as an administrator", () => {
  const h = useHarness({ user: "admin", toolsets: "email,dns" });

  it("shows the zone with its DNS records and no SMTP password", async () => {
    const result = await h.call("get_mailgun_zone", { domain_id: 1 });
    const zone = data(result);
    expect(zone).toMatchObject({ zone: "mg.acme-shop.test", state: "active", smtp_login: "postmaster@mg.acme-shop.test" });
    expect(zone.sending_dns_records[0]).toMatchObject({ type: "TXT", name: "mg", valid: "valid" });
    expectNoSecrets(h, result);
    const none = await h.call("get_mailgun_zone", { domain_id: 2 });
    expect(text(none)).toContain("mailgun_not_configured");
  });

  it("creates, verifies, deploys and deletes a zone", async () => {
    const created = data(await h.call("create_mailgun_zone", { domain_id: 3, domain: "mg.cedar.co" }));
    expect(created).toMatchObject({ success: true, zone: "mg.cedar.co" });
    expect(data(await h.call("get_mailgun_zone", { domain_id: 3 })).state).toBe("unverified");
    const records = data(await h.call("list_dns_records", { domain_id: 3, search: "mg" })).records;
    expect(records.map((r: Any) => `${r.type} ${r.name}`)).toEqual(expect.arrayContaining(["TXT mg", "CNAME email.mg"]));

    const verified = data(await h.call("verify_mailgun_zone", { domain_id: 3 }));
    expect(verified).toMatchObject({ zone: "mg.cedar.co", state: "active", message: "Domain DNS records have been updated" });
    expect(data(await h.call("get_mailgun_zone", { domain_id: 3 })).state).toBe("active");

    const deployed = data(await h.call("deploy_mailgun_smtp", { domain_id: 3, site_id: 10, from_name: "Cedar", environment: "Staging" }));
    expect(deployed).toEqual({ success: true, output: "Mailgun SMTP configured on cedarco-staging" });
    expect(h.sim.requests.at(-1)!.body).toEqual({ site_id: 10, from_name: "Cedar", environment: "staging" });
    expect(h.sim.state.sites.find((s) => s.site_id === 10)!.mailgun).toBe("mg.cedar.co");

    expect(text(await h.call("delete_mailgun_zone", { domain_id: 3 }))).toContain("confirm");
    expect(data(await h.call("delete_mailgun_zone", { domain_id: 3, confirm: true }))).toEqual({
      success: true,
      message: "Mailgun zone deleted successfully.",
    });
    expect(text(await h.call("get_mailgun_zone", { domain_id: 3 }))).toContain("mailgun_not_configured");
    expect(text(await h.call("verify_mailgun_zone", { domain_id: 3 }))).toContain("mailgun_zone_missing");
  });

  it("lists and filters sending events", async () => {
    const all = data(await h.call("list_mailgun_events", { domain_id: 1 }));
    expect(all.events.map((e: Any) => e.event)).toEqual(["delivered", "failed", "opened"]);
    const failed = data(await h.call("list_mailgun_events", { domain_id: 1, event: "failed" }));
    expect(failed.events).toEqual([
      { time: "2026-01-01T00:01:40Z", event: "failed", recipient: "gone@example.org", from: "shop@mg.acme-shop.test", subject: "Your receipt", reason: "No such mailbox" },
    ]);
    const one = data(await h.call("list_mailgun_events", { domain_id: 1, recipient: "user@example.org" }));
    expect(one.count).toBe(2);
    expect(errorCode(await h.call("list_mailgun_events", { domain_id: 1, recipient: "nobody" }))).toBe("invalid_input");
  });

  it("pages suppressions locally and removes an address", async () => {
    const out = data(await h.call("list_mailgun_suppressions", { domain_id: 1, type: "bounces" }));
    expect(out).toMatchObject({ type: "bounces", total: 1, addresses: [{ address: "gone@example.org", code: "550", error: "No such mailbox" }] });
    const req = h.sim.requests.at(-1)!;
    expect(req.path).toBe("/domain/1/mailgun/suppressions/bounces");
    expect(req.query).toEqual({});

    const removed = data(await h.call("delete_mailgun_suppression", { domain_id: 1, type: "bounces", address: "gone@example.org" }));
    expect(removed).toEqual({ message: "Bounced address has been removed", address: "gone@example.org" });
    expect(h.sim.requests.at(-1)!.query).toEqual({ address: "gone@example.org" });
    expect(data(await h.call("list_mailgun_suppressions", { domain_id: 1, type: "bounces" })).total).toBe(0);
    const again = await h.call("delete_mailgun_suppression", { domain_id: 1, type: "bounces", address: "gone@example.org" });
    expect(text(again)).toContain("not found");
    expect(errorCode(await h.call("list_mailgun_suppressions", { domain_id: 1, type: "spam" }))).toBe("invalid_input");
  });
});

describe("email toolset, scoped to a non-admin", () => {
  const h = useHarness({ user: "client", toolsets: "email" });

  it("reads its own domain's forwarding", async () => {
    expect(data(await h.call("list_email_forwards", { domain_id: 1 })).total).toBe(1);
  });

  it("is refused another account's domain and the admin-only disable", async () => {
    expect(errorCode(await h.call("list_email_forwards", { domain_id: 3 }))).toBe("forbidden");
    expect(errorCode(await h.call("get_mailgun_zone", { domain_id: 3 }))).toBe("forbidden");
    const disable = await h.call("disable_email_forwarding", { domain_id: 1, confirm: true });
    expect(errorCode(disable)).toBe("forbidden");
    expect(text(disable)).toContain("403");
  });

  it("cannot push SMTP settings to a site it cannot see, although CaptainCore would not check", async () => {
    const r = await h.call("deploy_mailgun_smtp", { domain_id: 1, site_id: 10, from_name: "Acme" });
    expect(r.isError).toBe(true);
    expect(errorCode(r)).toBe("forbidden");
    expect(text(r)).toContain("list_sites");
    expect(h.sim.count("POST", /mailgun\/deploy$/)).toBe(0);
    expect(h.sim.state.sites.find((s) => s.site_id === 10)!.mailgun).toBe("");
  });
});
