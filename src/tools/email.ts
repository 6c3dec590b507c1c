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
    asks: [
      "turn on email forwarding for bakery.com", "set up mail forwarding on the domain",
      "enable forwarders for mapleyoga.com",
      "the client wants info@ to go to their Gmail, switch on forwarding for the domain",
      "activate email forwarding, it's okay to replace the old MX records",
      "we don't use Google Workspace anymore, start forwarding mail for the domain",
      "enable the email forward feature on this domain", "add the mailgun MX records so forwarding works",
      "I want emails to my business address to show up in my personal inbox, turn that on for the domain",
      "enable mail redirection for lunabridal.com",
      "switch on forwarding for the domain even if it means replacing the existing MX",
      "we don't want to pay for mailboxes, just redirect mail for this domain",
      "can you start the forwarding service so our domain's mail gets passed along?",
      "turn on the thing that redirects emails for our domain", "set up email forwarding for a domain",
      "set up email forwarding for freshcutflowers.com", "turn on email forwarding for juniperdental.com",
      "set up email forwarding on trailheadoutfitters.com, they don't want a mailbox",
      "turn on forwarding for the domain so info@ can go to gmail",
    ],
    description: "409 mx_conflict: other MX exist; overwrite_mx replaces them if the user agrees.",
    input: { domain_id: DomainId, overwrite_mx: z.boolean().optional() },
    effect: "write",
  }),
  defineOperation({
    name: "get_email_forwarding_status",
    toolset: "email",
    method: "GET",
    path: "/domain/{domain_id}/email-forwarding/status",
    summary: "Email forwarding state and the DNS records it needs",
    words: "is email forwarding working status mx records needed",
    asks: [
      "is email forwarding working on bakery.com", "what DNS records do I need for forwarding",
      "check if the forwarding is active and verified", "email forwarding status for mapleyoga.com",
      "are the MX records for forwarding set up right", "mail forwarding isn't working, is the domain verified",
      "verify the forwarding setup", "is forwarding on for this domain",
      "is the forwarding thing on my domain set up correctly?",
      "which MX/TXT records does forwarding need on greenleafgardens.org",
      "has forwarding been verified for the domain yet", "check forwarding DNS",
      "forwarding enabled on our domain or not?", "why isn't forwarding verified, what records are missing?",
      "is mail forwarding set up correctly for harbor",
      "is forwarding on cedarhollowinn.com set up right? are the dns bits verified?",
      "is email forwarding actually working for maplegrovevet.com? client thinks the MX isn't verified",
      "check whether forwarding is set up properly on the domain",
    ],
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
    asks: [
      "did the forwarded email to info@bakery.com arrive", "show the forwarding logs for the domain",
      "client says emails to sales@ never reached their Gmail, check the log", "which forwarded messages failed",
      "recent forwarded mail for mapleyoga.com", "history of forwarded emails",
      "were any forwards rejected or bounced", "forwarding delivery events for this week",
      "my customer says they emailed us but nothing came through, was it forwarded?",
      "forwarding activity log for thecoffeeloft.com", "which forwarded emails bounced this week",
      "did anything get forwarded to my gmail yesterday?",
      "forwarded mail rejected by Gmail? show the relay activity", "delivery history of redirected mail",
      "did the forwarded mail for harborcafe.com get through",
      "client says mail sent to hello@thecoffeecart.com never reaches her — show me what the forwarder did with it",
      "orders@ on the bakery domain got nothing yesterday. did the forwarded emails actually go through?",
      "did the email sent to sales@ironclad-fitness.com last night actually get forwarded on?",
      "forwarding history for hello@sunnyacresfarm.com",
    ],
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
    asks: [
      "turn off email forwarding for bakery.com", "the client moved to Google Workspace, disable forwarding",
      "stop forwarding all mail on the domain", "shut down the email forwarding service for mapleyoga.com",
      "deactivate forwarding entirely", "we don't need forwarding on this domain anymore, remove it",
      "kill mail forwarding", "disable forwarders for the whole domain",
      "we're moving our emails to Microsoft 365, turn off the forwarding on the domain",
      "switch off the forwarding service on pinecrestdental.com",
      "deactivate the domain's forwarding feature altogether", "stop redirecting mail for this whole domain",
      "we have real mailboxes now, we don't need the redirect service", "forwarding off for the whole domain please",
      "stop all email forwarding on oldbakery.net", "turn off email forwarding completely on oldtownpizza.net",
      "turn off all email forwarding for summitcycles.com, they got Google Workspace now",
      "Client moved to real mailboxes — shut off forwarding on the entire domain pls",
    ],
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
    asks: [
      "what email forwards are set up on bakery.com", "list the forwarders for the domain", "where does info@ go",
      "show all email aliases for mapleyoga.com", "which addresses forward to which inboxes",
      "what forwarding addresses do we have", "list forwarding rules",
      "who receives mail sent to the domain's addresses",
      "which email addresses do we have on the domain and where do they go?", "forwarding aliases for fernhollow.com",
      "show me the redirect list for our email addresses", "does contact@ forward anywhere?",
      "how many aliases are set up on the domain", "who gets the mail sent to support@",
      "show me the forwarding aliases on acme.com", "what email forwards exist on mapleyoga.com",
      "what forwarding addresses exist on tidewaterdental.com?",
      "what email aliases do we forward on tallpinesgolf.com?", "where does contact@ go for the bakery's domain?",
    ],
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
    asks: [
      "forward info@bakery.com to owner@gmail.com", "create a new forwarder for sales@",
      "set up hello@mapleyoga.com to go to two people", "add an email alias that sends to my Outlook",
      "make orders@ forward to the shop manager", "new email forward please",
      "I want billing@ to land in my personal inbox", "create a catch address that forwards to the team",
      "set up a new email address for our shop that just goes to the email on my phone",
      "new alias jobs@ → the HR manager's personal inbox", "redirect bookings@ to both owners",
      "can you make a press@ address for willowbakes.com that lands in my inbox",
      "add a forwarding address for the new hire", "route invoices@ to our accountant",
      "create an email alias forward", "my client wants info@ forwarded to her gmail",
      "info@juniperdental.com should land in dr.kim@gmail.com", "forward info@tidalwavesurf.com to owner's gmail",
      "make a new alias sales@ that goes to both mike and jess",
    ],
    input: { domain_id: DomainId, name: LocalPart, recipients: Recipients },
    effect: "write",
    render: renderRow(aliasRow),
  }),
  defineOperation({
    name: "update_email_forward",
    toolset: "email",
    method: "PUT",
    path: "/domain/{domain_id}/email-forwards/{alias_id}",
    summary: "Change an alias's address or recipients (replaces the list)",
    words: "change where an address forwards edit alias recipients redirect to another mailbox add recipient",
    asks: [
      "change where info@bakery.com forwards to", "add Sarah to the sales@ forwarder",
      "the manager left, update the recipients of orders@", "rename the alias from hello@ to contact@",
      "edit the forward so it goes to the new gmail", "replace the recipient list on this forwarder",
      "update the forwarding address", "remove Bob from the support@ forward",
      "emails to info@ should now go to the new office manager instead", "change the destination of support@",
      "swap the recipients on the forward", "our bookkeeper changed, point billing@ at her new address",
      "add a second inbox to the existing alias on coastalkayak.com", "modify the forwarding target",
      "also send sales@ to the new manager's inbox",
      "sales@northwindgear.com goes to jill right now, change it to marcus@northwindgear.co",
      "info@ should forward to kim.reyes@gmail.com instead of bob now",
      "edit where the sales@ alias on redfernmusic.com goes",
    ],
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
    asks: [
      "delete the info@bakery.com forward", "remove the sales@ alias",
      "we don't use that forwarder anymore, get rid of it", "stop forwarding old@mapleyoga.com",
      "delete this email forwarding rule", "remove the forward for the ex-employee's address", "kill the jobs@ alias",
      "delete an email forward", "the intern has left, remove the address that forwards to her",
      "drop the careers@ redirect", "get rid of the alias nobody uses",
      "delete a forwarding address on brightsmiles.com", "remove the promo@ forward, the campaign is over",
      "mail to events@ shouldn't be passed on anymore, delete that alias",
      "remove the jobs@ forward, position is filled", "delete the jobs@ forward on pawsvet.com",
      "remove the info@ forward on greenleaflandscaping.co, nobody reads it",
      "Jenna quit. delete her jenna@ address that forwards to her personal gmail",
    ],
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
    asks: [
      "what's the mailgun setup for bakery.com", "show the mailgun DNS records I need to add",
      "is the mailgun sending domain verified", "mailgun status for mapleyoga.com",
      "what SPF and DKIM records does mailgun want", "check the transactional email sending zone",
      "is the domain ready to send via mailgun", "show mailgun zone details",
      "is the thing that sends our website emails set up properly?",
      "mailgun domain state and required DNS records for redwoodcellars.com",
      "what records do I add at the registrar so the site can send email",
      "sending domain config and DNS for the shop", "has mailgun been configured for this domain",
      "which DKIM key and SPF include does the sending zone use", "is mailgun verified for florist.co",
      "what DNS entries does mailgun need for harborlightsdental.com, and is it verified yet?",
      "show mailgun sending config for the domain",
    ],
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
    asks: [
      "set up mailgun for bakery.com", "create a sending domain so the site's emails stop going to spam",
      "WooCommerce order emails aren't delivering, set up mailgun", "add a mailgun zone for mail.mapleyoga.com",
      "configure transactional email for the domain", "create mailgun dns records", "new mailgun sending domain",
      "get the domain set up to send email properly with SPF/DKIM",
      "our website emails keep landing in junk, can you set up proper email sending for the domain?",
      "provision a mailgun sending domain on mg.tidewaterlaw.com", "register the domain with mailgun and add the DNS",
      "set up the email delivery service so contact form messages get through",
      "new sending zone for the domain so WordPress mail is authenticated",
      "enable authenticated sending via mailgun",
      "set up mailgun so the woocommerce order emails actually get delivered",
      "set up mailgun sending for harborviewdental.com", "set up transactional sending for mg.harborlightsyoga.com",
      "set up a mailgun sending domain for cobblestonecafe.com",
      "woo order emails keep landing in spam, set up proper transactional email for the domain",
    ],
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
    asks: [
      "verify the mailgun domain", "I added the DNS records, recheck mailgun",
      "is mailgun happy now? ask it to verify again", "re-verify bakery.com in mailgun",
      "mailgun still says unverified, run the check", "trigger a mailgun DNS verification",
      "check again if the DKIM record propagated", "please retest mailgun setup",
      "I put in the DNS records you gave me, can you check if email sending works now?",
      "recheck mailgun DNS for copperkettle.com", "refresh verification status for the sending domain",
      "the records have propagated, tell mailgun to validate", "mailgun says pending, re-run verification",
      "confirm the sending domain is verified now", "I added the dns, verify the mailgun domain for florist.co",
      "did the mailgun dns records verify yet for harborviewdental?",
      "did the DNS for the sending domain on riversidevet.com check out yet?",
      "check if mailgun sees the dns records for mg.pinecrestdental.com yet",
      "I added the SPF and DKIM records an hour ago, verify the mail domain now",
    ],
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
    asks: [
      "make bakery.com send email through mailgun", "hook the site's SMTP up to mailgun",
      "contact form emails aren't arriving, route wp mail via mailgun", "deploy mailgun SMTP on mapleyoga.com",
      "configure the site to use the mailgun sending domain with from name 'Maple Yoga'",
      "install the smtp settings so WordPress uses mailgun", "switch the site's outgoing mail to mailgun",
      "set up smtp on staging with mailgun", "make my website's contact form emails actually get delivered",
      "configure wp_mail to use mailgun smtp credentials", "connect the site's outgoing email to the sending domain",
      "order receipts from the shop aren't arriving, send them through mailgun",
      "set the from name to 'Old Mill Inn' and route mail through mailgun", "push the smtp config to the live site",
      "push the mailgun smtp settings into the wordpress site",
      "ok it's verified, now push the outgoing mail settings onto the Riverside Vet wordpress",
      "push the mailgun smtp settings into the wordpress site for goldenhourphoto",
      "email sending is set up, now install it on the site so wp emails actually go through mailgun",
    ],
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
    asks: [
      "delete the mailgun zone for bakery.com", "remove mailgun from the domain",
      "we're switching to SendGrid, tear down mailgun", "get rid of the mailgun sending domain",
      "delete mailgun setup", "the client doesn't need transactional mail anymore, remove the zone",
      "remove mapleyoga.com from mailgun", "drop the mailgun domain",
      "we stopped using the email sending service for this domain, remove it", "tear down the sending domain",
      "remove the mailgun DNS zone for sunvalleyhvac.com", "moving to Postmark, delete mailgun for the domain",
      "decommission the mailgun domain, we won't send from it anymore", "unregister the domain from mailgun",
      "remove mailgun from oldbakery.net",
      "we don't need Mailgun on harborviewdental.com anymore, remove the sending setup",
      "disconnect mailgun from bluefinsurf.shop",
    ],
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
    asks: [
      "did the password reset email go out to jane@example.com", "show mailgun delivery logs for bakery.com",
      "which emails failed to send", "client says order confirmations aren't arriving, check the mail log",
      "mailgun events for the last day", "were the emails opened", "list bounced messages from the site",
      "sent email history for mapleyoga.com", "did my website actually send the order confirmation to my customer?",
      "mailgun logs: delivered and failed for lakeshoremarina.com", "check if jane got the invoice email",
      "were any messages rejected today", "email activity log for the site",
      "how many emails were delivered vs failed this week", "mailgun events for a domain",
      "contact form emails from westendyoga.com aren't arriving — can I see the outgoing mail log?",
      "was the password reset email to tom@acme.co delivered or did it bounce?",
    ],
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
    asks: [
      "which addresses is mailgun blocking", "show the bounce list", "who has unsubscribed",
      "list spam complaints in mailgun", "is customer@gmail.com on the suppression list",
      "why is mailgun not sending to this person", "show mailgun suppressions for bakery.com",
      "addresses that bounced and are now blocked", "a customer says they never get our emails, are they blocked?",
      "mailgun bounces for brewhouse.com", "which recipients are suppressed",
      "list of opt-outs mailgun is honoring for the domain", "list addresses that marked us as spam",
      "is anyone on the do-not-send list", "which addresses bounced or unsubscribed on the florist domain",
      "which addresses are bouncing for mail sent from tallpines?",
      "which addresses have bounced on the store domain? show me the bounce list",
      "list people who marked northstar order emails as spam",
    ],
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
    asks: [
      "remove jane@example.com from the bounce list", "unblock this address in mailgun",
      "the customer fixed their mailbox, let mailgun send to them again", "take the address off the unsubscribe list",
      "clear the suppression for bob@mapleyoga.com", "delete a mailgun bounce entry",
      "mailgun won't email my client, unsuppress them", "remove a complaint suppression",
      "a customer says they stopped getting our emails, take them off the blocked list",
      "whitelist this recipient again", "purge the bounce record for tom@foxglovefarm.com",
      "re-enable sending to an address that bounced", "she unsubscribed by accident, let her get our mail again",
      "lift the block on an address mailgun stopped mailing", "unblock jane@example.com, she's on the bounce list",
      "jenny@acmeplumbing.com ended up blocked from getting kettlecreek's emails after a bounce, please unblock her",
      "emails to orders@kettleandco.com keep getting blocked because it bounced once last month, unblock that address",
      "customer says she hit unsubscribe by accident and now gets no receipts from shopnorthstar.com — can you let her emails through again?",
      "a customer's emails keep bouncing, take orders@pinebrook.com off the mailgun suppression list",
    ],
    input: { domain_id: DomainId, type: SuppressionType, address: email("Address") },
    query: ["address"],
    effect: "write",
    idempotent: true,
  }),
];
