/**
 * The inputs agents really get wrong (issue 15 §3), each fixed or explained in one step, and hints that only name
 * tools the agent can call in the current configuration.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { data, startHarness, text, type Harness } from "./harness.js";

let sim: Simulator;
let h: Harness;
beforeAll(async () => {
  sim = await startSimulator();
  h = await startHarness({ sim, toolsets: "default" });
});
afterAll(async () => {
  await h.close();
  await sim.stop();
});

const domainOf = (s: Simulator, id: number) => s.state.domains.find((d) => d.domain_id === id)!.name;

/** Runs fn and returns how many requests it sent to the simulator. */
async function sent(fn: () => Promise<unknown>): Promise<number> {
  const before = sim.requests.length;
  await fn();
  return sim.requests.length - before;
}

describe("inputs fixed in one step", () => {
  it("accepts numeric strings as ids, and ids inside arrays", async () => {
    expect(data(await h.call("get_site", { site_id: "1" })).site_id).toBe(1);
    expect(data(await h.call("list_site_environments", { site_id: " 2 " }))).toBeTruthy();
  });

  it("accepts environment names and DNS record types in any case", async () => {
    expect((await h.call("list_quicksaves", { site_id: 1, environment: "Production" })).isError).toBeFalsy();
    const txt = data(await h.call("list_dns_records", { domain_id: 1, type: "txt" }));
    expect(txt.records.length).toBeGreaterThan(0);
    for (const r of txt.records) expect(r.type).toBe("TXT");
  });
});

describe("inputs explained in one step, with nothing sent", () => {
  it("refuses an environment that is not production or staging, naming the valid ones", async () => {
    let result: Awaited<ReturnType<Harness["call"]>> | undefined;
    expect(await sent(async () => (result = await h.call("list_quicksaves", { site_id: 1, environment: "prod" })))).toBe(0);
    expect(result!.isError).toBe(true);
    expect(text(result!)).toContain('"prod" is not an environment: use production or staging');
    const run = await h.call("run_code", { code: "wp plugin list", environments: [{ site_id: 1, environment: "prod" }] });
    expect(run.isError).toBe(true);
    expect(text(run)).toContain("use production or staging");
  });

  it("answers a domain given as a site id with the list_sites search to run", async () => {
    const result = await h.call("get_site", { site_id: "acme-shop.test" });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('use list_sites search: "acme-shop.test"');
  });

  it("refuses a DNS name that ends in the zone's own domain, with the relative name to use", async () => {
    const posts = () => sim.requests.filter((r) => r.method === "POST").length;
    const before = posts();
    const domain = domainOf(sim, 1);
    const result = await h.call("create_dns_record", { domain_id: 1, type: "TXT", name: `_acme.${domain}`, value: "token" });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(`ends in the zone's own domain ${domain}`);
    expect(text(result)).toContain('use "_acme"');
    const apex = await h.call("create_dns_record", { domain_id: 1, type: "TXT", name: domain, value: "token" });
    expect(text(apex)).toContain('use "@"');
    expect(posts()).toBe(before);
    // A relative name with dots is fine.
    expect((await h.call("create_dns_record", { domain_id: 1, type: "TXT", name: "_acme.shop", value: "token" })).isError).toBeFalsy();
  });

  it("says what an empty search searched and what to try", async () => {
    const out = data(await h.call("list_sites", { search: "no-such-site-anywhere" }));
    expect(out.total).toBe(0);
    expect(out.hint).toContain('Nothing matched search "no-such-site-anywhere"');
    expect(out.hint).toContain("leave search out");
  });

  it("explains catalog arguments put at the top level", async () => {
    const result = await h.call("call_write_operation", { name: "pay_invoice", invoice_id: 1003, confirm: true });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('"invoice_id", "confirm" are arguments of pay_invoice: put them under arguments');
    expect(text(result)).toContain('{"name":"pay_invoice","arguments":{"invoice_id":1003,"confirm":true}}');
  });

  it("names activate_dns_zone, as the agent can call it, when a domain has no DNS zone", async () => {
    const result = await h.call("list_dns_records", { domain_id: 4 });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("call_write_operation name=activate_dns_zone");
    const all = await startHarness({ sim, toolsets: "all" });
    try {
      const direct = await all.call("list_dns_records", { domain_id: 4 });
      expect(text(direct)).toContain("create it with activate_dns_zone {domain_id: 4}");
    } finally {
      await all.close();
    }
  });
});

describe("hints name tools that can be called here", () => {
  it("qualifies operations that are not loaded, in results and in tool descriptions", async () => {
    const tools = (await h.client.listTools()).tools;
    const quicksaves = tools.find((t) => t.name === "list_quicksaves")!;
    expect(quicksaves.description).toContain("call_read_operation name=get_quicksave ");
    expect(quicksaves.description).toContain("get_quicksave_changes (files)"); // loaded: left as it is
    const dns = tools.find((t) => t.name === "list_dns_records")!;
    expect(dns.description).toContain("call_write_operation name=activate_dns_zone");
  });

  it("leaves them alone when the toolset is loaded", async () => {
    await h.call("enable_toolset", { toolset: "quicksaves" });
    try {
      const quicksaves = (await h.client.listTools()).tools.find((t) => t.name === "list_quicksaves")!;
      expect(quicksaves.description).toContain("Next: get_quicksave (which");
    } finally {
      await h.call("disable_toolset", { toolset: "quicksaves" });
    }
  });
});
