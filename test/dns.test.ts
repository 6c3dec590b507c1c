import { describe, expect, it } from "vitest";
import { data, errorCode, startHarness, text, useHarness, type Any, type Harness } from "./harness.js";

async function raw(h: Harness, method: string, path: string, body?: unknown, auth = true) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth) headers.authorization = `Basic ${Buffer.from(`${h.config.username}:${h.config.appPassword}`).toString("base64")}`;
  const res = await fetch(`${h.sim.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Any };
}

describe("dns toolset, as an administrator", () => {
  const h = useHarness({ user: "admin", toolsets: "dns,domains" });

  it("lists records as compact strings with nameservers, filters and pages", async () => {
    const all = data(await h.call("list_dns_records", { domain_id: 1 }));
    expect(all.domain_id).toBe(1);
    expect(all.nameservers).toContain("ns11.constellix.com");
    expect(all.total).toBe(5);
    const mx = all.records.find((r: Any) => r.type === "MX");
    expect(mx).toMatchObject({ name: "@", ttl: 3600, value: ["10 mxa.mailgun.org.", "10 mxb.mailgun.org."] });
    expect(typeof mx.id).toBe("number");
    expect(all.records.find((r: Any) => r.type === "A").value).toEqual(["192.0.2.11"]);
    // sorted by type then name, like the real server
    expect(all.records.map((r: Any) => r.type)).toEqual(["A", "CNAME", "MX", "TXT", "TXT"]);

    const txt = data(await h.call("list_dns_records", { domain_id: 1, type: "TXT" }));
    expect(txt.records.map((r: Any) => r.name)).toEqual(["@", "_dmarc"]);
    const page = data(await h.call("list_dns_records", { domain_id: 1, limit: 2 }));
    expect(page.records).toHaveLength(2);
    expect(page.next_offset).toBe(2);
    const search = data(await h.call("list_dns_records", { domain_id: 1, search: "dmarc" }));
    expect(search.total).toBe(1);
  });

  it("says how to get a zone when the domain has none", async () => {
    const r = await h.call("list_dns_records", { domain_id: 4 });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("404");
    expect(text(r)).toContain("no_zone");
  });

  it("creates records from value objects or plain strings, apex as @", async () => {
    const before = h.sim.requests.length;
    const a = data(await h.call("create_dns_record", { domain_id: 1, type: "A", name: "test", value: "192.0.2.50", ttl: 300 }));
    expect(a.record).toMatchObject({ type: "A", name: "test", ttl: 300, value: ["192.0.2.50"] });
    const sent = h.sim.requests.slice(before).find((r) => r.method === "POST")!;
    expect(sent.path).toBe("/dns/1/records");
    expect(sent.body).toEqual({ type: "A", name: "test", value: [{ value: "192.0.2.50" }], ttl: 300 });

    const mx = data(
      await h.call("create_dns_record", { domain_id: 1, type: "MX", name: "@", value: [{ server: "mail.example.com.", priority: 20 }] }),
    );
    expect(mx.record).toMatchObject({ name: "@", ttl: 3600, value: ["20 mail.example.com."] });
    expect((h.sim.requests.at(-1)!.body as Any).name).toBe("");

    const srv = data(
      await h.call("create_dns_record", { domain_id: 1, type: "SRV", name: "_sip._tcp", value: ["10 60 5060 sip.example.com."] }),
    );
    expect(srv.record.value).toEqual(["10 60 5060 sip.example.com."]);
    expect((h.sim.requests.at(-1)!.body as Any).value).toEqual([{ host: "sip.example.com.", priority: 10, weight: 60, port: 5060 }]);

    const aaaa = data(await h.call("create_dns_record", { domain_id: 1, type: "AAAA", name: "v6", value: [{ value: "2001:db8::10" }] }));
    expect(aaaa.record.value).toEqual(["2001:db8::10"]);

    const list = data(await h.call("list_dns_records", { domain_id: 1, limit: 100 }));
    expect(list.records.map((r: Any) => r.name)).toEqual(expect.arrayContaining(["test", "_sip._tcp", "v6"]));
  });

  it("refuses a record beside a CNAME of the same name (resolvers answer one or the other), naming it", async () => {
    const zone = data(await h.call("list_dns_records", { domain_id: 1 })).records;
    const cname = zone.find((r: Any) => r.type === "CNAME");
    const before = h.sim.requests.length;
    const beside = await h.call("create_dns_record", { domain_id: 1, type: "A", name: cname.name, value: "203.0.113.10" });
    expect(errorCode(beside)).toBe("invalid_input");
    expect(text(beside)).toContain(`record_id ${cname.id}`);
    expect(text(beside)).toContain("update_dns_record");
    const apexCname = await h.call("create_dns_record", { domain_id: 1, type: "CNAME", name: "mail2", value: "x.example.com." });
    expect(apexCname.isError).toBeFalsy();
    const onA = await h.call("create_dns_record", { domain_id: 1, type: "CNAME", name: "mail2", value: "y.example.com." });
    expect(text(onA)).toContain("a CNAME cannot share its name");
    expect(h.sim.requests.slice(before).filter((r) => r.method !== "GET")).toHaveLength(1);

    // Replacing the CNAME itself with an A is the way: it is not in its own way.
    const replaced = data(await h.call("update_dns_record", { domain_id: 1, record_id: cname.id, type: "A", value: "203.0.113.10" }));
    expect(replaced.record).toMatchObject({ type: "A", value: ["203.0.113.10"] });
  });

  it("rejects malformed values per record type before sending anything", async () => {
    const cases: [Any, RegExp][] = [
      [{ type: "A", name: "x", value: "example.com" }, /IPv4/],
      [{ type: "A", name: "x", value: [{ value: "192.0.2.300" }] }, /IPv4/],
      [{ type: "AAAA", name: "x", value: "192.0.2.1" }, /IPv6/],
      [{ type: "MX", name: "", value: [{ server: "mail.example.com", priority: 70000 }] }, /priority.*0 to 65535/],
      [{ type: "MX", name: "", value: [{ server: "mail.example.com" }] }, /priority/],
      [{ type: "MX", name: "", value: "mail.example.com" }, /priority server/],
      [{ type: "CNAME", name: "@", value: "target.example.com." }, /apex/],
      [{ type: "CNAME", name: "www", value: "192.0.2.1" }, /host name.*A record/],
      [{ type: "SRV", name: "_sip._tcp", value: "10 5060 sip.example.com" }, /SRV value/],
      [{ type: "SPF", name: "", value: "include:mailgun.org" }, /v=spf1/],
      [{ type: "TXT", name: "", value: [{ value: "" }] }, /needs \{value/],
      [{ type: "HTTP", name: "go", value: "not a url" }, /http\(s\) URL/],
      [{ type: "A", name: "x", value: [{ value: "192.0.2.1", server: "x" }] }, /server: not used by A/],
      [{ type: "A", name: "www.example.com.", value: "192.0.2.1" }, /relative to the domain/],
      [{ type: "A", name: "x", value: "192.0.2.1", ttl: 5 }, /ttl/],
      [{ type: "A", name: "x", value: "192.0.2.1", ttl: 3.5 }, /ttl/],
      [{ type: "CAA", name: "x", value: "0 issue letsencrypt.org" }, /type/],
      [{ type: "A", name: "x", value: [] }, /required/],
    ];
    const before = h.sim.requests.length;
    for (const [args, message] of cases) {
      const r = await h.call("create_dns_record", { domain_id: 1, ...args });
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(errorCode(r)).toBe("invalid_input");
      expect(text(r)).toMatch(message);
      expect(text(r)).toContain("Nothing was sent");
    }
    expect(h.sim.requests.length).toBe(before);
  });

  it("updates a record keeping its name and TTL when omitted", async () => {
    const list = data(await h.call("list_dns_records", { domain_id: 2, type: "A" }));
    const rec = list.records[0];
    const updated = data(await h.call("update_dns_record", { domain_id: 2, record_id: rec.id, type: "A", value: ["192.0.2.77", "192.0.2.78"] }));
    expect(updated.record).toMatchObject({ id: rec.id, name: "@", ttl: 3600, value: ["192.0.2.77", "192.0.2.78"] });
    const put = h.sim.requests.at(-1)!;
    expect(put.method).toBe("PUT");
    expect(put.body).toEqual({ type: "A", name: "", ttl: 3600, value: [{ value: "192.0.2.77" }, { value: "192.0.2.78" }] });
    const after = data(await h.call("list_dns_records", { domain_id: 2, type: "A" }));
    expect(after.records[0].value).toEqual(["192.0.2.77", "192.0.2.78"]);

    const renamed = data(await h.call("update_dns_record", { domain_id: 2, record_id: rec.id, type: "A", value: "192.0.2.79", name: "app", ttl: 600 }));
    expect(renamed.record).toMatchObject({ name: "app", ttl: 600, value: ["192.0.2.79"] });
  });

  it("refuses to update a record that is not in the zone, or with a bad value, without a PUT", async () => {
    const puts = h.sim.count("PUT");
    const missing = await h.call("update_dns_record", { domain_id: 2, record_id: 999, type: "A", value: "192.0.2.1" });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain("list_dns_records");
    const bad = await h.call("update_dns_record", { domain_id: 2, record_id: 999, type: "MX", value: [{ server: "mx.example.com", priority: -1 }] });
    expect(text(bad)).toMatch(/priority/);
    expect(h.sim.count("PUT")).toBe(puts);
  });

  it("deletes a record only with confirm: true", async () => {
    const rec = data(await h.call("list_dns_records", { domain_id: 3, search: "dmarc" })).records[0];
    const refused = await h.call("delete_dns_record", { domain_id: 3, record_id: rec.id });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain("confirm");
    expect(h.sim.count("DELETE")).toBe(0);
    const done = data(await h.call("delete_dns_record", { domain_id: 3, record_id: rec.id, confirm: true }));
    expect(done.message).toBe("Record deleted successfully.");
    expect(data(await h.call("list_dns_records", { domain_id: 3, search: "dmarc" })).total).toBe(0);
    const again = await h.call("delete_dns_record", { domain_id: 3, record_id: rec.id, confirm: true });
    expect(again.isError).toBe(true);
    expect(text(again)).toContain("constellix_error");
  });

  it("applies bulk changes through the zone's remote id, which the agent never sees", async () => {
    const zone = data(await h.call("list_dns_records", { domain_id: 2 }));
    const cname = zone.records.find((r: Any) => r.type === "CNAME");
    const txt = zone.records.find((r: Any) => r.type === "TXT" && r.name === "_dmarc");
    const result = await h.call("apply_dns_changes", {
      domain_id: 2,
      confirm: true,
      changes: [
        { action: "create", type: "A", name: "shop", value: "192.0.2.90", ttl: 300 },
        { action: "update", record_id: cname.id, type: "CNAME", name: "www", value: "bluebird.kinsta.cloud.", ttl: 3600 },
        { action: "delete", record_id: txt.id, type: "TXT" },
        { action: "delete", record_id: 12345, type: "A" },
      ],
    });
    const out = data(result);
    expect(out.applied).toBe(3);
    expect(out.failed).toBe(1);
    expect(out.results.map((r: Any) => [r.action, r.ok])).toEqual([
      ["create", true],
      ["update", true],
      ["delete", true],
      ["delete", false],
    ]);
    expect(out.results[3].error).toContain("Record not found");
    const bulk = h.sim.requests.find((r) => r.method === "POST" && r.path.endsWith("/bulk"))!;
    expect(bulk.path).toBe("/dns/100002/bulk");
    expect((bulk.body as Any).record_updates[0]).toMatchObject({ record_status: "new-record", record_type: "A", record_name: "shop", record_ttl: 300 });
    expect(JSON.stringify(result)).not.toContain("100002");

    const after = data(await h.call("list_dns_records", { domain_id: 2, limit: 100 }));
    expect(after.records.find((r: Any) => r.name === "shop").value).toEqual(["192.0.2.90"]);
    expect(after.records.find((r: Any) => r.type === "CNAME").value).toEqual(["bluebird.kinsta.cloud."]);
    expect(after.records.some((r: Any) => r.name === "_dmarc")).toBe(false);
  });

  it("checks every bulk change before resolving or sending anything", async () => {
    const before = h.sim.requests.length;
    const noConfirm = await h.call("apply_dns_changes", { domain_id: 2, changes: [{ action: "delete", record_id: 1, type: "A" }] });
    expect(text(noConfirm)).toContain("confirm");
    const bad = await h.call("apply_dns_changes", {
      domain_id: 2,
      confirm: true,
      changes: [
        { action: "update", type: "A", name: "x", value: "192.0.2.1", ttl: 300 },
        { action: "create", type: "MX", name: "", value: "mail.example.com", ttl: 300 },
        { action: "create", type: "A", value: "192.0.2.1" },
      ],
    });
    expect(errorCode(bad)).toBe("invalid_input");
    expect(text(bad)).toContain("changes[0].record_id");
    expect(text(bad)).toContain("changes[1].value");
    expect(text(bad)).toContain("changes[2].name");
    expect(text(bad)).toContain("changes[2].ttl");
    expect(h.sim.requests.length).toBe(before);
  });

  it("exports the zone file, and activates then deletes a zone", async () => {
    const zone = data(await h.call("export_dns_zone", { domain_id: 1 }));
    expect(zone.zone).toContain("$ORIGIN acme-shop.test.");
    expect(zone.zone).toContain("@ 3600 IN A 192.0.2.11");
    expect(text(await h.call("export_dns_zone", { domain_id: 4 }))).toContain("500");

    const bulkNoZone = await h.call("apply_dns_changes", {
      domain_id: 4,
      confirm: true,
      changes: [{ action: "create", type: "A", name: "", value: "192.0.2.1", ttl: 300 }],
    });
    expect(text(bulkNoZone)).toContain("activate_dns_zone");

    const activated = await h.call("activate_dns_zone", { domain_id: 4 });
    expect(data(activated)).toEqual({ message: "DNS zone activated successfully.", dns_zone: true });
    const remote = h.sim.state.domains.find((d) => d.domain_id === 4)!.remote_id!;
    expect(remote).toBeTruthy();
    expect(JSON.stringify(activated)).not.toContain(remote);
    expect(data(await h.call("list_dns_records", { domain_id: 4 })).total).toBe(0);
    expect(data(await h.call("list_domains", { search: "acme-events" })).domains[0].dns_zone).toBe(true);

    expect(text(await h.call("delete_dns_zone", { domain_id: 4 }))).toContain("confirm");
    expect(data(await h.call("delete_dns_zone", { domain_id: 4, confirm: true })).message).toBe("DNS zone deleted successfully.");
    expect(text(await h.call("list_dns_records", { domain_id: 4 }))).toContain("no_zone");
    const again = await h.call("delete_dns_zone", { domain_id: 4, confirm: true });
    expect(text(again)).toContain("zone_not_found");
  });
});

describe("dns toolset, scoped to a non-admin", () => {
  const h = useHarness({ user: "client", toolsets: "dns" });

  it("manages its own domain's records", async () => {
    const list = data(await h.call("list_dns_records", { domain_id: 1 }));
    expect(list.total).toBeGreaterThan(0);
    const created = data(await h.call("create_dns_record", { domain_id: 1, type: "TXT", name: "verify", value: "token-123" }));
    expect(created.record.value).toEqual(["token-123"]);
  });

  it("is refused another account's domain with an actionable error", async () => {
    for (const [tool, args] of [
      ["list_dns_records", { domain_id: 3 }],
      ["create_dns_record", { domain_id: 3, type: "A", name: "x", value: "192.0.2.1" }],
      ["activate_dns_zone", { domain_id: 3 }],
    ] as const) {
      const r = await h.call(tool, args);
      expect(r.isError).toBe(true);
      expect(errorCode(r)).toBe("forbidden");
      expect(text(r)).toContain("list_domains");
    }
  });

  it("does not send a bulk change for a domain it cannot see", async () => {
    const r = await h.call("apply_dns_changes", {
      domain_id: 3,
      confirm: true,
      changes: [{ action: "delete", record_id: 1, type: "A" }],
    });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("not visible");
    expect(h.sim.count("POST", /\/bulk$/)).toBe(0);
  });

  it("gets permission_denied from the bulk route on a foreign zone id", async () => {
    const res = await raw(h, "POST", "/dns/100003/bulk", { record_updates: [] });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("permission_denied");
  });
});

describe("dns simulator routes behave like WordPress", () => {
  const h = useHarness({ user: "admin", toolsets: "dns" });

  it("refuses record routes with 403 token_invalid even to anonymous callers", async () => {
    const anon = await raw(h, "GET", "/dns/1", undefined, false);
    expect(anon.status).toBe(403);
    expect(anon.body).toMatchObject({ code: "token_invalid", message: "Invalid Token" });
    const unknown = await raw(h, "GET", "/dns/999");
    expect(unknown.status).toBe(403);
  });

  it("validates record args before the permission callback", async () => {
    const missing = await raw(h, "POST", "/dns/1/records", { type: "A" }, false);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: "rest_missing_callback_param", data: { params: ["name", "value"] } });
    const badTtl = await raw(h, "POST", "/dns/1/records", { type: "A", name: "x", value: [{ value: "192.0.2.1" }], ttl: "soon" });
    expect(badTtl.status).toBe(400);
    expect(badTtl.body).toMatchObject({ code: "rest_invalid_param", data: { params: { ttl: "ttl is not of type integer." } } });
    const putNoTtl = await raw(h, "PUT", "/dns/1/records/1", { type: "A", name: "x", value: [{ value: "192.0.2.1" }] });
    expect(putNoTtl.body).toMatchObject({ code: "rest_missing_callback_param", data: { params: ["ttl"] } });
    const created = await raw(h, "POST", "/dns/1/records", { type: "a", name: "raw", value: [{ value: "192.0.2.5" }] });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ type: "A", ttl: 3600, value: [{ value: "192.0.2.5", enabled: true }] });
    const provider = await raw(h, "POST", "/dns/1/records", { type: "A", name: "x", value: [{ value: "nope" }] });
    expect(provider.status).toBe(400);
    expect(provider.body.code).toBe("constellix_error");
  });
});

describe("dns toolset in read-only mode", () => {
  it("exposes only the reads and refuses writes through the catalog", async () => {
    const h = await startHarness({ user: "admin", toolsets: "dns", readOnly: true });
    try {
      const names = (await h.client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(["list_dns_records", "export_dns_zone"]));
      for (const write of ["create_dns_record", "update_dns_record", "delete_dns_record", "apply_dns_changes", "activate_dns_zone", "delete_dns_zone"]) {
        expect(names).not.toContain(write);
      }
    } finally {
      await h.close();
    }
  });
});
