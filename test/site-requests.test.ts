/** The site_requests toolset: a member asks for a new site, admins move it through its steps. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "../src/simulator/index.js";
import { data, startHarness, text, type Harness } from "./harness.js";

type Any = Record<string, any>;
const errorOf = (r: Awaited<ReturnType<Harness["call"]>>) => (r.structuredContent as { error: Any }).error;

let sim: Simulator;
let admin: Harness;
let client: Harness;

beforeAll(async () => {
  sim = await startSimulator();
  admin = await startHarness({ sim, user: "admin", toolsets: "site_requests" });
  client = await startHarness({ sim, user: "client", toolsets: "site_requests" });
});
afterAll(async () => {
  await admin.close();
  await client.close();
  await sim.stop();
});

const SEEDED = 1794900000;

describe("site requests", () => {
  it("lists a member's own requests and everyone's for admins, without UI keys", async () => {
    const mine = data(await client.call("list_site_requests"));
    expect(mine).toEqual({
      requests: [
        {
          name: "acme-store.test",
          notes: "WooCommerce shop for the spring launch",
          account_id: 1,
          request_key: SEEDED,
          created_at: new Date(SEEDED * 1000).toISOString().replace(".000Z", "Z"),
          step: 1,
        },
      ],
      total: 1,
    });
    const all = data(await admin.call("list_site_requests"));
    expect(all.requests[0]).toMatchObject({ user_id: 2, request_key: SEEDED });
    expect(all.requests[0].show).toBeUndefined();
  });

  it("creates a request with a created_at key and step 1", async () => {
    const out = data(await client.call("create_site_request", { name: "Acme-Jobs.test", account_id: 1, notes: "Careers site" }));
    expect(out.total).toBe(2);
    const created = out.requests[1];
    expect(created).toMatchObject({ name: "acme-jobs.test", account_id: 1, notes: "Careers site", step: 1 });
    expect(Math.abs(created.request_key - Date.now() / 1000)).toBeLessThan(60);
    expect(sim.state.ext<string[]>("site_request_emails", () => [])).toEqual(["acme-jobs.test"]);
  });

  it("lets an admin advance and step back a member's request, sending the whole stored object", async () => {
    const advanced = data(await admin.call("advance_site_request", { created_at: SEEDED }));
    const row = advanced.requests.find((r: Any) => r.request_key === SEEDED);
    expect(row.step).toBe(2);
    expect(row.processing_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(sim.requests.at(-1)!.body).toMatchObject({ request: { created_at: SEEDED, step: 1, user_id: 2, name: "acme-store.test" } });
    data(await admin.call("advance_site_request", { created_at: SEEDED, user_id: 2 }));
    const ready = data(await client.call("list_site_requests")).requests.find((r: Any) => r.request_key === SEEDED);
    expect(ready.step).toBe(3);
    expect(ready.ready_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const back = data(await admin.call("step_back_site_request", { created_at: SEEDED }));
    expect(back.requests.find((r: Any) => r.request_key === SEEDED).step).toBe(2);
  });

  it("updates only the given fields of a request", async () => {
    const out = data(await client.call("update_site_request", { created_at: SEEDED, notes: "Launch moved to May" }));
    const row = out.requests.find((r: Any) => r.request_key === SEEDED);
    expect(row).toMatchObject({ name: "acme-store.test", notes: "Launch moved to May", step: 2 });
  });

  it("says which request is unknown and sends nothing", async () => {
    const before = sim.count("POST", "/site-requests/continue");
    const result = await client.call("advance_site_request", { created_at: 123 });
    expect(result.isError).toBe(true);
    expect(errorOf(result).code).toBe("not_found");
    expect(text(result)).toContain("call list_site_requests");
    expect(sim.count("POST", "/site-requests/continue")).toBe(before);
  });

  it("asks an admin for user_id when two users share a created_at", async () => {
    const table = sim.state.ext<Map<number, Any[]>>("site_requests", () => new Map());
    table.set(3, [{ name: "twin.test", account_id: "2", created_at: SEEDED, step: 1 }]);
    const result = await admin.call("step_back_site_request", { created_at: SEEDED });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("add user_id");
    table.delete(3);
  });

  it("deletes a request only with confirm", async () => {
    const unconfirmed = await client.call("delete_site_request", { created_at: SEEDED });
    expect(text(unconfirmed)).toContain("confirm: true");
    const out = data(await client.call("delete_site_request", { created_at: SEEDED, confirm: true }));
    expect(out.requests.map((r: Any) => r.request_key)).not.toContain(SEEDED);
    expect(data(await admin.call("list_site_requests")).total).toBe(1);
  });
});
