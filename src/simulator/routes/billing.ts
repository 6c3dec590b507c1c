/**
 * Simulated CaptainCore routes for the billing toolset: WooCommerce customer (address, saved cards and ACH bank
 * accounts), invoices (orders), subscriptions derived from the accounts' plans, Stripe stand-ins. Shapes follow
 * endpoints.json; access follows docs/api/NOTES.md §3 (invoices need full-billing on the order's account; admins bypass).
 */
import { RawAnswer, WpError, type Router, type SimRequest } from "../router.js";
import { s } from "../shapes.js";
import { accountLevel, isAdmin, type SimAccount, type SimState, type SimUser } from "../state.js";

export interface PaymentMethod {
  token: number | string;
  type: "card" | "ach";
  method: Record<string, string>;
  expires: string | null;
  is_default: boolean;
  verified: boolean;
  /** ACH micro-deposit amounts in cents (never returned). */
  deposits?: [number, number];
  added_date: string;
}

export interface Invoice {
  order_id: number;
  account_id: number;
  created_at: number;
  status: string;
  line_items: { name: string; quantity: number; details: string; total: number }[];
  total: number;
  payment_method: string;
  paid_on: string;
}

export interface BillingTables {
  addresses: Map<number, Record<string, string>>;
  methods: Map<number, PaymentMethod[]>;
  invoices: Invoice[];
  setupIntents: Map<string, { user_id: number; used: boolean }>;
  /** Emails the plugin would send to the administrators (cancel / plan change requests). */
  adminEmails: { user_id: number; subject: string; subscription: unknown }[];
}

const TODAY = "2026-11-28";
/** The simulator's "now" for renewal forecasts (matches the seeded state's timestamps). */
const NOW = new Date(`${TODAY}T09:00:00Z`);

const money = (n: number) => n.toFixed(2);
const moneyHtml = (n: number) =>
  `<span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">$</span>${money(n)}</bdi></span>`;
const unix = (date: string) => Math.floor(Date.parse(`${date}T10:00:00Z`) / 1000);

function seed(state: SimState): BillingTables {
  const addresses = new Map<number, Record<string, string>>();
  addresses.set(2, {
    first_name: "Clara",
    last_name: "Client",
    company: "Acme Corp",
    address_1: "1 Main St",
    address_2: "",
    city: "Springfield",
    state: "PA",
    postcode: "12345",
    country: "US",
    email: "billing@acme.test",
    phone: "",
  });
  const methods = new Map<number, PaymentMethod[]>();
  methods.set(2, [
    {
      token: 55,
      type: "card",
      method: { brand: "Visa", gateway: "stripe", last4: "4242" },
      expires: "12/28",
      is_default: true,
      verified: true,
      added_date: "2026-02-11 12:40:00",
    },
    {
      token: "ach_1a2b3c4d5e6f7a8b",
      type: "ach",
      method: { brand: "Bank Account", bank_name: "STRIPE TEST BANK", account_type: "checking", gateway: "stripe_ach", last4: "6789" },
      expires: null,
      is_default: false,
      verified: false,
      deposits: [32, 45],
      added_date: "2026-11-20 10:00:00",
    },
  ]);
  methods.set(3, [
    {
      token: "ach_9f8e7d6c5b4a3210",
      type: "ach",
      method: { brand: "Bank Account", bank_name: "BLUEBIRD CREDIT UNION", account_type: "savings", gateway: "stripe_ach", last4: "1122" },
      expires: null,
      is_default: true,
      verified: false,
      deposits: [11, 27],
      added_date: "2026-11-25 16:30:00",
    },
  ]);
  const plan = (id: number) => {
    const p = state.accounts.find((a) => a.account_id === id)?.plan;
    return p && typeof p === "object" ? p : { name: "Hosting Plan", price: "100" };
  };
  const invoice = (order_id: number, account_id: number, date: string, status: string, total: number, paid: boolean): Invoice => ({
    order_id,
    account_id,
    created_at: unix(date),
    status,
    line_items: [
      { name: `Hosting Plan - ${String(plan(account_id).name)}`, quantity: 1, details: `${date.slice(0, 7)} monthly`, total },
    ],
    total,
    payment_method: paid ? "Payment via Credit card" : "",
    paid_on: paid ? `${date} 10:05:00` : "",
  });
  const invoices = [
    invoice(1001, 1, "2026-10-15", "completed", 150, true),
    invoice(1002, 1, "2026-11-15", "pending", 150, false),
    invoice(1003, 2, "2026-11-01", "pending", 89, false),
    invoice(1004, 3, "2026-09-01", "completed", 45, true),
  ];
  return { addresses, methods, invoices, setupIntents: new Map(), adminEmails: [] };
}

/** The billing tables of a simulator (seeded on first use). Tests read them to observe state changes. */
export function billingTables(state: SimState): BillingTables {
  return state.ext("billing", () => seed(state));
}

function secrets(state: SimState): string[] {
  return state.ext<string[]>("secrets", () => []);
}

function methodsOf(req: SimRequest): PaymentMethod[] {
  const t = billingTables(req.state);
  if (!t.methods.has(req.user.user_id)) t.methods.set(req.user.user_id, []);
  return t.methods.get(req.user.user_id)!;
}

function methodShape(m: PaymentMethod) {
  return { type: m.type, method: m.method, expires: m.expires, is_default: m.is_default, token: m.token, verified: m.verified };
}

function addressOf(req: SimRequest): Record<string, string> {
  const stored = billingTables(req.state).addresses.get(req.user.user_id) ?? {};
  const keys = ["first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode", "country", "email", "phone"];
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = stored[k] ?? "";
  if (!out.country) out.country = "US";
  if (!out.email) out.email = req.user.email;
  return out;
}

/** Accounts whose plan is billed to this user (the plan's billing user). */
function ownSubscriptions(state: SimState, user: SimUser): SimAccount[] {
  return state.accounts.filter((a) => a.billing_user_id === user.user_id && a.plan && typeof a.plan === "object");
}

function accountRow(a: SimAccount) {
  const plan = a.plan as Record<string, unknown>;
  return {
    account_id: s(a.account_id),
    billing_user_id: s(a.billing_user_id),
    name: a.name,
    defaults: JSON.stringify(a.defaults),
    plan: { addons: [], ...plan, billing_user_id: s(a.billing_user_id) },
    metrics: JSON.stringify({ sites: 0 }),
    status: "active",
    created_at: a.created_at,
    updated_at: "2026-11-01 00:00:00",
  };
}

function canSeeInvoice(state: SimState, user: SimUser, invoice: Invoice): boolean {
  return isAdmin(user) || accountLevel(state, user, invoice.account_id) === "full-billing";
}

function requireInvoice(req: SimRequest, value: unknown): Invoice {
  const invoice = billingTables(req.state).invoices.find((i) => i.order_id === Number(value));
  if (!invoice) throw new WpError("not_found", "Invoice not found.", 404);
  if (!canSeeInvoice(req.state, req.user, invoice)) throw new WpError("permission_denied", "Permission denied.", 403);
  return invoice;
}

function invoiceDetail(invoice: Invoice) {
  return {
    order_id: invoice.order_id,
    created_at: invoice.created_at,
    status: invoice.status,
    line_items: invoice.line_items.map((l, i) => ({
      name: l.name,
      quantity: l.quantity,
      description: [{ id: 50 + i, key: "Details", value: l.details }],
      total: moneyHtml(l.total),
    })),
    payment_method: invoice.payment_method,
    paid_on: invoice.paid_on,
    total: money(invoice.total),
  };
}

const STATUS_LABEL: Record<string, string> = { completed: "Completed", pending: "Pending payment", failed: "Failed", refunded: "Refunded" };

function longDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

function planTotal(plan: Record<string, unknown>): number {
  const addons = (plan.addons as { price: number; quantity: number }[] | undefined) ?? [];
  return Number(plan.price ?? 0) + addons.reduce((sum, a) => sum + Number(a.price) * Number(a.quantity), 0);
}

function hex16(state: SimState): string {
  const n = state.nextId("ach");
  return (n * 2654435761).toString(16).padStart(16, "a").slice(-16);
}

function requireParam(req: SimRequest, name: string): unknown {
  const v = req.param(name);
  if (v === undefined || v === null || v === "") throw new WpError("missing_param", `Missing required parameter: ${name}`, 400);
  return v;
}

function checkDeposits(method: PaymentMethod | undefined, amounts: unknown): { success: true; message: string } {
  if (!Array.isArray(amounts) || amounts.length !== 2 || !amounts.every((a) => Number.isInteger(Number(a)))) {
    throw new WpError("invalid_amounts", "Please enter exactly two deposit amounts in cents.", 400);
  }
  if (!method || method.type !== "ach") throw new WpError("verify_error", "Bank account not found.", 400);
  if (method.verified) throw new WpError("verify_error", "Bank account is already verified.", 400);
  const [a, b] = amounts.map(Number) as [number, number];
  const [x, y] = method.deposits ?? [0, 0];
  if (!((a === x && b === y) || (a === y && b === x))) {
    throw new WpError("verify_error", "The amounts entered are incorrect. Please check your bank statement and try again.", 400);
  }
  method.verified = true;
  return { success: true, message: "Bank account verified successfully! You can now use it for payments." };
}

function setDefault(list: PaymentMethod[], token: number | string): void {
  if (!list.some((m) => String(m.token) === String(token))) return;
  for (const m of list) m.is_default = String(m.token) === String(token);
}

export function register(router: Router): void {
  router.get("/billing", "login", (req) => {
    const t = billingTables(req.state);
    const own = ownSubscriptions(req.state, req.user);
    const ownIds = own.map((a) => a.account_id);
    const invoices = t.invoices
      .filter((i) => ownIds.includes(i.account_id))
      .sort((a, b) => b.created_at - a.created_at)
      .map((i) => ({ order_id: i.order_id, date: longDate(i.created_at), status: STATUS_LABEL[i.status] ?? i.status, total: money(i.total) }));
    return {
      valid: true,
      rules: { firstname: [], lastname: [], address_1: [], city: [], state: [], zip: [], email: [], country: [] },
      address: addressOf(req),
      subscriptions: own.map(accountRow),
      invoices,
      payment_methods: methodsOf(req).map(methodShape),
    };
  });

  router.put("/billing/update", "login", (req) => {
    const address = req.param("address");
    if (address && typeof address === "object") {
      const t = billingTables(req.state);
      const current = { ...(t.addresses.get(req.user.user_id) ?? {}) };
      for (const [k, v] of Object.entries(address as Record<string, unknown>)) {
        if (typeof v === "string" || typeof v === "number") current[k] = String(v);
      }
      t.addresses.set(req.user.user_id, current);
    }
    return { success: true };
  });

  // Returns Stripe's object, or {error} with HTTP 200 (docs/api/NOTES.md §4).
  router.post("/billing/payment-methods", "login", (req) => {
    const source = String(req.param("source_id") ?? "");
    if (!source) return { error: "Missing source_id." };
    if (!/^(src|pm|tok)_[A-Za-z0-9]+$/.test(source)) return { error: `No such source: '${source}'` };
    if (/declin/i.test(source)) return { error: "Your card was declined." };
    const list = methodsOf(req);
    const last4 = String(1000 + (req.state.nextId("card") % 9000)).slice(-4);
    list.push({
      token: req.state.nextId("payment_token"),
      type: "card",
      method: { brand: "Mastercard", gateway: "stripe", last4 },
      expires: "09/30",
      is_default: list.length === 0,
      verified: true,
      added_date: `${TODAY} 09:00:00`,
    });
    return { id: source, object: "source", type: "card", card: { brand: "Mastercard", last4, exp_month: 9, exp_year: 2030 } };
  });

  // Always {success:true}, even when the token is unknown or someone else's (nothing happens then).
  router.put(
    "/billing/payment-methods/{id}/primary",
    "login",
    (req) => {
      setDefault(methodsOf(req), req.params.id!);
      return { success: true };
    },
    { id: "[a-zA-Z0-9_]+" },
  );

  router.delete(
    "/billing/payment-methods/{id}",
    "login",
    (req) => {
      const list = methodsOf(req);
      const index = list.findIndex((m) => String(m.token) === req.params.id);
      if (index >= 0) {
        const [removed] = list.splice(index, 1);
        if (removed!.is_default && list[0]) list[0].is_default = true;
      }
      return { success: true };
    },
    { id: "[a-zA-Z0-9_]+" },
  );

  router.post("/billing/ach/setup-intent", "login", (req) => {
    const n = req.state.nextId("seti");
    const id = `seti_${n}A${hex16(req.state).slice(0, 8)}`;
    const clientSecret = `${id}_secret_${hex16(req.state)}${hex16(req.state)}`;
    billingTables(req.state).setupIntents.set(id, { user_id: req.user.user_id, used: false });
    secrets(req.state).push(clientSecret);
    return { client_secret: clientSecret, setup_intent_id: id };
  });

  router.post("/billing/ach/payment-method", "login", (req) => {
    const id = String(requireParam(req, "setup_intent_id"));
    const intent = billingTables(req.state).setupIntents.get(id);
    if (!intent || intent.user_id !== req.user.user_id) {
      throw new WpError("add_payment_error", `No such setupintent: '${id}'`, 400);
    }
    if (intent.used) throw new WpError("add_payment_error", "This bank account is already saved.", 400);
    intent.used = true;
    const token = `ach_${hex16(req.state)}`;
    methodsOf(req).push({
      token,
      type: "ach",
      method: { brand: "Bank Account", bank_name: "STRIPE TEST BANK", account_type: "checking", gateway: "stripe_ach", last4: "6789" },
      expires: null,
      is_default: false,
      verified: false,
      deposits: [32, 45],
      added_date: `${TODAY} 09:00:00`,
    });
    return {
      success: true,
      token_id: token,
      verified: false,
      message: "Bank account added. Micro-deposits will be sent within 1-2 business days for verification.",
    };
  });

  router.post("/billing/ach/verify", "login", (req) => {
    const token = String(requireParam(req, "token_id"));
    const amounts = requireParam(req, "amounts");
    return checkDeposits(methodsOf(req).find((m) => String(m.token) === token), amounts);
  });

  router.get("/billing/ach/pending", "admin", (req) => {
    const rows: unknown[] = [];
    for (const [userId, list] of billingTables(req.state).methods) {
      const user = req.state.users.find((u) => u.user_id === userId);
      for (const m of list) {
        if (m.type !== "ach" || m.verified) continue;
        rows.push({
          token_id: m.token,
          user_id: s(userId),
          user_email: user?.email ?? "",
          user_name: user?.first_name ?? "",
          bank_name: m.method.bank_name,
          account_type: m.method.account_type,
          last4: m.method.last4,
          added_date: m.added_date,
        });
      }
    }
    return rows;
  });

  router.post("/billing/ach/admin-verify", "admin", (req) => {
    const token = String(requireParam(req, "token_id"));
    const amounts = requireParam(req, "amounts");
    const t = billingTables(req.state);
    if (token.startsWith("ach_")) {
      const userId = Number(requireParam(req, "user_id"));
      return checkDeposits(t.methods.get(userId)?.find((m) => m.token === token), amounts);
    }
    for (const list of t.methods.values()) {
      const found = list.find((m) => String(m.token) === token);
      if (found) return checkDeposits(found, amounts);
    }
    throw new WpError("token_not_found", "Payment token not found.", 404);
  });

  router.post("/billing/pay-invoice", "login", (req) => {
    const invoice = requireInvoice(req, req.param("value"));
    const list = methodsOf(req);
    let method: PaymentMethod | undefined;
    const sourceId = req.param("source_id");
    const paymentId = req.param("payment_id");
    if (sourceId) {
      if (!/^(src|pm|tok)_[A-Za-z0-9]+$/.test(String(sourceId))) return { result: "fail", message: `No such source: '${String(sourceId)}'` };
      method = {
        token: req.state.nextId("payment_token"),
        type: "card",
        method: { brand: "Mastercard", gateway: "stripe", last4: "4444" },
        expires: "09/30",
        is_default: false,
        verified: true,
        added_date: `${TODAY} 09:00:00`,
      };
      list.push(method);
    } else if (paymentId !== undefined && paymentId !== null && paymentId !== "") {
      method = list.find((m) => String(m.token) === String(paymentId));
      if (!method) return { result: "fail", message: "Payment method not found." };
    } else {
      method = list.find((m) => m.is_default) ?? list[0];
      if (!method) return { result: "fail", message: "No payment method on file. Add one first." };
    }
    if (method.type === "ach" && !method.verified) {
      return { result: "fail", message: "This bank account has not been verified yet." };
    }
    if (invoice.status === "completed") return { result: "fail", message: "This order has already been paid.", redirect: "" };
    invoice.status = "completed";
    invoice.paid_on = `${TODAY} 09:00:00`;
    invoice.payment_method = method.type === "ach" ? "Payment via ACH bank account" : `Payment via ${method.method.brand} ending in ${method.method.last4}`;
    setDefault(list, method.token);
    return { result: "success", redirect: `https://portal.example.test/checkout/order-received/${invoice.order_id}/?key=wc_order_${hex16(req.state)}` };
  });

  router.post("/billing/cancel-plan", "login", (req) => {
    const sub = req.param("subscription") as Record<string, unknown> | undefined;
    if (!sub || typeof sub !== "object" || !sub.account_id || !sub.name) {
      throw new WpError("missing_data", "Missing subscription account_id or name.", 400);
    }
    const own = ownSubscriptions(req.state, req.user).find((a) => a.account_id === Number(sub.account_id));
    if (own) billingTables(req.state).adminEmails.push({ user_id: req.user.user_id, subject: `Cancel plan: ${own.name}`, subscription: sub });
    return { success: true };
  });

  router.post("/billing/request-plan-changes", "login", (req) => {
    billingTables(req.state).adminEmails.push({
      user_id: req.user.user_id,
      subject: "Plan change request",
      subscription: req.param("subscription") ?? null,
    });
    return { success: true };
  });

  router.get("/subscriptions", "login", (req) => {
    const accounts = isAdmin(req.user) ? req.state.accounts : ownSubscriptions(req.state, req.user);
    return accounts
      .filter((a) => a.plan && typeof a.plan === "object" && (a.plan as Record<string, unknown>).next_renewal)
      .map((a) => {
        const plan = a.plan as Record<string, unknown>;
        return {
          account_id: s(a.account_id),
          name: a.name,
          next_renewal: `${String(plan.next_renewal).slice(0, 10)} 00:00:00`,
          interval: String(plan.interval ?? "1"),
          billing_mode: "standard",
          addons: (plan.addons as unknown[]) ?? [],
          base_price: String(plan.price ?? "0"),
          total: money(planTotal(plan)),
          billing_user_id: s(a.billing_user_id),
          status: "active",
        };
      });
  });

  router.get("/subscriptions/{subscription_id}", "login", (req) => {
    if (!isAdmin(req.user)) throw new WpError("forbidden", "Permission denied", 403);
    const account = req.state.accounts.find((a) => a.account_id === Number(req.params.subscription_id));
    if (!account) throw new WpError("not_found", "Account not found.", 404);
    const plan = account.plan && typeof account.plan === "object" ? (account.plan as Record<string, unknown>) : {};
    const sites = req.state.sites.filter((x) => x.account_id === account.account_id);
    const invoices = billingTables(req.state).invoices.filter((i) => i.account_id === account.account_id);
    const storageGb = sites.reduce((sum, x) => sum + Number(x.storage), 0) / 1e9;
    const visits = sites.reduce((sum, x) => sum + x.visits, 0);
    return {
      account: { id: s(account.account_id), name: account.name },
      plan: {
        name: plan.name ?? "",
        price: plan.price ?? "",
        interval: plan.interval ?? "",
        next_renewal: plan.next_renewal ? `${String(plan.next_renewal).slice(0, 10)} 00:00:00` : "",
        addons: plan.addons ?? [],
        charges: [],
        credits: [],
      },
      stats: {
        sites_count: sites.length,
        domains_count: req.state.domains.filter((d) => d.account_ids.includes(account.account_id)).length,
        storage_usage: `${Math.round((storageGb / 50) * 100)}% storage<br /><strong>${storageGb.toFixed(1)}GB/50GB</strong>`,
        visits_usage: `${Math.round((visits / 500000) * 100)}% traffic<br /><strong>${visits.toLocaleString("en-US")}</strong> <small>Yearly Estimate</small>`,
        ltv: invoices.filter((i) => i.status === "completed").reduce((sum, i) => sum + i.total, 0),
      },
      invoices: invoices.map((i) => ({
        order_id: i.order_id,
        order_number: String(i.order_id),
        date: new Date(i.created_at * 1000).toISOString().replace("T", " ").slice(0, 19),
        status: i.status,
        total: money(i.total),
        view_url: `https://portal.example.test/wp-admin/post.php?post=${i.order_id}&action=edit`,
        item_count: i.line_items.length,
      })),
    };
  });

  router.get("/upcoming_subscriptions", "login", (req) => {
    const accounts = isAdmin(req.user) ? req.state.accounts : ownSubscriptions(req.state, req.user);
    const revenue: Record<string, number> = {};
    const transactions: Record<string, number> = {};
    const renewals: Record<string, unknown[]> = {};
    const months: string[] = [];
    // The twelve months after the current one (the real plugin skips the current month).
    for (let i = 1; i <= 12; i++) {
      const d = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() + i, 1));
      const key = d.toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
      months.push(key);
      revenue[key] = 0;
      transactions[key] = 0;
      renewals[key] = [];
    }
    const start = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() + 1, 1));
    const end = new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth() + 13, 1));
    for (const a of accounts) {
      if (!a.plan || typeof a.plan !== "object") continue;
      const plan = a.plan as Record<string, unknown>;
      if (!plan.next_renewal) continue;
      const interval = Math.max(1, Number(plan.interval ?? 1));
      const total = planTotal(plan);
      let when = new Date(`${String(plan.next_renewal).slice(0, 10)}T00:00:00Z`);
      while (when < end) {
        if (when >= start) {
          const key = when.toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
          revenue[key]! += total;
          transactions[key]! += 1;
          renewals[key]!.push({ account_id: s(a.account_id), name: a.name, interval: String(interval), total });
        }
        when = new Date(Date.UTC(when.getUTCFullYear(), when.getUTCMonth() + interval, when.getUTCDate()));
      }
    }
    return { revenue, transactions, renewals };
  });

  router.get("/invoices/{invoice_id}", "login", (req) => invoiceDetail(requireInvoice(req, req.params.invoice_id)));

  router.get("/invoices/{invoice_id}/pdf", "login", (req) => {
    const invoice = requireInvoice(req, req.params.invoice_id);
    const body = Buffer.from(
      `%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Type /Catalog >> endobj\n% invoice ${invoice.order_id} total ${money(invoice.total)}\n` +
        "x".repeat(2048) +
        "\n%%EOF\n",
      "latin1",
    );
    return new RawAnswer(200, body, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="invoice-${invoice.order_id}.pdf"`,
    });
  });
}
