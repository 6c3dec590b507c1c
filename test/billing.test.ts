import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allSecrets, startSimulator, type Simulator } from "../src/simulator/index.js";
import { billingTables } from "../src/simulator/routes/billing.js";
import { data, startHarness, text, type Harness } from "./harness.js";

const errorCode = (r: { structuredContent?: unknown }) => (r.structuredContent as { error: { code: string } }).error.code;

let sim: Simulator;
let admin: Harness;
let client: Harness;

beforeAll(async () => {
  sim = await startSimulator();
  admin = await startHarness({ sim, user: "admin", toolsets: "billing" });
  client = await startHarness({ sim, user: "client", toolsets: "billing" });
});
afterAll(async () => {
  await admin.close();
  await client.close();
  await sim.stop();
});

describe("billing overview and address", () => {
  it("get_billing returns a compact overview of the caller's billing", async () => {
    const b = data(await client.call("get_billing"));
    expect(b.address).toMatchObject({ first_name: "Clara", city: "Springfield", country: "US" });
    expect(b.address.address_2).toBeUndefined();
    expect(b.subscriptions).toEqual([
      { account_id: 1, name: "Acme Corp", plan: "Agency Pro", price: 150, interval_months: 1, next_renewal: "2026-12-15", status: "active" },
    ]);
    expect(b.payment_methods.map((m: { id: string }) => m.id)).toEqual([55, "ach_1a2b3c4d5e6f7a8b"]);
    expect(b.payment_methods[0]).toMatchObject({ type: "card", brand: "Visa", last4: "4242", default: true });
    expect(b.invoices.map((i: { invoice_id: number }) => i.invoice_id)).toEqual([1002, 1001]);
    expect(b.rules).toBeUndefined();
  });

  it("update_billing_address changes only the given fields", async () => {
    const out = data(await client.call("update_billing_address", { address: { city: "Harrisburg", phone: "555-0100" } }));
    expect(out.updated).toEqual(["city", "phone"]);
    const b = data(await client.call("get_billing"));
    expect(b.address).toMatchObject({ city: "Harrisburg", phone: "555-0100", company: "Acme Corp", address_1: "1 Main St" });
    const put = sim.requests.filter((r) => r.method === "PUT" && r.path === "/billing/update").at(-1)!;
    expect((put.body as { address: Record<string, string> }).address).toMatchObject({ first_name: "Clara", city: "Harrisburg" });
  });

  it("update_billing_address rejects unknown fields and empty changes without sending", async () => {
    const before = sim.count("PUT", "/billing/update");
    for (const address of [{ town: "X" }, {}]) {
      const r = await client.call("update_billing_address", { address });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/address/);
    }
    expect(sim.count("PUT", "/billing/update")).toBe(before);
  });
});

describe("payment methods", () => {
  it("add_payment_method saves a card; a declined card is an actionable error", async () => {
    const out = data(await client.call("add_payment_method", { source_id: "pm_card123" }));
    expect(out).toMatchObject({ added: true, brand: "Mastercard" });
    expect(billingTables(sim.state).methods.get(2)).toHaveLength(3);
    const bad = await client.call("add_payment_method", { source_id: "pm_declined99" });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain("declined");
    expect(errorCode(bad)).toBe("api_error");
    expect(billingTables(sim.state).methods.get(2)).toHaveLength(3);
  });

  it("set_primary_payment_method switches the default; an unknown id is refused before any change", async () => {
    const newCard = String(billingTables(sim.state).methods.get(2)![2]!.token);
    const out = data(await client.call("set_primary_payment_method", { id: newCard }));
    expect(out.primary).toBe(newCard);
    const b = data(await client.call("get_billing"));
    expect(b.payment_methods.find((m: { default?: boolean }) => m.default).id).toBe(Number(newCard));

    const before = sim.count("PUT", /\/primary$/);
    const r = await client.call("set_primary_payment_method", { id: "999" });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("get_billing");
    expect(sim.count("PUT", /\/primary$/)).toBe(before);
  });

  it("delete_payment_method needs confirm, removes the method, and refuses ids that are not yours", async () => {
    const newCard = String(billingTables(sim.state).methods.get(2)![2]!.token);
    const noConfirm = await client.call("delete_payment_method", { id: newCard });
    expect(noConfirm.isError).toBe(true);
    expect(text(noConfirm)).toContain("confirm: true");

    const out = data(await client.call("delete_payment_method", { id: newCard, confirm: true }));
    expect(out).toMatchObject({ deleted: newCard, method: expect.stringContaining("Mastercard"), was_default: true });
    const ids = data(await client.call("get_billing")).payment_methods.map((m: { id: string }) => m.id);
    expect(ids).toEqual([55, "ach_1a2b3c4d5e6f7a8b"]);

    // Sam's bank account exists but is not Clara's: the real server would say success and do nothing.
    const r = await client.call("delete_payment_method", { id: "ach_9f8e7d6c5b4a3210", confirm: true });
    expect(r.isError).toBe(true);
    expect(sim.count("DELETE", /payment-methods/)).toBe(1);
    expect(billingTables(sim.state).methods.get(3)).toHaveLength(1);
  });
});

describe("ACH bank accounts", () => {
  it("create_ach_setup_intent hides the client secret unless asked", async () => {
    const hidden = await client.call("create_ach_setup_intent");
    const out = data(hidden);
    expect(out.setup_intent_id).toMatch(/^seti_/);
    expect(out.client_secret).toBe("[redacted]");
    for (const secret of allSecrets(sim.state)) expect(JSON.stringify(hidden)).not.toContain(secret);
    const shown = data(await client.call("create_ach_setup_intent", { reveal_secrets: true }));
    expect(shown.client_secret).toMatch(/^seti_.+_secret_/);
  });

  it("add_ach_payment_method saves the account once; a reused SetupIntent is an error", async () => {
    const { setup_intent_id } = data(await client.call("create_ach_setup_intent"));
    const out = data(await client.call("add_ach_payment_method", { setup_intent_id }));
    expect(out).toMatchObject({ success: true, verified: false });
    expect(out.token_id).toMatch(/^ach_[0-9a-f]{16}$/);
    expect(billingTables(sim.state).methods.get(2)!.some((m) => m.token === out.token_id)).toBe(true);
    const again = await client.call("add_ach_payment_method", { setup_intent_id });
    expect(again.isError).toBe(true);
    expect(text(again)).toContain("already saved");
    const badFormat = await client.call("add_ach_payment_method", { setup_intent_id: "pi_123" });
    expect(text(badFormat)).toContain("Nothing was sent");
  });

  it("verify_ach_account checks the two amounts", async () => {
    const wrong = await client.call("verify_ach_account", { token_id: "ach_1a2b3c4d5e6f7a8b", amounts: [10, 20] });
    expect(wrong.isError).toBe(true);
    expect(text(wrong)).toContain("incorrect");
    const three = await client.call("verify_ach_account", { token_id: "ach_1a2b3c4d5e6f7a8b", amounts: [1, 2, 3] });
    expect(text(three)).toContain("amounts");
    const ok = data(await client.call("verify_ach_account", { token_id: "ach_1a2b3c4d5e6f7a8b", amounts: [45, 32] }));
    expect(ok.success).toBe(true);
    expect(data(await client.call("get_billing")).payment_methods[1].verified).toBe(true);
  });

  it("list_pending_ach_accounts is admin-only", async () => {
    const out = data(await admin.call("list_pending_ach_accounts"));
    expect(out.pending.map((p: { token_id: string }) => p.token_id)).toContain("ach_9f8e7d6c5b4a3210");
    expect(out.pending.find((p: { token_id: string }) => p.token_id === "ach_9f8e7d6c5b4a3210")).toMatchObject({
      user_id: 3,
      email: "sam@bluebird.media",
      last4: "1122",
    });
    const refused = await client.call("list_pending_ach_accounts");
    expect(refused.isError).toBe(true);
    expect(errorCode(refused)).toBe("forbidden");
  });

  it("verify_ach_for_customer needs user_id for ach_ tokens and verifies", async () => {
    const before = sim.count("POST", "/billing/ach/admin-verify");
    const noUser = await admin.call("verify_ach_for_customer", { token_id: "ach_9f8e7d6c5b4a3210", amounts: [11, 27] });
    expect(noUser.isError).toBe(true);
    expect(text(noUser)).toContain("user_id");
    expect(sim.count("POST", "/billing/ach/admin-verify")).toBe(before);
    const ok = data(await admin.call("verify_ach_for_customer", { token_id: "ach_9f8e7d6c5b4a3210", user_id: 3, amounts: [11, 27] }));
    expect(ok.success).toBe(true);
    const pending = data(await admin.call("list_pending_ach_accounts")).pending.map((p: { token_id: string }) => p.token_id);
    expect(pending).not.toContain("ach_9f8e7d6c5b4a3210");
  });
});

describe("invoices", () => {
  it("get_invoice returns plain-text line items", async () => {
    const inv = data(await client.call("get_invoice", { invoice_id: 1001 }));
    expect(inv).toMatchObject({ invoice_id: 1001, status: "completed", total: 150, date: "2026-10-15" });
    expect(inv.items[0]).toMatchObject({ name: "Hosting Plan - Agency Pro", quantity: 1, total: "$150.00" });
  });

  it("get_invoice refuses another account's invoice and reports unknown ids", async () => {
    const foreign = await client.call("get_invoice", { invoice_id: 1003 });
    expect(foreign.isError).toBe(true);
    expect(errorCode(foreign)).toBe("forbidden");
    const missing = await client.call("get_invoice", { invoice_id: 9999 });
    expect(errorCode(missing)).toBe("not_found");
    expect(text(missing)).toContain("404");
  });

  it("invoices need full-billing on the account: a sites-only member is refused", async () => {
    const sam = await startHarness({ sim, user: "sitesOnly", toolsets: "billing" });
    try {
      const r = await sam.call("get_invoice", { invoice_id: 1003 });
      expect(r.isError).toBe(true);
      expect(errorCode(r)).toBe("forbidden");
      expect(data(await admin.call("get_invoice", { invoice_id: 1003 })).total).toBe(89);
    } finally {
      await sam.close();
    }
  });

  it("get_invoice_pdf summarises the PDF without its bytes", async () => {
    const r = await client.call("get_invoice_pdf", { invoice_id: 1001 });
    const out = data(r);
    expect(out).toMatchObject({ invoice_id: 1001, content_type: "application/pdf", filename: "invoice-1001.pdf" });
    expect(out.bytes).toBeGreaterThan(2000);
    expect(JSON.stringify(r)).not.toContain("%PDF");
    expect(JSON.stringify(r)).not.toContain("xxxxxxxx");
    const refused = await client.call("get_invoice_pdf", { invoice_id: 1004 });
    expect(errorCode(refused)).toBe("forbidden");
  });

  it("pay_invoice needs confirm, reports a failed charge, pays once and refuses to pay twice", async () => {
    const noConfirm = await client.call("pay_invoice", { invoice_id: 1002 });
    expect(text(noConfirm)).toContain("confirm: true");
    expect(sim.count("POST", "/billing/pay-invoice")).toBe(0);

    const newBank = String(billingTables(sim.state).methods.get(2)!.find((m) => m.type === "ach" && !m.verified)!.token);
    const failed = await client.call("pay_invoice", { invoice_id: 1002, payment_id: newBank, confirm: true });
    expect(failed.isError).toBe(true);
    expect(text(failed)).toContain("not been verified");
    expect(data(await client.call("get_invoice", { invoice_id: 1002 })).status).toBe("pending");

    const paid = data(await client.call("pay_invoice", { invoice_id: 1002, payment_id: "55", confirm: true }));
    expect(paid).toMatchObject({ paid: true, invoice_id: 1002, amount: 150 });
    expect(data(await client.call("get_invoice", { invoice_id: 1002 })).status).toBe("completed");

    const posts = sim.count("POST", "/billing/pay-invoice");
    const twice = await client.call("pay_invoice", { invoice_id: 1002, confirm: true });
    expect(twice.isError).toBe(true);
    expect(text(twice)).toContain("already completed");
    expect(sim.count("POST", "/billing/pay-invoice")).toBe(posts);

    const foreign = await client.call("pay_invoice", { invoice_id: 1003, confirm: true });
    expect(errorCode(foreign)).toBe("forbidden");
  });
});

describe("subscriptions and plans", () => {
  it("list_subscriptions pages the plans with renewal dates", async () => {
    const out = data(await admin.call("list_subscriptions"));
    expect(out.total).toBe(1);
    expect(out.subscriptions[0]).toEqual({
      account_id: 1,
      name: "Acme Corp",
      total: 150,
      interval_months: 1,
      next_renewal: "2026-12-15",
      status: "active",
    });
    const sam = await startHarness({ sim, user: "sitesOnly", toolsets: "billing" });
    try {
      expect(data(await sam.call("list_subscriptions")).total).toBe(0);
    } finally {
      await sam.close();
    }
  });

  it("get_subscription is admin-only and turns usage HTML into text", async () => {
    const out = data(await admin.call("get_subscription", { subscription_id: 1 }));
    expect(out.account).toEqual({ id: 1, name: "Acme Corp" });
    expect(out.stats.sites_count).toBe(5);
    expect(out.stats.storage_usage).toMatch(/storage .*GB\/50GB/);
    expect(out.stats.storage_usage).not.toContain("<");
    expect(out.invoices.map((i: { invoice_id: number }) => i.invoice_id)).toEqual([1001, 1002]);
    const refused = await client.call("get_subscription", { subscription_id: 1 });
    expect(refused.isError).toBe(true);
    expect(errorCode(refused)).toBe("forbidden");
    expect((refused.structuredContent as { error: { server_code: string } }).error.server_code).toBe("forbidden");
  });

  it("get_renewal_forecast summarises months and lists one month on request", async () => {
    const out = data(await client.call("get_renewal_forecast"));
    expect(out.months).toHaveLength(12);
    // The twelve months after the current one (recorded: Dec 2026 … Nov 2027 on 2026-11-30).
    expect(out.months[0]).toEqual({ month: "Dec 2026", revenue: 150, renewals: 1 });
    expect(out.months[11]).toEqual({ month: "Nov 2027", revenue: 150, renewals: 1 });
    expect(out.total).toBe(1800);
    const dec = data(await client.call("get_renewal_forecast", { month: "dec 2026" }));
    expect(dec).toEqual({ month: "Dec 2026", revenue: 150, renewals: [{ account_id: 1, name: "Acme Corp", total: 150 }] });
    const bad = await client.call("get_renewal_forecast", { month: "Smarch 2026" });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain("Dec 2026");
  });

  it("cancel_plan needs confirm, emails the request for your plan and refuses plans not billed to you", async () => {
    const emails = billingTables(sim.state).adminEmails;
    const start = emails.length;
    expect(text(await client.call("cancel_plan", { account_id: 1 }))).toContain("confirm: true");
    const out = data(await client.call("cancel_plan", { account_id: 1, confirm: true }));
    expect(out).toMatchObject({ requested: true, account_id: 1, name: "Acme Corp" });
    expect(emails.slice(start).map((e) => e.subject)).toEqual(["Cancel plan: Acme Corp"]);

    const posts = sim.count("POST", "/billing/cancel-plan");
    const other = await client.call("cancel_plan", { account_id: 2, confirm: true });
    expect(other.isError).toBe(true);
    expect(text(other)).toContain("get_billing");
    expect(sim.count("POST", "/billing/cancel-plan")).toBe(posts);
  });

  it("request_plan_change forwards the requested change", async () => {
    const emails = billingTables(sim.state).adminEmails;
    const out = data(await client.call("request_plan_change", { account_id: 1, changes: "Add 5 more sites" }));
    expect(out.requested).toBe(true);
    expect(emails.at(-1)!.subscription).toEqual({ account_id: "1", changes: "Add 5 more sites" });
    const empty = await client.call("request_plan_change", { account_id: 1, changes: " " });
    expect(empty.isError).toBe(true);
  });
});

describe("read-only mode", () => {
  it("exposes only the billing reads", async () => {
    const h = await startHarness({ sim, user: "admin", toolsets: "billing", readOnly: true });
    try {
      const names = (await h.client.listTools()).tools.map((t) => t.name).filter((n) => !["search_operations", "call_read_operation", "call_write_operation", "list_toolsets", "enable_toolset", "disable_toolset"].includes(n));
      expect(names.sort()).toEqual(
        ["get_billing", "get_invoice", "get_invoice_pdf", "get_renewal_forecast", "get_subscription", "list_pending_ach_accounts", "list_subscriptions"].sort(),
      );
      const before = sim.requests.length;
      const refused = await h.call("call_read_operation", { name: "pay_invoice", arguments: { invoice_id: 1003, confirm: true } });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toContain("read-only");
      expect(sim.requests.length).toBe(before);
    } finally {
      await h.close();
    }
  });
});
