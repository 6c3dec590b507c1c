/** The environments toolset: Kinsta push targets and pushes, and the domains of a hosted environment. */
import { describe, expect, it } from "vitest";
import { data, errorOf, text, withUsers, type Any } from "./harness.js";

const { sim, admin, client } = withUsers("environments");

describe("push targets and push", () => {
  it("lists the Kinsta environments a member can push to, without the source", async () => {
    const out = data(await client.call("list_push_targets", { site_id: 1, env_id: 2 }));
    expect(out.targets[0]).toEqual({ site_id: 1, name: "acme-shop.test", environment: "Production", environment_id: 1, home_url: "https://acme-shop.test" });
    const ids = out.targets.map((t: Any) => t.environment_id);
    expect(ids).not.toContain(2);
    expect(new Set(out.targets.map((t: Any) => t.site_id))).toEqual(new Set([1, 2, 5, 9]));
  });

  it("explains that other hosts cannot push", async () => {
    const result = await admin.call("list_push_targets", { site_id: 3, env_id: 5 });
    expect(result.isError).toBe(true);
    expect(errorOf(result)).toMatchObject({ status: 500, server_code: "not_supported" });
  });

  it("needs confirm, then starts a push (HTTP 202) that the host records", async () => {
    const unconfirmed = await client.call("push_environment", { source_environment_id: 2, target_environment_id: 1 });
    expect(unconfirmed.isError).toBe(true);
    expect(text(unconfirmed)).toContain("Overwrites the target");
    expect(sim.count("POST", "/sites/environments/push")).toBe(0);
    const out = data(await client.call("push_environment", { source_environment_id: 2, target_environment_id: 1, confirm: true }));
    expect(out.operation_id).toMatch(/^push-[a-z0-9]{8}$/);
    expect(out.message).toBe("Push operation started.");
    expect(out.note).toContain("background");
    expect(sim.state.ext<Any[]>("pushes", () => [])).toEqual([{ source: 2, target: 1, operation_id: out.operation_id }]);
    expect(sim.requests.at(-1)!.body).toEqual({ source_environment_id: 2, target_environment_id: 1 });
  });

  it("refuses to push onto another account's environment", async () => {
    const result = await client.call("push_environment", { source_environment_id: 2, target_environment_id: 11, confirm: true });
    expect(errorOf(result)).toMatchObject({ code: "forbidden", server_code: "permission_denied" });
  });
});

describe("domains of a hosted environment", () => {
  it("lists domains with lower-case production, drops wildcards, and creates verification TXT records", async () => {
    const out = data(await admin.call("list_environment_domains", { site_id: 1, environment: "Production" }));
    expect(sim.requests.at(-1)!.path).toBe("/sites/1/production/domains");
    expect(out.domains).toEqual([
      { id: "d1a", name: "acme-shop.test", type: "live", is_active: true },
      {
        id: "d1b",
        name: "www.acme-shop.test",
        type: "live",
        is_active: false,
        verification_records: [{ type: "TXT", name: "_acme-challenge.www.acme-shop.test", value: "verify-1" }],
      },
    ]);
    expect(sim.state.ext<Any[]>("verification_txt_records", () => [])).toEqual([
      { domain: "www.acme-shop.test", name: "_acme-challenge.www.acme-shop.test" },
    ]);
  });

  it("would fail with the capitalised name the real server rejects", async () => {
    // The operation lower-cases; this checks the simulator keeps the real server's quirk that makes that necessary.
    const res = await fetch(`${sim.url}/sites/1/Production/domains`, {
      headers: { authorization: `Basic ${Buffer.from("ccadmin:demo-admin-pass-0001-0002").toString("base64")}` },
    });
    expect(res.status).toBe(500);
    expect((await res.json()).code).toBe("kinsta_env_not_found");
  });

  it("adds a domain, then sets it primary, then removes it", async () => {
    const added = data(await client.call("add_environment_domain", { site_id: 2, domain_name: "Shop.Acme.test", is_wildcardless: true }));
    expect(added).toMatchObject({ message: "Adding domain in progress", status: 202 });
    const listed = data(await client.call("list_environment_domains", { site_id: 2 }));
    const shop = listed.domains.find((d: Any) => d.name === "shop.acme.test");
    expect(shop).toMatchObject({ is_active: false });
    expect(listed.domains.some((d: Any) => d.name === "*.shop.acme.test")).toBe(false);

    const primary = data(await client.call("set_primary_environment_domain", { site_id: 2, domain_id: shop.id, run_search_and_replace: false }));
    expect(primary.message).toBe("Changing primary domain in progress");
    expect(sim.state.ext<Map<number, Any>>("primary_domains", () => new Map()).get(3)).toEqual({ name: "shop.acme.test", search_replace: false });

    const unconfirmed = await client.call("remove_environment_domains", { site_id: 2, domain_ids: [shop.id] });
    expect(text(unconfirmed)).toContain("confirm: true");
    const removed = data(await client.call("remove_environment_domains", { site_id: 2, domain_ids: [shop.id], confirm: true }));
    expect(removed.message).toBe("Removing domains in progress");
    const after = data(await client.call("list_environment_domains", { site_id: 2 }));
    expect(after.domains.map((d: Any) => d.name)).not.toContain("shop.acme.test");
  });

  it("answers not_supported for other hosts and 403 for foreign sites", async () => {
    const wpengine = await admin.call("list_environment_domains", { site_id: 3 });
    expect(errorOf(wpengine).server_code).toBe("not_supported");
    const foreign = await client.call("add_environment_domain", { site_id: 6, domain_name: "x.test" });
    expect(errorOf(foreign)).toMatchObject({ code: "forbidden", server_code: "permission_denied" });
  });

  it("rejects a malformed domain before sending", async () => {
    const before = sim.requests.length;
    const result = await client.call("add_environment_domain", { site_id: 2, domain_name: "not a domain" });
    expect(text(result)).toContain("a domain name such as example.com");
    expect(sim.requests.length).toBe(before);
  });
});
