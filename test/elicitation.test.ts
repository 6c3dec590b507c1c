/**
 * The user confirms, not the model (issue 15 §2): with a client that declares elicitation, a destructive operation
 * asks through elicitation/create — what will happen and where, by name — and runs only on accept. Decline and cancel
 * change nothing and send nothing. Without elicitation, confirm: true stays the fallback.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ElicitRequestSchema, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { dnsZones } from "../src/simulator/routes/dns.js";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { data, startHarness, text, type Harness } from "./harness.js";

let sim: Simulator;
let h: Harness;
let answer: ElicitResult["action"] = "accept";
const asked: { message: string; schema: unknown }[] = [];

beforeAll(async () => {
  sim = await startSimulator();
  h = await startHarness({ sim, toolsets: "default", clientCapabilities: { elicitation: {} } });
  h.client.setRequestHandler(ElicitRequestSchema, async (request) => {
    const params = request.params as { message: string; requestedSchema?: unknown };
    asked.push({ message: params.message, schema: params.requestedSchema });
    return answer === "accept" ? { action: "accept", content: {} } : { action: answer };
  });
});
afterAll(async () => {
  await h.close();
  await sim.stop();
});

const recordIds = (domainId: number) => (dnsZones(sim.state).get(domainId) ?? []).map((r) => Number(r.id));
const deletes = () => sim.requests.filter((r) => r.method === "DELETE").length;

describe("destructive operations ask the user through elicitation", () => {
  it("runs on accept, after telling the user what will happen and on which domain, by name", async () => {
    const [record] = recordIds(1);
    answer = "accept";
    asked.length = 0;
    // The model does not pass confirm: the user is asked instead.
    const out = await h.call("delete_dns_record", { domain_id: 1, record_id: record });
    expect(out.isError).toBeFalsy();
    expect(asked).toHaveLength(1);
    expect(asked[0]!.message).toContain("delete_dns_record");
    expect(asked[0]!.message).toContain("domain 1 (acme-shop.test)");
    expect(asked[0]!.message).toContain(`record ${record}`);
    expect(asked[0]!.message).toContain("Removes it from live DNS");
    expect(recordIds(1)).not.toContain(record);
  });

  it("changes nothing and sends nothing when the user declines", async () => {
    const [record] = recordIds(1);
    answer = "decline";
    const before = deletes();
    const out = await h.call("delete_dns_record", { domain_id: 1, record_id: record, confirm: true });
    expect(data(out)).toMatchObject({ done: false, outcome: "declined" });
    expect(text(out)).toContain("The user declined delete_dns_record");
    expect(text(out)).toContain("Do not retry");
    expect(deletes()).toBe(before);
    expect(recordIds(1)).toContain(record);
  });

  it("changes nothing when the user cancels, also through call_write_operation", async () => {
    const [record] = recordIds(1);
    answer = "cancel";
    const before = deletes();
    const out = await h.call("call_write_operation", { name: "delete_dns_record", arguments: { domain_id: 1, record_id: record } });
    expect(data(out)).toMatchObject({ done: false, outcome: "cancelled" });
    expect(deletes()).toBe(before);
    expect(recordIds(1)).toContain(record);
  });

  it("names the site of a rollback and the account of a deletion", async () => {
    answer = "decline";
    asked.length = 0;
    await h.call("rollback_quicksave", { site_id: 1, environment: "production", hash: "abcdef1234", type: "plugin", value: "woocommerce", version: "previous" });
    await h.call("call_write_operation", { name: "delete_account", arguments: { account_id: 1 } });
    expect(asked.map((a) => a.message).join("\n")).toMatch(/site 1 \([^)]+\)/);
    expect(asked.at(-1)!.message).toContain("account 1 (Acme Corp)");
  });

  it("asks before a run_site_command that deletes or overwrites, and runs it only on accept", async () => {
    const cli = () => sim.requests.filter((r) => r.path === "/sites/cli").length;
    answer = "decline";
    asked.length = 0;
    const before = cli();
    const declined = await h.call("run_site_command", { site_id: 2, command: "remove", wait_seconds: 0 });
    expect(data(declined)).toMatchObject({ outcome: "declined" });
    expect(asked[0]!.message).toMatch(/site 2 \([^)]+\), command remove/);
    expect(cli()).toBe(before);

    answer = "accept";
    const accepted = await h.call("run_site_command", { site_id: 2, command: "remove", wait_seconds: 0 });
    expect(accepted.isError).toBeFalsy();
    expect(cli()).toBe(before + 1);

    // A command that only reads is not asked about.
    asked.length = 0;
    await h.call("run_site_command", { site_id: 1, command: "sync-data", wait_seconds: 0 });
    expect(asked).toHaveLength(0);
  });

  it("asks before run_code unless the script is read-only WP-CLI, and before unlocking a domain", async () => {
    const runs = () => sim.requests.filter((r) => r.path === "/run/code").length;
    answer = "decline";
    asked.length = 0;
    const before = runs();
    await h.call("run_code", { code: "wp plugin list", environments: [1], wait_seconds: 0 });
    expect(asked).toHaveLength(0);
    expect(runs()).toBe(before + 1);
    const declined = await h.call("run_code", { code: "wp plugin deactivate akismet", environments: [1], wait_seconds: 0 });
    expect(data(declined)).toMatchObject({ outcome: "declined" });
    expect(asked[0]!.message).toContain("run_code");
    expect(asked[0]!.message).toContain("environment 1, script: wp plugin deactivate akismet");
    expect(runs()).toBe(before + 1);

    asked.length = 0;
    const unlock = await h.call("call_write_operation", { name: "set_domain_lock", arguments: { domain_id: 1, status: "off" } });
    expect(data(unlock)).toMatchObject({ outcome: "declined" });
    expect(asked[0]!.message).toContain("domain 1 (acme-shop.test)");
  });

  it("does not ask for reads or plain writes", async () => {
    asked.length = 0;
    data(await h.call("list_dns_records", { domain_id: 1 }));
    expect(asked).toHaveLength(0);
  });
});

describe("without elicitation", () => {
  it("keeps confirm: true as the fallback", async () => {
    const plain = await startHarness({ sim, toolsets: "default" });
    try {
      const [record] = recordIds(1);
      const refused = await plain.call("delete_dns_record", { domain_id: 1, record_id: record });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toContain("confirm: true");
      expect(recordIds(1)).toContain(record);
      expect((await plain.call("delete_dns_record", { domain_id: 1, record_id: record, confirm: true })).isError).toBeFalsy();
      expect(recordIds(1)).not.toContain(record);
    } finally {
      await plain.close();
    }
  });
});
