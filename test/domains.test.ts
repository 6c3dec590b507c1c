import { describe, expect, it } from "vitest";
import { domainActivity, registrar } from "../src/simulator/routes/domains.js";
import { data, errorCode, startHarness, text, useHarness, type Any, type Harness } from "./harness.js";

async function raw(h: Harness, method: string, path: string, body?: unknown) {
  const res = await fetch(`${h.sim.url}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from(`${h.config.username}:${h.config.appPassword}`).toString("base64")}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Any };
}

const ZONE = `$ORIGIN example.com.
$TTL 3600
@ IN SOA ns1.example.net. hostmaster.example.com. (
  2026010101 ; serial
  43200 3600 1209600 180 )
@ IN NS ns1.example.net.
@ 300 IN A 192.0.2.1
www IN CNAME example.com.
@ IN MX 10 mail.example.com.
@ IN TXT "v=spf1 include:mailgun.org ~all" ; comment
empty IN TXT ""
_sip._tcp IN SRV 10 60 5060 sip.example.com.
`;

describe("domains toolset, as an administrator", () => {
  const h = useHarness({ user: "admin", toolsets: "domains,dns" });

  it("lists every domain as compact rows without provider ids", async () => {
    const result = await h.call("list_domains");
    const out = data(result);
    expect(out.total).toBe(4);
    expect(out.domains.map((d: Any) => d.name)).toEqual(["acme-events.test", "acme-shop.test", "bluebird.media", "cedar.co"]);
    expect(out.domains[1]).toEqual({ domain_id: 1, name: "acme-shop.test", dns_zone: true, registrar: true, status: "active" });
    expect(out.domains[0]).toEqual({ domain_id: 4, name: "acme-events.test", dns_zone: false, registrar: false, status: "active" });
    expect(JSON.stringify(result)).not.toContain("100001");
    const page = data(await h.call("list_domains", { search: "ACME", limit: 1 }));
    expect(page.total).toBe(2);
    expect(page.next_offset).toBe(1);
  });

  it("gets a domain with registrar data, grouped sites and mail zones", async () => {
    const d = data(await h.call("get_domain", { domain_id: 1 }));
    expect(d.registrar).toMatchObject({ domain: "acme-shop.test", locked: "on", whois_privacy: "on", status: "registered" });
    expect(d.registrar.nameservers).toEqual(["ns11.constellix.com", "ns21.constellix.com", "ns31.constellix.com"]);
    expect(d.registrar.contacts.owner).toMatchObject({ first_name: "Bob", email: "bob@acme-shop.test", country: "US" });
    expect(d.registrar.contacts.owner.org_name).toBeUndefined();
    expect(d.registrar.contacts.admin).toBe("same as owner");
    expect(d.accounts).toEqual([{ account_id: 1, name: "Acme Corp" }]);
    expect(d.connected_sites[0]).toEqual({ site_id: 1, name: "acme-shop.test", environments: ["Production", "Staging"] });
    expect(d.email).toMatchObject({ mailgun_zone: "mg.acme-shop.test" });

    const bare = data(await h.call("get_domain", { domain_id: 4 }));
    expect(bare.registrar).toBeUndefined();
    expect(bare.registrar_note).toContain("No registrar");
  });

  it("answers 403 for an unknown domain with a hint", async () => {
    const r = await h.call("get_domain", { domain_id: 999 });
    expect(errorCode(r)).toBe("forbidden");
    expect(text(r)).toContain("list_domains");
  });

  it("adds a domain with or without a DNS zone and reports in-band errors", async () => {
    const added = data(await h.call("create_domain", { name: "New-Site.example", account_id: 2 }));
    expect(added).toEqual({ domain_id: 5, name: "new-site.example", dns_zone: true });
    expect(h.sim.requests.at(-1)!.body).toEqual({ name: "new-site.example", account_id: 2 });
    expect(data(await h.call("list_dns_records", { domain_id: 5 })).total).toBe(0);

    const noZone = data(await h.call("create_domain", { name: "plain.example", account_id: 2, create_dns_zone: false }));
    expect(noZone.dns_zone).toBe(false);

    const dup = await h.call("create_domain", { name: "new-site.example", account_id: 2 });
    expect(errorCode(dup)).toBe("api_error");
    expect(text(dup)).toContain("Domain has already been added.");

    const before = h.sim.requests.length;
    const bad = await h.call("create_domain", { name: "not a domain", account_id: 2 });
    expect(errorCode(bad)).toBe("invalid_input");
    expect(text(bad)).toContain("example.com");
    expect(h.sim.requests.length).toBe(before);
  });

  it("deletes a domain only with confirm, tearing down its zone", async () => {
    const { domain_id } = data(await h.call("create_domain", { name: "doomed.example", account_id: 3 }));
    const refused = await h.call("delete_domain", { domain_id });
    expect(text(refused)).toContain("confirm");
    const out = data(await h.call("delete_domain", { domain_id, confirm: true }));
    expect(out).toMatchObject({ domain_id, message: "Deleted domain doomed.example", removed: ["dns_zone"] });
    expect(data(await h.call("list_domains", { search: "doomed" })).total).toBe(0);
    const again = await h.call("delete_domain", { domain_id, confirm: true });
    expect(text(again)).toContain("Domain not found");
  });

  it("sets a domain's accounts and registrar", async () => {
    expect(data(await h.call("set_domain_accounts", { domain_id: 4, account_ids: [1, 2] }))).toEqual({ success: true });
    expect(data(await h.call("get_domain", { domain_id: 4 })).accounts.map((a: Any) => a.account_id)).toEqual([1, 2]);
    await h.call("set_domain_accounts", { domain_id: 4, account_ids: [1], provider_id: 1 });
    const d = data(await h.call("get_domain", { domain_id: 4 }));
    expect(d.accounts).toEqual([{ account_id: 1, name: "Acme Corp" }]);
    expect(d.registrar.status).toBe("registered");
    await h.call("set_domain_accounts", { domain_id: 4, account_ids: [1], provider_id: null });
    expect(data(await h.call("list_domains", { search: "acme-events" })).domains[0].registrar).toBe(false);
  });

  it("locks and unlocks, and turns privacy off and on, through the state-changing GETs", async () => {
    const unconfirmed = await h.call("set_domain_lock", { domain_id: 2, status: "off" });
    expect(errorCode(unconfirmed)).toBe("invalid_input");
    expect(text(unconfirmed)).toContain("confirm: true");
    expect(h.sim.requests.some((r) => r.path === "/domain/2/lock_off")).toBe(false);
    const off = data(await h.call("set_domain_lock", { domain_id: 2, status: "off", confirm: true }));
    expect(off).toEqual({ domain_id: 2, lock: "off", registrar_response: { data: { isLocked: false } } });
    expect(h.sim.requests.at(-1)).toMatchObject({ method: "GET", path: "/domain/2/lock_off" });
    expect(data(await h.call("get_domain", { domain_id: 2 })).registrar.locked).toBe("off");
    await h.call("set_domain_lock", { domain_id: 2, status: "on" });
    expect(registrar(h.sim.state).get(2)!.locked).toBe("on");

    // Privacy off publishes the owner's details: the user says yes first.
    const sent = h.sim.requests.length;
    const publish = await h.call("set_domain_privacy", { domain_id: 2, status: "off" });
    expect(text(publish)).toContain("confirm: true");
    expect(h.sim.requests.length).toBe(sent);
    const priv = data(await h.call("set_domain_privacy", { domain_id: 2, status: "off", confirm: true }));
    expect(priv.registrar_response).toEqual({ data: { privacyLevel: "public" } });
    expect(data(await h.call("get_domain", { domain_id: 2 })).registrar.whois_privacy).toBe("off");

    const noRegistrar = await h.call("set_domain_lock", { domain_id: 4, status: "on" });
    expect(text(noRegistrar)).toContain("No remote domain found.");
    const bad = await h.call("set_domain_lock", { domain_id: 2, status: "maybe" });
    expect(errorCode(bad)).toBe("invalid_input");
  });

  it("keeps the transfer code hidden unless the user asked to see it", async () => {
    const code = registrar(h.sim.state).get(3)!.auth_code;
    const hidden = await h.call("get_domain_auth_code", { domain_id: 3 });
    expect(data(hidden)).toMatchObject({ domain_id: 3, auth_code: "[redacted]" });
    expect(text(hidden)).toContain("reveal_secrets");
    expect(JSON.stringify(hidden)).not.toContain(code);
    const shown = data(await h.call("get_domain_auth_code", { domain_id: 3, reveal_secrets: true }));
    expect(shown.auth_code).toBe(code);
    expect(domainActivity(h.sim.state).filter((a) => a.domain_id === 3)).toHaveLength(2);

    const none = await h.call("get_domain_auth_code", { domain_id: 4 });
    expect(none.isError).toBe(true);
    expect(text(none)).toContain("No records");
  });

  it("updates contacts and refuses malformed ones before sending", async () => {
    const owner = {
      first_name: "Cara",
      last_name: "Cedar",
      email: "cara@cedar.co",
      phone: "+1.5550001111",
      address1: "2 Oak Rd",
      city: "Portland",
      state: "OR",
      postal_code: "97201",
      country: "US",
    };
    expect(data(await h.call("update_domain_contacts", { domain_id: 3, contacts: { owner } }))).toEqual({ response: "Contacts have been updated." });
    const d = data(await h.call("get_domain", { domain_id: 3 }));
    expect(d.registrar.contacts.owner.email).toBe("cara@cedar.co");
    expect(d.registrar.contacts.admin.email).toBe("bob@cedar.co");
    expect(data(await h.call("update_domain_contacts", { domain_id: 3, contacts: { owner } })).response).toBe("No changes found.");

    const before = h.sim.requests.length;
    for (const contacts of [{ owner: { ...owner, phone: "555-1234" } }, { owner: { ...owner, country: "USA" } }, { boss: owner }, {}, { owner: { ...owner, fax: "1" } }]) {
      const r = await h.call("update_domain_contacts", { domain_id: 3, contacts });
      expect(errorCode(r)).toBe("invalid_input");
    }
    expect(h.sim.requests.length).toBe(before);
  });

  it("sets nameservers once the user agrees (wrong ones take sites and mail offline)", async () => {
    const unconfirmed = await h.call("set_domain_nameservers", { domain_id: 3, nameservers: ["ns1.example.net", "ns2.example.net"] });
    expect(text(unconfirmed)).toContain("sites and mail offline");
    expect(text(unconfirmed)).toContain("confirm: true");
    const out = data(await h.call("set_domain_nameservers", { domain_id: 3, nameservers: ["NS1.Example.net", "ns2.example.net"], confirm: true }));
    expect(out).toEqual({ response: "Nameservers have been updated." });
    expect(data(await h.call("get_domain", { domain_id: 3 })).registrar.nameservers).toEqual(["ns1.example.net", "ns2.example.net"]);
    const one = await h.call("set_domain_nameservers", { domain_id: 3, nameservers: ["ns1.example.net"], confirm: true });
    expect(errorCode(one)).toBe("invalid_input");
  });

  it("links a domain to a site's customer account", async () => {
    const out = data(await h.call("link_domain_to_site", { domain_id: 4, site_id: 10 }));
    expect(out.message).toBe("Domain billing account updated successfully.");
    expect(data(await h.call("get_domain", { domain_id: 4 })).accounts).toEqual([{ account_id: 3, name: "Cedar & Co" }]);
    const missing = await raw(h, "POST", "/domain/4/update-site-link", {});
    expect(missing.body.code).toBe("rest_missing_callback_param");
    const bad = await raw(h, "POST", "/domain/4/update-site-link", { site_id: "abc" });
    expect(bad.body.code).toBe("rest_invalid_param");
    await h.call("link_domain_to_site", { domain_id: 4, site_id: 1 });
  });

  it("parses a zone file without writing anything", async () => {
    const domainsBefore = h.sim.state.domains.length;
    const out = data(await h.call("parse_zone_file", { domain: "example.com", zone: ZONE }));
    expect(out.records).toEqual([
      { name: "@", type: "NS", value: "ns1.example.net." },
      { name: "@", type: "A", value: "192.0.2.1" },
      { name: "www", type: "CNAME", value: "example.com." },
      { name: "@", type: "MX", value: "10 mail.example.com." },
      { name: "@", type: "TXT", value: "v=spf1 include:mailgun.org ~all" },
      { name: "_sip._tcp", type: "SRV", value: "10 60 5060 sip.example.com." },
    ]);
    expect(h.sim.state.domains.length).toBe(domainsBefore);
    expect(errorCode(await h.call("parse_zone_file", { domain: "example.com", zone: "" }))).toBe("invalid_input");
  });

  it("imports parsed records through apply_dns_changes", async () => {
    const parsed = data(await h.call("parse_zone_file", { domain: "example.com", zone: ZONE })).records.filter((r: Any) => r.type !== "NS");
    const { domain_id } = data(await h.call("create_domain", { name: "imported.example", account_id: 1 }));
    const out = data(
      await h.call("apply_dns_changes", {
        domain_id,
        confirm: true,
        changes: parsed.map((r: Any) => ({ action: "create", type: r.type, name: r.name, value: r.value, ttl: 3600 })),
      }),
    );
    expect(out).toMatchObject({ applied: 5, failed: 0 });
    const list = data(await h.call("list_dns_records", { domain_id }));
    expect(list.records.find((r: Any) => r.type === "MX").value).toEqual(["10 mail.example.com."]);
  });
});

describe("domains toolset, scoped to a non-admin", () => {
  const h = useHarness({ user: "client", toolsets: "domains" });

  it("sees the domains of its account and of its sites' customers", async () => {
    const out = data(await h.call("list_domains"));
    expect(out.domains.map((d: Any) => d.domain_id).sort()).toEqual([1, 2, 4]);
  });

  it("is refused another account's domain", async () => {
    for (const [tool, args] of [
      ["get_domain", { domain_id: 3 }],
      ["set_domain_lock", { domain_id: 3, status: "off", confirm: true }],
      ["get_domain_auth_code", { domain_id: 3 }],
    ] as const) {
      const r = await h.call(tool, args);
      expect(errorCode(r)).toBe("forbidden");
    }
    expect(registrar(h.sim.state).get(3)!.locked).toBe("on");
    const del = await h.call("delete_domain", { domain_id: 3, confirm: true });
    expect(text(del)).toContain("domain_delete_failed");
  });

  it("must pick a site it can access when adding a domain", async () => {
    const noSite = await h.call("create_domain", { name: "mine.example" });
    expect(text(noSite)).toContain("Website must be selected.");
    const foreign = await h.call("create_domain", { name: "mine.example", site_id: 10 });
    expect(text(foreign)).toContain("Permission denied for selected site.");
    const ok = data(await h.call("create_domain", { name: "mine.example", site_id: 2 }));
    expect(ok.name).toBe("mine.example");
    expect(h.sim.state.domains.find((d) => d.name === "mine.example")!.account_ids).toEqual([1]);
  });

  it("cannot set accounts (admin only) or link to a foreign site", async () => {
    const r = await h.call("set_domain_accounts", { domain_id: 1, account_ids: [2] });
    expect(errorCode(r)).toBe("forbidden");
    const link = await h.call("link_domain_to_site", { domain_id: 1, site_id: 10 });
    expect(text(link)).toContain("permission_denied_site");
  });
});

describe("domains toolset in read-only mode", () => {
  it("keeps only the reads", async () => {
    const h = await startHarness({ user: "admin", toolsets: "domains", readOnly: true });
    try {
      const names = (await h.client.listTools()).tools.map((t) => t.name).filter((n) => !/_(operation|operations|toolset|toolsets)$/.test(n));
      expect(names.sort()).toEqual(["get_domain", "get_domain_auth_code", "list_domains", "parse_zone_file"]);
      const before = h.sim.requests.length;
      const viaCatalog = await h.call("call_read_operation", { name: "set_domain_lock", arguments: { domain_id: 1, status: "off", confirm: true } });
      expect(viaCatalog.isError).toBe(true);
      expect(text(viaCatalog)).toContain("read-only");
      expect(h.sim.requests.length).toBe(before);
    } finally {
      await h.close();
    }
  });
});
