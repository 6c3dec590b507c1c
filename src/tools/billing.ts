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
    asks: [
      "show my billing info", "what do we owe?", "which card is on file?",
      "list my recent invoices and subscriptions", "what's my billing address", "how am I paying for hosting",
      "do I have any unpaid bills", "where can I see my plan, my card and my invoices in one place",
      "my account's payment overview", "what am I being charged every month and how",
      "our accountant wants to see the last few bills and the card we use", "is there anything overdue on my side?",
      "billing summary: address, card, subscription", "can you show the money side of my account",
      "what are my billing details on file", "list all the invoices we've paid this year",
      "show my billing info and past invoices", "can I see my invoices and what I currently owe?",
      "what's my current balance and which card is on file",
      "show me my billing overview — invoices, payment methods, all that",
    ],
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
    asks: [
      "change my billing address to 12 Main St, Portland", "we moved offices, update the address on our invoices",
      "fix the zip code on my billing info", "update company name on billing address",
      "the invoices show the old address, please change it", "set billing country to Canada",
      "the accountant needs our new suite number on invoices", "add our VAT number/address line to billing",
      "our receipts need the new street address, 400 Oak Ave", "change the city and postcode on my invoice details",
      "we incorporated, put the LLC name on our bills", "invoice mailing address is out of date",
      "billing street line 2: Suite 210",
      "the address printed on our receipts is from our old office, can you update it",
      "update our company billing address", "our billing address changed to 12 Main St, Portland",
      "we moved, update our billing address to 55 Elm St, Portland OR",
      "invoices should go to accounting@tallpinesco.com now",
    ],
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
    asks: [
      "add a new credit card", "save my new Visa to the account", "my card expired, here's a new one (Stripe pm_123)",
      "attach a payment card from Stripe", "put another Mastercard on file",
      "the company got a new corporate Amex, put it on the account", "I want to pay with a different card, add it",
      "store this Stripe payment method for future invoices", "new card for hosting payments",
      "I got a replacement card from the bank, put it on file", "add a backup card in case the main one fails",
      "here's Stripe source src_456, save it as a card", "can I keep two cards on my account? add this one",
      "the business debit card should be saved for paying invoices", "add a new visa card for payments",
      "add a new credit card, the old one expired", "put my Amex on file for billing",
    ],
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
    asks: [
      "make my new card the default", "charge the Amex from now on instead of the Visa",
      "set the bank account as primary payment", "switch which card is used for autopay",
      "use card ending 4242 by default", "autopay keeps hitting my personal card — use the business one",
      "make this the main card for hosting renewals", "set preferred payment source",
      "bill the company card going forward",
      "the wrong card gets charged every month, switch it to the one ending 5555", "default card swap",
      "which card pays automatically? make it the Mastercard",
      "pay from the checking account by default now that it's verified",
      "our finance team wants the corporate card charged for renewals, not mine", "make the amex my default card",
      "use my new Amex as the default card going forward", "switch primary payment to the visa ending 4242",
    ],
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
    asks: [
      "remove my old card", "delete the expired Visa ending 1111", "take the bank account off file",
      "I don't want that card stored anymore", "our old debit card got cancelled by the bank, remove it",
      "get rid of the company Amex from billing", "unlink the card we no longer use", "delete a saved card",
      "card ending 4242 is closed, drop it", "stop keeping my personal card on the account",
      "clean up old payment cards", "the checking account is closed, unlink it from billing",
      "I lost that card, please delete it from the portal", "forget the Discover card",
      "delete the card that expired", "remove the expired mastercard",
      "please remove the old visa ending 4242 from our billing, it expired in June",
    ],
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
    asks: [
      "pay invoice 1234", "settle my outstanding bill", "charge my card for the overdue invoice",
      "pay the latest unpaid invoice using the bank account", "I got a past-due notice — pay it now",
      "pay this month's hosting invoice with my Visa",
      "our card declined last week; I updated it, now pay what we owe", "retry payment on the failed invoice",
      "clear the balance on invoice 5678", "I'd like to pay the bill that's due now",
      "pay what's outstanding with the card on file", "the hosting invoice bounced, charge it again with my new card",
      "put through payment on last month's bill from the checking account",
      "we got a reminder email that we're behind, take care of it", "pay an outstanding invoice",
      "pay the overdue bill", "pay open invoice 1043 with the card on file",
      "pay the overdue invoice with the card on file", "pay the outstanding invoice for march",
      "I got an email saying my invoice is overdue, can I just pay it now with my card on file?",
    ],
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
    asks: [
      "cancel the hosting plan for Maple Yoga", "we're moving the client to Kinsta, cancel their plan",
      "stop hosting service for this account", "I want to end my subscription",
      "request cancellation of the bakery plan", "the client is closing their business, cancel hosting",
      "don't renew our plan", "ask the team to terminate this account's hosting",
      "the florist closed, please end their hosting", "we won't need hosting for the gym after this month",
      "terminate service on client 31's plan", "can you let the admins know we're leaving and want to stop the plan",
      "close out the care plan for our dental client", "stop billing us for hosting, we're shutting the site down",
      "cancel the hosting plan", "we're closing the business, cancel our plan", "cancel our hosting plan",
      "we're closing the business at the end of the year, please cancel our hosting",
      "we're closing the business, please cancel our hosting plan", "cancel my plan at the end of this month",
    ],
    description: "Only for plans billed to you (get_billing). Sends an email; nothing is cancelled automatically.",
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
    asks: [
      "ask to upgrade Maple Yoga to a bigger plan", "we need more storage — request a plan change",
      "email the admins asking to downgrade the bakery account", "request switching to annual billing",
      "can you ask them to add 5 more sites to our plan", "request a hosting package change for this client",
      "we're getting more traffic; ask for a higher visitor limit", "submit a plan modification request",
      "we added a second location and need room for more sites, can we get a bigger package",
      "could the admins move the gym to a cheaper tier?", "ask for extra bandwidth on the dental client's hosting",
      "tell the team we want to switch from monthly to yearly", "upgrade request for client 31",
      "the site keeps hitting its visitor cap, let's request more",
      "ask captaincore to upgrade acme to a bigger plan", "we only need 10 sites now — ask for a smaller plan",
      "We need room for more websites — could we move up to the 25-site plan?",
      "we want to move up to the bigger plan with more storage",
      "can I downgrade to the basic maintenance tier? we only have 2 sites now",
    ],
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
    asks: [
      "I want to pay by bank account instead of card", "start adding a US bank account", "set up ACH payments",
      "begin linking my checking account for billing", "get a Stripe setup intent for bank transfer",
      "can we pay invoices via ACH? let's start that", "connect a bank account, step one",
      "card fees are high, we'd like to pay from our checking account — how do we start?",
      "how do I link my bank for direct debit", "I'd rather pay from checking than with a credit card, begin that",
      "kick off bank transfer payment setup", "start the process to add a routing and account number",
      "US bank account as payment method — first step",
      "we want to avoid credit card fees, let's connect our business bank", "add a bank account to pay by ach",
      "we want to pay by ACH — start linking a bank account",
      "we'd rather pay by direct bank debit going forward instead of credit card",
      "I'd rather pay by bank transfer than card, can I link my bank account?",
      "start the bank account connection so I can enter routing info",
      "begin ACH setup for the Orchard Valley account",
    ],
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
    asks: [
      "save the bank account now that I've confirmed it in Stripe",
      "finish adding my checking account (setup intent seti_123)",
      "attach the bank account from the confirmed setup intent",
      "the bank link went through, store it as a payment method",
      "Stripe finished the bank connection, now save it to my billing", "complete bank account setup",
      "save my business checking for payments", "record the confirmed bank account",
      "I finished the bank step in Stripe, add it to my account now",
      "save the confirmed checking account (seti_789) as a payment option",
      "the bank connection worked, so now record it on my billing", "store my linked bank for future payments",
      "add the verified setup intent's bank to my payment methods",
      "bank linking is done on Stripe's side — what's next, save it?",
      "add our business checking account as the way we pay",
      "here's the routing and account number for our credit union account, save it as a payment method",
    ],
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
    asks: [
      "verify my bank account with the deposits 0.32 and 0.45", "I see two small deposits in my bank, confirm them",
      "enter micro-deposit amounts", "finish ACH verification",
      "the bank account says pending verification, here are the amounts",
      "confirm my checking account with the tiny test charges",
      "what do I do with the two tiny deposits? they were 32 and 45 cents", "two cent deposits arrived — verify",
      "the bank shows 0.18 and 0.62 from Stripe, use those",
      "my checking says unverified, I have the two small deposit amounts", "confirm micro deposits 11 and 29 cents",
      "I'm looking at two tiny credits from Stripe on my statement, how do I use them to finish?",
      "complete bank verification with deposit values",
      "two mini payments landed in our business account, confirm the bank", "enter the two micro deposit amounts",
      "the two tiny deposits showed up: 32 and 45 cents. verify the bank account",
      "two small deposits showed up in our bank, 32 cents and 45 cents. where do I enter those?",
      "confirm micro deposits on our bank account",
    ],
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
    asks: [
      "which customers have unverified bank accounts?", "list pending ACH accounts",
      "who hasn't finished their micro-deposit verification",
      "show bank accounts waiting on verification across all clients", "any clients stuck on bank account setup?",
      "any client bank accounts still waiting on micro-deposits?", "customer bank accounts not yet confirmed",
      "which clients still need to verify their bank",
      "bank accounts that still haven't been confirmed, all customers",
      "which clients started bank payment but never entered the deposit amounts",
      "unverified checking accounts across the customer base", "who still needs to finish linking their bank",
      "show any client ACH waiting for confirmation",
      "are there customers whose bank payment isn't working yet because it's unconfirmed",
      "which customers have bank accounts waiting for verification",
      "which customers still have bank accounts waiting on micro-deposit verification?", "pending ACH verifications",
    ],
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
    asks: [
      "verify the bakery owner's bank account — she told me the deposits were 0.12 and 0.34",
      "enter micro-deposit amounts on behalf of a client", "confirm a customer's ACH account for them",
      "the client emailed me their deposit amounts, verify it", "admin verify bank account for user 55",
      "finish Tom's bank verification for him", "complete a client's ACH setup using their amounts",
      "mark customer checking account verified",
      "the florist called with her two deposit amounts, 0.21 and 0.44, confirm her bank",
      "input the micro-deposits for client user 77", "finish verifying the gym owner's bank on his behalf",
      "a customer can't figure out the bank verification, do it for her with these numbers",
      "confirm someone else's bank account as admin",
      "the dentist emailed 15 and 38 cents, please verify his checking",
      "mark the Hartley bank account as verified manually",
      "admin: mark the bank account for Ridgeway Motors as verified, they sent me the deposit amounts by phone",
      "manually verify the pending ACH for account 77",
    ],
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
    asks: [
      "list all hosting subscriptions", "which plans renew next and for how much?",
      "show every client's plan and price", "what am I subscribed to", "how many paying hosting plans do we have",
      "recurring plans with renewal dates", "who's on monthly vs yearly billing",
      "which clients pay us yearly and when does each renew?", "every recurring hosting plan and what it costs",
      "what hosting plans am I paying for", "all client plans sorted by next billing date",
      "what are our customers paying each month", "next page of plans",
      "which hosting plans do we have active and when do they bill again", "what does each customer pay us per month",
      "show all hosting subscriptions", "which clients are paying for maintenance plans right now and how much?",
    ],
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
    asks: [
      "show subscription 77 in detail", "what's Maple Yoga's plan usage and invoice history",
      "details on one client's subscription", "has the bakery subscription been paid — show its invoices",
      "open the subscription for Acme", "how much of their plan is this client using",
      "subscription details for account Riverside", "look at one subscription's usage and billing",
      "subscription 91 usage and past bills", "is the gym's plan paid up, and how much storage have they used",
      "show one customer's hosting plan with its bill history",
      "dig into the florist's plan: limits, usage, invoices", "how close to their limits is the client on plan 12",
      "has the dental client's plan been paid for the last few months", "show acme's subscription and usage",
      "show subscription 55", "pull up subscription sub_1042 — what plan is it and when does it renew",
      "details on the Beacon Hill Realty subscription, they're asking about their billing interval",
    ],
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
    asks: [
      "how much renewal revenue is coming in the next year", "forecast recurring income by month",
      "which subscriptions renew in March", "projected hosting revenue next 12 months",
      "what renewals are due next month and for how much",
      "how much should hit the bank from hosting renewals in June?", "show upcoming subscription renewals",
      "cash flow from renewals by month", "what recurring money can we expect each month over the next year",
      "how much are we renewing in October", "monthly breakdown of upcoming plan renewals",
      "projected MRR from hosting plans over the next 12 months", "are there any big renewals coming up in the fall",
      "I'm doing the budget, what's our expected hosting income by month", "which renewals are coming up next month?",
      "what's our recurring revenue going to be over the next months",
      "which subscriptions are renewing in the next few weeks?",
      "forecast: what renewals are coming up next month so I know what revenue to expect",
    ],
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
    asks: [
      "show invoice 1234", "what's on the latest invoice", "is invoice 1234 paid?",
      "line items for last month's bill", "why was I charged $120 — open the invoice",
      "what's the total and status of the March invoice", "what did this invoice charge for",
      "when and how was invoice 998 paid", "open invoice 5678", "what was I billed for in February",
      "my bank shows a charge from you, what was it for", "has the latest bill been paid and how much was it",
      "breakdown of charges on bill 998", "the client disputes the amount, what's on that invoice",
      "what was on invoice 2231", "what's on invoice 10432? client is asking why it's higher than usual",
      "show line items for invoice #2291",
    ],
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
    asks: [
      "get me the PDF of invoice 1234", "I need a PDF copy of the invoice for my accountant",
      "download invoice as pdf", "is there a PDF for this invoice?", "the client wants a printable receipt",
      "is the receipt for invoice 998 available as a file?", "how big is the invoice PDF file",
      "send me the invoice document", "printable version of bill 5678",
      "the bookkeeper needs the file version of last month's invoice",
      "can I get this invoice as a document for my taxes",
      "check that the PDF exists for invoice 998 and how large it is", "pdf invoice 1234",
      "does invoice 777 have a downloadable copy", "download invoice pdf", "download the pdf of invoice 1234",
      "the accountant needs invoice 1043 as a pdf", "download invoice 5521 as a PDF for our bookkeeper",
      "download a PDF of invoice 2291 for our accountant",
      "need a printable copy of invoice 3318 for the Harlow Group's records",
      "download the PDF of invoice 2231 for our accountant", "download the PDF of March's invoice for our bookkeeper",
    ],
    description: "Never the bytes: the user downloads it from the billing page.",
    input: { invoice_id: InvoiceId },
    effect: "read",
    render: renderRow((invoice, args) => ({
      invoice_id: args.invoice_id,
      ...invoice,
      note: "PDF not shown to the model. The user can download it from the invoice in CaptainCore's billing page.",
    })),
  }),
];
