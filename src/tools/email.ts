/**
 * Email for a domain: inbound forwarding (Mailgun routes on the apex domain) and the Mailgun sending zone (SMTP for
 * sites, events, suppressions). Event logs are trimmed to time/event/recipient/subject; Mailgun paging URLs are
 * passed back only when they point at Mailgun.
 */
import { z } from "zod";
import { InputError } from "../operations/executor.js";
import { DomainId, domainName, email, Limit, Offset, SiteId } from "../operations/schemas.js";
import { dropEmpty, paginate } from "../operations/result.js";
import { asArray, stripUi } from "../operations/render.js";
import { defineOperation } from "../operations/types.js";
import { renderRow, type Row } from "./shared.js";

// Formats are checked by refinements, not regex patterns, so they cost nothing in tools/list.
const AliasId = z
  .string()
  .trim()
  .refine((v) => /^[a-zA-Z0-9-]{1,64}$/.test(v), "an alias id from list_email_forwards")
  .describe("From list_email_forwards");
const LocalPart = z
  .string()
  .trim()
  .refine(
    (v) => /^(\*|[A-Za-z0-9!#$%&'+/=?^_`{|}~-]{1,64}(\.[A-Za-z0-9!#$%&'+/=?^_`{|}~-]+)*)$/.test(v) && v.length <= 64,
    "the part before @ (e.g. info), or * for a catch-all",
  )
  .describe("Part before @; * = catch-all");
const Recipients = z.array(email("Email")).min(1).max(50);
const PageUrl = z
  .string()
  .max(2000)
  .refine((v) => /^https:\/\/api(\.eu)?\.mailgun\.net\//.test(v), "the next_page_url of a previous answer")
  .optional()
  .describe("next_page_url of last answer");
const EventFilter = z.string().trim().max(200).optional().describe('e.g. "failed OR delivered"');
const SuppressionType = z.enum(["bounces", "unsubscribes", "complaints", "whitelists"]);

function aliasRow(a: Row): Row {
  const name = String(a.name ?? "");
  const catchAll = name === "*" || name === "";
  return dropEmpty({
    id: a.id,
    address: catchAll ? `*@${String(a.domain ?? "")} (catch-all)` : a.domain ? `${name}@${String(a.domain)}` : name,
    recipients: a.recipients,
  }) as Row;
}

function dnsRecords(list: unknown): unknown[] {
  return (asArray(list) as Row[]).map((r) =>
    dropEmpty({ type: r.record_type, name: r.name, priority: r.priority, value: r.value, valid: r.valid }),
  );
}

/** Mailgun event pages: one line per event and the URL of the next page while there are more. */
function eventsPage(data: unknown) {
  const d = (data ?? {}) as Row;
  const items = asArray(d.items) as Row[];
  const events = items.map((e) => {
    const message = (e.message ?? {}) as Row;
    const headers = (message.headers ?? {}) as Row;
    const status = (e["delivery-status"] ?? {}) as Row;
    const ts = Number(e.timestamp);
    return dropEmpty({
      time: Number.isFinite(ts) ? new Date(ts * 1000).toISOString().replace(/\.\d+Z$/, "Z") : undefined,
      event: e.event,
      recipient: e.recipient,
      from: headers.from,
      subject: headers.subject,
      reason: status.message || status.description || e.reason,
    });
  });
  const next = ((d.paging ?? d.pagination) as Row | undefined)?.next;
  return dropEmpty({ events, count: events.length, next_page_url: items.length ? next : undefined });
}

export const operations = [
  // ---------- forwarding ----------
  defineOperation({
    name: "activate_email_forwarding",
    toolset: "email",
    method: "POST",
    path: "/domain/{domain_id}/activate-forward-email",
    summary: "Turn on email forwarding for a domain (adds Mailgun MX records)",
    words: "turn on email forwarding set up forwarding for a domain enable forwarding",
    description: "409 mx_conflict: other MX exist; overwrite_mx + confirm replaces them if the user agrees.",
    input: { domain_id: DomainId, overwrite_mx: z.boolean().optional(), confirm: z.boolean().optional() },
    effect: "write",
    mayDestroy: true,
    // Replacing MX records moves the domain's mail: whatever they delivered today stops arriving there.
    confirmWhen: (args) => args.overwrite_mx === true,
    confirmWhy: () =>
      "overwrite_mx replaces the domain's MX records, and mail they deliver today stops arriving there. Show the user the current records (get_email_forwarding_status)",
  }),
  defineOperation({
    name: "get_email_forwarding_status",
    toolset: "email",
    method: "GET",
    path: "/domain/{domain_id}/email-forwarding/status",
    summary: "Email forwarding state and the DNS records it needs",
    words: "is email forwarding working status mx records needed",
    input: { domain_id: DomainId, verify: z.boolean().optional().describe("Re-check DNS first") },
    effect: "read",
    render: renderRow((d) => {
      return dropEmpty({
        name: d.name,
        state: d.state,
        forwarding_active: d.forwarding_active,
        has_mx_record: d.has_mx_record,
        has_txt_record: d.has_txt_record,
        receiving_dns_records: dnsRecords(d.receiving_dns_records),
        sending_dns_records: dnsRecords(d.sending_dns_records),
      });
    }),
  }),
  defineOperation({
    name: "list_email_forwarding_logs",
    toolset: "email",
    method: "GET",
    path: "/domain/{domain_id}/email-forwarding/logs",
    summary: "Forwarded-mail events of a domain",
    words: "forwarded emails log was mail forwarded delivered forwards did forwarding work history forwarder mail never arrives not receiving emails bounced what happened to a message",
    input: { domain_id: DomainId, event: EventFilter, page_url: PageUrl },
    effect: "read",
    render: eventsPage,
  }),
  defineOperation({
    name: "disable_email_forwarding",
    toolset: "email",
    method: "DELETE",
    path: "/domain/{domain_id}/email-forwarding",
    summary: "Turn off email forwarding for a domain (admin)",
    words: "turn off email forwarding for a domain stop forwarding all mail",
    input: { domain_id: DomainId },
    effect: "destructive",
    confirmText: "Every alias stops forwarding.",
    render: renderRow((d) => ({ message: d.message })),
  }),
  defineOperation({
    name: "list_email_forwards",
    toolset: "email",
    method: "GET",
    path: "/domain/{domain_id}/email-forwards",
    summary: "List a domain's email forwarding aliases",
    words: "forwarding addresses aliases which addresses forward where which forwards exist aliases forwarding addresses on a domain",
    input: { domain_id: DomainId },
    effect: "read",
    render: (data) => {
      const forwards = (asArray(data) as Row[]).map(aliasRow);
      return { forwards, total: forwards.length };
    },
  }),
  defineOperation({
    name: "create_email_forward",
    toolset: "email",
    method: "POST",
    path: "/domain/{domain_id}/email-forwards",
    summary: "Forward an address of the domain to other mailboxes",
    words: "forward an address to gmail mailbox new alias redirect email address forward to",
    input: { domain_id: DomainId, name: LocalPart, recipients: Recipients },
    effect: "write",
    run: async (args, ctx) => {
      // Mailgun would take a second route for the same address: mail to it would be forwarded twice.
      const name = args.name.toLowerCase();
      const same = (asArray(await ctx.call({ method: "GET" })) as Row[]).find((a) => String(a.name ?? "").toLowerCase() === name);
      if (same) {
        const to = asArray(same.recipients).join(", ");
        throw new InputError(
          `${args.name}@ already forwards${to ? ` to ${to}` : ""} (alias_id ${String(same.id)}). To change or add recipients, call update_email_forward with that alias_id and the whole list. Nothing was sent.`,
        );
      }
      return aliasRow((await ctx.call()) as Row);
    },
  }),
  defineOperation({
    name: "update_email_forward",
    toolset: "email",
    method: "PUT",
    path: "/domain/{domain_id}/email-forwards/{alias_id}",
    summary: "Change an alias's address or recipients (replaces the list)",
    words: "change where an address forwards edit alias recipients redirect to another mailbox add recipient",
    input: { domain_id: DomainId, alias_id: AliasId, name: LocalPart.optional(), recipients: Recipients.optional() },
    effect: "write",
    idempotent: true,
    body: (args) => {
      if (args.name === undefined && args.recipients === undefined) {
        throw new InputError("Invalid arguments for update_email_forward:\n- give name, recipients or both\nNothing was sent to CaptainCore.");
      }
      return dropEmpty({ name: args.name, recipients: args.recipients });
    },
    render: renderRow((d) => {
      const recipients = asArray(d.actions)
        .map((a) => /^forward\("(.*)"\)$/.exec(String(a))?.[1])
        .filter(Boolean);
      return dropEmpty({ id: d.id, message: d.message, expression: d.expression, recipients });
    }),
  }),
  defineOperation({
    name: "delete_email_forward",
    toolset: "email",
    method: "DELETE",
    path: "/domain/{domain_id}/email-forwards/{alias_id}",
    summary: "Delete an email forwarding alias",
    words: "delete alias stop forwarding an address remove forward",
    input: { domain_id: DomainId, alias_id: AliasId },
    effect: "destructive",
    confirmText: "Mail to it stops being forwarded.",
    render: renderRow((d) => {
      // Mailgun's answer is passed through with HTTP 200 even when the route does not exist.
      return d.id ? { deleted: true, id: d.id } : { deleted: false, message: d.message };
    }),
  }),

  // ---------- Mailgun sending zone ----------
  defineOperation({
    name: "get_mailgun_zone",
    toolset: "email",
    method: "GET",
    path: "/domain/{domain_id}/mailgun",
    summary: "Mailgun sending zone of a domain: state and DNS records",
    words: "mailgun sending domain status dns records is mailgun verified sending setup",
    input: { domain_id: DomainId },
    effect: "read",
    render: (data) => {
      const d = stripUi(data) as Row;
      const zone = (d.domain ?? {}) as Row;
      return dropEmpty({
        zone: zone.name,
        state: zone.state,
        created_at: zone.created_at,
        smtp_login: zone.smtp_login,
        sending_dns_records: dnsRecords(d.sending_dns_records),
        receiving_dns_records: dnsRecords(d.receiving_dns_records),
      });
    },
  }),
  defineOperation({
    name: "create_mailgun_zone",
    toolset: "email",
    method: "POST",
    path: "/domain/{domain_id}/mailgun/setup",
    summary: "Create a Mailgun sending zone and its DNS records",
    words: "set up mailgun transactional email sending domain smtp deliverability order emails",
    input: { domain_id: DomainId, domain: domainName("Zone, e.g. mg.example.com") },
    effect: "write",
    render: renderRow((d) => {
      return dropEmpty({ success: d.success, message: d.message, zone: ((d.domain as Row | undefined)?.details as Row | undefined)?.mailgun_zone });
    }),
  }),
  defineOperation({
    name: "verify_mailgun_zone",
    toolset: "email",
    method: "POST",
    path: "/domain/{domain_id}/mailgun/verify",
    summary: "Ask Mailgun to re-check a sending zone's DNS",
    words: "verify mailgun domain check dns recheck",
    input: { domain_id: DomainId },
    effect: "write",
    idempotent: true,
    render: renderRow((d) => {
      const zone = (d.domain ?? {}) as Row;
      return dropEmpty({
        zone: zone.name,
        state: zone.state,
        message: d.message,
        sending_dns_records: dnsRecords(d.sending_dns_records),
        receiving_dns_records: dnsRecords(d.receiving_dns_records),
      });
    }),
  }),
  defineOperation({
    name: "deploy_mailgun_smtp",
    toolset: "email",
    method: "POST",
    path: "/domain/{domain_id}/mailgun/deploy",
    summary: "Make a site send mail through the domain's Mailgun zone",
    words: "configure wordpress to send through mailgun smtp settings plugin",
    input: {
      domain_id: DomainId,
      site_id: SiteId,
      from_name: z.string().trim().min(1).max(100).describe("Sender name"),
      environment: z
        .string()
        .trim()
        .max(40)
        .refine((v) => /^[A-Za-z0-9-]+$/.test(v), "an environment name such as production or staging")
        .transform((v) => v.toLowerCase())
        .default("production")
        .describe("production or staging"),
    },
    effect: "write",
    run: async (args, ctx) => {
      // CaptainCore checks only the domain here, not the site: refuse sites this user cannot see.
      await ctx.call({ method: "GET", path: "/sites/{site_id}/details" });
      return ctx.call({ body: { site_id: args.site_id, from_name: args.from_name, environment: args.environment } });
    },
  }),
  defineOperation({
    name: "delete_mailgun_zone",
    toolset: "email",
    method: "DELETE",
    path: "/domain/{domain_id}/mailgun",
    summary: "Delete a domain's Mailgun sending zone",
    words: "delete mailgun remove sending domain",
    input: { domain_id: DomainId },
    effect: "destructive",
    confirmText: "Sites sending through it stop delivering.",
    render: renderRow((d) => {
      return dropEmpty({ success: d.success, message: d.message });
    }),
  }),
  defineOperation({
    name: "list_mailgun_events",
    toolset: "email",
    method: "GET",
    path: "/domain/{domain_id}/mailgun/events",
    summary: "Mailgun sending events: delivered, failed, opened…",
    words: "email delivery log sent delivered failed bounced did the email go out",
    input: { domain_id: DomainId, event: EventFilter, recipient: email("Only this recipient").optional(), page_url: PageUrl },
    effect: "read",
    render: eventsPage,
  }),
  defineOperation({
    name: "list_mailgun_suppressions",
    toolset: "email",
    method: "GET",
    path: "/domain/{domain_id}/mailgun/suppressions/{type}",
    summary: "List addresses Mailgun will not send to",
    words: "bounced unsubscribed complaints blocked addresses suppression list",
    input: { domain_id: DomainId, type: SuppressionType, limit: Limit(50, 1000), offset: Offset },
    effect: "read",
    // limit/offset page locally; they must not reach the server, which forwards query parameters to Mailgun.
    run: async (args, ctx) => {
      const data = await ctx.call({});
      const rows = (asArray((data as Row | null)?.items) as Row[]).map((r) =>
        dropEmpty({ address: r.address, code: r.code, error: r.error, tags: r.tags, created_at: r.created_at }),
      );
      const { items, ...paging } = paginate(rows, args.offset, args.limit);
      return { type: args.type, addresses: items, ...paging };
    },
  }),
  defineOperation({
    name: "delete_mailgun_suppression",
    toolset: "email",
    method: "DELETE",
    path: "/domain/{domain_id}/mailgun/suppressions/{type}",
    summary: "Remove an address from a Mailgun suppression list",
    words: "unblock an address remove from bounce list suppression",
    input: { domain_id: DomainId, type: SuppressionType, address: email("Address") },
    query: ["address"],
    effect: "write",
    idempotent: true,
  }),
];
