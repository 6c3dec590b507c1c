/**
 * Billing: the caller's WooCommerce billing (address, payment methods, ACH bank accounts), invoices, subscriptions.
 * Money moves here, so: paying, cancelling and removing a payment method are destructive; the calls the real server
 * answers with a silent success for ids that are not the caller's (remove / set primary payment method, cancel a
 * plan) are checked against GET /billing first; invoice PDFs are summarised, never returned as bytes.
 */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { InputError } from "../operations/executor.js";
import { AccountId, id, Limit, Offset, UserId } from "../operations/schemas.js";
import { dropEmpty, pageOf } from "../operations/result.js";
import { asArray, toId } from "../operations/render.js";
import { defineOperation, type OperationContext } from "../operations/types.js";
import { htmlToText, iso, renderRow, type Row } from "./shared.js";

const InvoiceId = id("From get_billing");
/** A string checked with refine: the pattern costs no tokens in tools/list. */
const matching = (re: RegExp, message: string) => z.string().refine((v) => re.test(v), message);
const PaymentMethodId = matching(/^[A-Za-z0-9_]{1,64}$/, "a payment method id from get_billing, e.g. 55 or ach_1a2b3c4d5e6f7a8b").describe("From get_billing");
const StripeId = matching(/^[a-z]+_[A-Za-z0-9]{3,100}$/, "a Stripe id such as pm_… or src_…");
const Amounts = z.array(z.number().int().min(1).max(99)).length(2).describe("The two micro-deposits, in cents");
const ADDRESS_KEYS = [
  "first_name",
  "last_name",
  "company",
  "address_1",
  "address_2",
  "city",
  "state",
  "postcode",
  "country",
  "email",
  "phone",
] as const;

/** Inline HTML (WooCommerce money, usage lines) to plain text: tags dropped without adding spaces, <br> as a space. */
const text = (v: unknown) =>
  typeof v === "string" && v.includes("<")
    ? htmlToText(v.replace(/<br\s*\/?>/gi, " ").replace(/<\/?(span|bdi|strong|small|em|b|i)\b[^>]*>/gi, ""), 200)
    : v;

function methodRow(m: Row): Row {
  const method = (m.method ?? {}) as Row;
  return dropEmpty({
    id: String(m.token),
    type: m.type,
    brand: method.brand,
    bank: method.bank_name,
    last4: method.last4,
    expires: m.expires,
    default: m.is_default === true,
    verified: m.verified,
  }) as Row;
}

function planOf(v: unknown): Row {
  if (typeof v === "string") {
    try {
      return JSON.parse(v) as Row;
    } catch {
      return {};
    }
  }
  return v && typeof v === "object" ? (v as Row) : {};
}

const MAX_INVOICES = 20;

function billingOverview(data: unknown): Row {
  const b = (data ?? {}) as Row;
  const invoices = asArray(b.invoices) as Row[];
  const out: Row = {
    address: dropEmpty(b.address),
    subscriptions: (asArray(b.subscriptions) as Row[]).map((sub) => {
      const plan = planOf(sub.plan);
      return dropEmpty({
        account_id: toId(sub.account_id),
        name: sub.name,
        plan: plan.name,
        price: plan.price,
        interval_months: plan.interval,
        next_renewal: plan.next_renewal,
        status: sub.status,
      });
    }),
    payment_methods: (asArray(b.payment_methods) as Row[]).map(methodRow),
    invoices: invoices.slice(0, MAX_INVOICES).map((i) => ({ invoice_id: toId(i.order_id), date: i.date, status: i.status, total: i.total })),
  };
  if (invoices.length > MAX_INVOICES) out.invoices_note = `${MAX_INVOICES} of ${invoices.length} invoices shown; get_invoice reads any by id`;
  return out;
}

async function myPaymentMethods(ctx: OperationContext): Promise<Row[]> {
  const billing = (await ctx.call({ method: "GET", path: "/billing" })) as Row;
  return (asArray(billing?.payment_methods) as Row[]).map(methodRow);
}

/** The real server answers success for unknown or foreign payment methods and does nothing; refuse that up front. */
async function requireMyMethod(ctx: OperationContext, methodId: string): Promise<Row> {
  const found = (await myPaymentMethods(ctx)).find((m) => m.id === methodId);
  if (!found) {
    throw new InputError(
      `Payment method ${methodId} is not one of yours (get_billing lists them). CaptainCore would report success without doing anything, so no change was requested.`,
    );
  }
  return found;
}

/** A change to one of the caller's own payment methods: refused up front for any other (requireMyMethod), then sent. */
function onMyMethod(answer: (method: Row, id: string) => Row) {
  return async (args: { id: string }, ctx: OperationContext) => {
    const method = await requireMyMethod(ctx, args.id);
    await ctx.call({});
    return answer(method, args.id);
  };
}

const describeMethod = (m: Row) => [m.brand, m.last4 ? `ending ${String(m.last4)}` : ""].filter(Boolean).join(" ");

/** Card tokens are integers in WooCommerce; ACH tokens are ach_<hex> strings. */
const tokenValue = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);

const PAID = ["completed", "processing", "refunded"];

export const operations = [
  defineOperation({
    name: "get_billing",
    toolset: "billing",
    method: "GET",
    path: "/billing",
    summary: "Your billing: address, subscriptions, payment methods, recent invoices",
    words: "billing overview invoices payment methods cards subscriptions what do we owe",
    description: "Its ids feed pay_invoice, get_invoice and the payment method tools.",
    input: {},
    effect: "read",
    render: billingOverview,
  }),
  defineOperation({
    name: "update_billing_address",
    toolset: "billing",
    method: "PUT",
    path: "/billing/update",
    summary: "Change fields of your billing address; others are kept",
    words: "billing address company address vat",
    input: {
      address: z.partialRecord(z.enum(ADDRESS_KEYS), z.string().trim().max(200)),
    },
    effect: "write",
    idempotent: true,
    run: async (args, ctx) => {
      if (Object.keys(args.address).length === 0) throw new InputError("address needs at least one field to change. Nothing was sent.");
      const billing = (await ctx.call({ method: "GET", path: "/billing" })) as Row;
      const address: Row = { ...((billing?.address as Row) ?? {}), ...args.address };
      await ctx.call({ body: { address } });
      return { updated: Object.keys(args.address), address: dropEmpty(address) };
    },
  }),
  defineOperation({
    name: "add_payment_method",
    toolset: "billing",
    method: "POST",
    path: "/billing/payment-methods",
    summary: "Save a card from a Stripe source or payment method id",
    words: "add credit card new card save card to pay",
    input: {
      source_id: StripeId.describe("Stripe source/payment method id"),
    },
    effect: "write",
    render: renderRow((d) => {
      const card = (d.card ?? {}) as Row;
      return { added: true, source_id: d.id, brand: card.brand, last4: card.last4, note: "get_billing shows its payment method id" };
    }),
  }),
  defineOperation({
    name: "set_primary_payment_method",
    toolset: "billing",
    method: "PUT",
    path: "/billing/payment-methods/{id}/primary",
    summary: "Make a saved payment method the default",
    words: "default card primary payment method",
    input: { id: PaymentMethodId },
    effect: "write",
    idempotent: true,
    run: onMyMethod((m, id) => ({ primary: id, method: describeMethod(m) })),
  }),
  defineOperation({
    name: "delete_payment_method",
    toolset: "billing",
    method: "DELETE",
    path: "/billing/payment-methods/{id}",
    summary: "Remove a saved card or bank account",
    words: "remove card delete payment method credit card mastercard visa amex expired card on file",
    input: { id: PaymentMethodId },
    effect: "destructive",
    confirmText: "Removes this saved payment method for good.",
    run: onMyMethod((m, id) => ({ deleted: id, method: describeMethod(m), was_default: m.default === true })),
  }),
  defineOperation({
    name: "pay_invoice",
    toolset: "billing",
    method: "POST",
    path: "/billing/pay-invoice",
    summary: "Pay an unpaid invoice (default: your primary payment method)",
    words: "pay invoice settle bill charge card outstanding",
    input: {
      invoice_id: InvoiceId,
      payment_id: PaymentMethodId.optional(),
      source_id: StripeId.optional().describe("Or a new Stripe source id"),
    },
    effect: "destructive",
    confirmText: "Charges the invoice total.",
    run: async (args, ctx) => {
      const invoice = (await ctx.call({ method: "GET", path: "/invoices/{invoice_id}" })) as Row;
      const status = String(invoice?.status ?? "");
      if (PAID.includes(status)) {
        throw new InputError(`Invoice ${args.invoice_id} is already ${status} (total ${String(invoice.total)}); nothing was charged.`);
      }
      const body: Row = { value: args.invoice_id };
      if (args.payment_id) body.payment_id = tokenValue(args.payment_id);
      if (args.source_id) body.source_id = args.source_id;
      const out = (await ctx.call({ body })) as Row;
      if (out?.result !== "success") {
        throw new CaptainCoreError("api_error", `Payment of invoice ${args.invoice_id} failed: ${String(out?.message ?? "no reason given")}`);
      }
      return { paid: true, invoice_id: args.invoice_id, amount: invoice.total, note: "The method used is now your primary one." };
    },
  }),
  defineOperation({
    name: "cancel_plan",
    toolset: "billing",
    method: "POST",
    path: "/billing/cancel-plan",
    summary: "Ask the admins to cancel an account's hosting plan",
    words: "cancel hosting plan close account stop service",
    description: "Only plans billed to you (get_billing). Emails a request; cancels nothing itself.",
    input: { account_id: AccountId },
    effect: "destructive",
    confirmText: "Requests cancellation of this account's plan.",
    run: async (args, ctx) => {
      const billing = (await ctx.call({ method: "GET", path: "/billing" })) as Row;
      const sub = (asArray(billing?.subscriptions) as Row[]).find((s) => Number(s.account_id) === args.account_id);
      if (!sub) {
        throw new InputError(
          `Account ${args.account_id} has no plan billed to you (get_billing lists yours). CaptainCore would accept the request and ignore it, so nothing was requested.`,
        );
      }
      await ctx.call({ body: { subscription: { account_id: String(args.account_id), name: sub.name } } });
      return {
        requested: true,
        account_id: args.account_id,
        name: sub.name,
        note: "The cancellation request was emailed to the administrators; the plan stays active until they act.",
      };
    },
  }),
  defineOperation({
    name: "request_plan_change",
    toolset: "billing",
    method: "POST",
    path: "/billing/request-plan-changes",
    summary: "Email the administrators a plan change request for an account",
    words: "request plan change upgrade downgrade ask for a bigger plan more sites storage",
    input: { account_id: AccountId, changes: z.string().trim().min(1).max(2000) },
    effect: "write",
    body: (a) => ({ subscription: { account_id: String(a.account_id), changes: a.changes } }),
    render: () => ({ requested: true, note: "Emailed to the administrators; nothing changes until they act." }),
  }),
  defineOperation({
    name: "create_ach_setup_intent",
    toolset: "billing",
    method: "POST",
    path: "/billing/ach/setup-intent",
    summary: "Start adding a US bank account (Stripe SetupIntent)",
    words: "add bank account ach",
    input: {},
    effect: "write",
    revealable: true,
    render: (data) => ({
      ...(data as Row),
      next: "Confirm it with Stripe.js in a browser (needs client_secret), then add_ach_payment_method.",
    }),
  }),
  defineOperation({
    name: "add_ach_payment_method",
    toolset: "billing",
    method: "POST",
    path: "/billing/ach/payment-method",
    summary: "Save a bank account from a confirmed SetupIntent",
    words: "save bank account ach after setup",
    description: "Then verify_ach_account with the two micro-deposits.",
    input: { setup_intent_id: matching(/^seti_[A-Za-z0-9_]{3,100}$/, "a SetupIntent id: seti_…").describe("SetupIntent id (seti_…)") },
    effect: "write",
  }),
  defineOperation({
    name: "verify_ach_account",
    toolset: "billing",
    method: "POST",
    path: "/billing/ach/verify",
    summary: "Verify your bank account with its two micro-deposit amounts",
    words: "verify bank account micro deposits",
    input: { token_id: PaymentMethodId, amounts: Amounts },
    effect: "write",
    body: (a) => ({ token_id: tokenValue(a.token_id), amounts: a.amounts }),
  }),
  defineOperation({
    name: "list_pending_ach_accounts",
    toolset: "billing",
    method: "GET",
    path: "/billing/ach/pending",
    summary: "Admin: unverified bank accounts of all customers",
    words: "unverified bank accounts pending ach",
    input: {},
    effect: "read",
    render: (data) => ({
      pending: (asArray(data) as Row[]).map((r) => ({
        token_id: r.token_id,
        user_id: toId(r.user_id),
        email: r.user_email,
        bank: r.bank_name,
        last4: r.last4,
        added: r.added_date,
      })),
    }),
  }),
  defineOperation({
    name: "verify_ach_for_customer",
    toolset: "billing",
    method: "POST",
    path: "/billing/ach/admin-verify",
    summary: "Admin: verify a customer's bank account micro-deposits",
    words: "verify customer bank account deposits admin",
    input: {
      token_id: PaymentMethodId.describe("From list_pending_ach_accounts"),
      user_id: UserId.optional().describe("Owner; needed for ach_ ids"),
      amounts: Amounts,
    },
    effect: "write",
    body: (a) => {
      if (a.token_id.startsWith("ach_") && !a.user_id) {
        throw new InputError("user_id is required for ach_ tokens (list_pending_ach_accounts shows it). Nothing was sent.");
      }
      return dropEmpty({ token_id: tokenValue(a.token_id), user_id: a.user_id, amounts: a.amounts });
    },
  }),
  defineOperation({
    name: "list_subscriptions",
    toolset: "billing",
    method: "GET",
    path: "/subscriptions",
    summary: "Hosting plan subscriptions with price and next renewal",
    words: "hosting subscriptions plans prices renewals recurring revenue what each customer pays mrr",
    description: "Admins see all; others the plans billed to them.",
    input: { limit: Limit(50, 500), offset: Offset },
    effect: "read",
    render: (data, args) => {
      const rows = (asArray(data) as Row[]).map((r) => ({
        account_id: toId(r.account_id),
        name: r.name,
        total: r.total,
        interval_months: toId(r.interval),
        next_renewal: String(r.next_renewal ?? "").slice(0, 10),
        status: r.status,
      }));
      return pageOf("subscriptions", rows, args);
    },
  }),
  defineOperation({
    name: "get_subscription",
    toolset: "billing",
    method: "GET",
    path: "/subscriptions/{subscription_id}",
    summary: "Admin: an account's plan, usage and invoices",
    words: "one account plan usage invoices subscription details",
    input: { subscription_id: id("Account ID (plans are per account)") },
    effect: "read",
    render: renderRow((d) => {
      const stats = (d.stats ?? {}) as Row;
      const invoices = (asArray(d.invoices) as Row[]).map((i) => ({ invoice_id: toId(i.order_id), date: i.date, status: i.status, total: i.total }));
      return dropEmpty({
        account: d.account,
        plan: d.plan,
        stats: Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, text(v)])),
        invoices: invoices.slice(-MAX_INVOICES),
        invoices_total: invoices.length > MAX_INVOICES ? invoices.length : undefined,
      });
    }),
  }),
  defineOperation({
    name: "get_renewal_forecast",
    toolset: "billing",
    method: "GET",
    path: "/upcoming_subscriptions",
    summary: "Renewal revenue per month for the next 12 months",
    words: "upcoming renewals next month revenue forecast",
    input: { month: z.string().trim().max(20).optional().describe("One month, e.g. Feb 2026") },
    effect: "read",
    render: renderRow((d, args) => {
      const revenue = (d.revenue ?? {}) as Record<string, number>;
      const transactions = (d.transactions ?? {}) as Record<string, number>;
      const renewals = (d.renewals ?? {}) as Record<string, Row[]>;
      if (args.month) {
        const key = Object.keys(revenue).find((k) => k.toLowerCase() === args.month!.toLowerCase());
        if (!key) throw new InputError(`No month "${args.month}" in the forecast; months are: ${Object.keys(revenue).join(", ")}.`);
        return {
          month: key,
          revenue: revenue[key],
          renewals: asArray(renewals[key]).map((r) => {
            const row = r as Row;
            return { account_id: toId(row.account_id), name: row.name, total: row.total };
          }),
        };
      }
      const months = Object.keys(revenue).map((m) => ({ month: m, revenue: revenue[m], renewals: transactions[m] ?? 0 }));
      return { months, total: months.reduce((sum, m) => sum + Number(m.revenue ?? 0), 0) };
    }),
  }),
  defineOperation({
    name: "get_invoice",
    toolset: "billing",
    method: "GET",
    path: "/invoices/{invoice_id}",
    summary: "An invoice: status, total, line items, payment",
    words: "invoice details line items total paid what was charged",
    input: { invoice_id: InvoiceId },
    effect: "read",
    render: renderRow((d) =>
      dropEmpty({
        invoice_id: toId(d.order_id),
        date: iso(d.created_at)?.slice(0, 10) ?? d.created_at,
        status: d.status,
        total: d.total,
        paid_on: d.paid_on,
        payment_method: d.payment_method,
        items: (asArray(d.line_items) as Row[]).map((l) => ({
          name: l.name,
          quantity: l.quantity,
          total: text(l.total),
          details: (asArray(l.description) as Row[]).map((x) => x.value).filter(Boolean).join("; "),
        })),
      }),
    ),
  }),
  defineOperation({
    name: "get_invoice_pdf",
    toolset: "billing",
    method: "GET",
    path: "/invoices/{invoice_id}/pdf",
    summary: "Check an invoice PDF: file name and size only",
    words: "invoice pdf download",
    description: "The user downloads it from the billing page.",
    input: { invoice_id: InvoiceId },
    effect: "read",
    render: renderRow((invoice, args) => ({
      invoice_id: args.invoice_id,
      ...invoice,
      note: "PDF not shown to the model. The user can download it from the invoice in CaptainCore's billing page.",
    })),
  }),
];
