/**
 * Simulated email for domains: inbound forwarding (a Mailgun receiving domain plus routes = aliases, with an event
 * log) and the Mailgun sending zone (state, DNS records, events, suppression lists, SMTP deploy to a site). State per
 * domain in req.state.ext("mail"); forwarding activation writes MX/TXT records into the DNS zone (routes/dns.ts).
 */
import { requireDomain } from "../guards.js";
import { WpError, type Router, type SimRequest } from "../router.js";
import { canAccessDomain, type SimDomain, type SimState } from "../state.js";
import { addRecord, zoneRecords } from "./dns.js";
import { domainShape } from "./domains.js";
import type { Row } from "../../operations/render.js";

export interface Alias {
  id: string;
  name: string;
  recipients: string[];
  created_at: string;
}

interface MailEvent {
  id: string;
  event: string;
  timestamp: number;
  recipient: string;
  message: { headers: { subject: string; from: string } };
  "delivery-status"?: { code: number; message: string };
}

export interface MailState {
  forwarding: { id: string; state: "active" | "unverified" } | null;
  aliases: Alias[];
  forwardLogs: MailEvent[];
  mailgun: {
    zone: string;
    id: string;
    state: "active" | "unverified";
    created_at: string;
    smtp_password: string;
    events: MailEvent[];
    suppressions: Record<string, Row[]>;
  } | null;
}

const SUPPRESSIONS = ["bounces", "unsubscribes", "complaints", "whitelists"];
const DATE = "Wed, 01 Jan 2026 00:00:00 GMT";

function event(id: string, kind: string, timestamp: number, recipient: string, subject: string, from: string, failure?: string): MailEvent {
  const e: MailEvent = { id, event: kind, timestamp, recipient, message: { headers: { subject, from } } };
  if (failure) e["delivery-status"] = { code: 550, message: failure };
  return e;
}

function seed(state: SimState, d: SimDomain): MailState {
  if (d.domain_id !== 1) return { forwarding: null, aliases: [], forwardLogs: [], mailgun: null };
  const smtp_password = `mg-smtp-${d.domain_id}-7f3a9c2e5b1d`;
  state.ext<string[]>("secrets", () => []).push(smtp_password);
  return {
    forwarding: { id: "65f0c0ffee01", state: "active" },
    aliases: [{ id: "5f1e2d3c4b5a", name: "info", recipients: ["owner@gmail.test"], created_at: DATE }],
    forwardLogs: [
      event("f1", "accepted", 1767225600.123, `info@${d.name}`, "Order question", "customer@example.org"),
      event("f2", "delivered", 1767225601.5, `info@${d.name}`, "Order question", "customer@example.org"),
      event("f3", "failed", 1767229200.2, `info@${d.name}`, "Spam offer", "spam@example.net", "Mailbox full"),
    ],
    mailgun: {
      zone: `mg.${d.name}`,
      id: "abc123mg",
      state: "active",
      created_at: DATE,
      smtp_password,
      events: [
        event("m1", "delivered", 1767225600.1, "user@example.org", "Welcome", `shop@mg.${d.name}`),
        event("m2", "failed", 1767225700.4, "gone@example.org", "Your receipt", `shop@mg.${d.name}`, "No such mailbox"),
        event("m3", "opened", 1767225800.9, "user@example.org", "Welcome", `shop@mg.${d.name}`),
      ],
      suppressions: {
        bounces: [{ address: "gone@example.org", code: "550", error: "No such mailbox", created_at: "Wed, 01 Jan 2026 00:00:00 UTC" }],
        unsubscribes: [{ address: "bye@example.org", tags: ["*"], created_at: "Wed, 01 Jan 2026 00:00:00 UTC" }],
        complaints: [],
        whitelists: [],
      },
    },
  };
}

/** Mail state by domain_id. */
export function mailState(state: SimState, d: SimDomain): MailState {
  const map = state.ext("mail", () => new Map<number, MailState>());
  if (!map.has(d.domain_id)) map.set(d.domain_id, seed(state, d));
  return map.get(d.domain_id)!;
}

/** The `details` of GET /domain/{id}. */
export function mailDetails(state: SimState, d: SimDomain): Row {
  const m = mailState(state, d);
  const details: Row = {};
  if (m.mailgun) Object.assign(details, { mailgun_zone: m.mailgun.zone, mailgun_id: m.mailgun.id });
  if (m.forwarding) details.mailgun_forwarding_id = m.forwarding.id;
  return details;
}

/** Tears down mail for DELETE /domains/{id}; returns what was removed. */
export function removeMail(state: SimState, d: SimDomain): string[] {
  const m = mailState(state, d);
  const removed: string[] = [];
  if (m.mailgun) removed.push("mailgun");
  if (m.forwarding) removed.push("email_forwarding");
  Object.assign(m, { forwarding: null, aliases: [], forwardLogs: [], mailgun: null });
  return removed;
}

function aliasShape(d: SimDomain, a: Alias) {
  const catchAll = a.name === "*" || a.name === "";
  return {
    id: a.id,
    name: a.name,
    recipients: a.recipients,
    description: `Email forward: ${catchAll ? "*" : a.name}@${d.name}`,
    created_at: a.created_at,
    domain: d.name,
    expression: catchAll ? `match_recipient(".*@${d.name}")` : `match_recipient("${a.name}@${d.name}")`,
    priority: catchAll ? 100 : 0,
  };
}

function recipientsFrom(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [];
  return list
    .map((r) => (r && typeof r === "object" ? (r as Row).address : r))
    .map((r) => String(r ?? "").trim())
    .filter(Boolean);
}

function hex(state: SimState, len = 12): string {
  return (state.nextId("mail_hex") * 2654435761).toString(16).padStart(len, "0").slice(-len);
}

function forwardingRecords(d: SimDomain) {
  return {
    receiving_dns_records: [
      { record_type: "MX", valid: "valid", priority: "10", value: "mxa.mailgun.org" },
      { record_type: "MX", valid: "valid", priority: "10", value: "mxb.mailgun.org" },
    ],
    sending_dns_records: [{ record_type: "TXT", valid: "valid", name: d.name, value: "v=spf1 include:mailgun.org ~all" }],
  };
}

function sendingRecords(zone: string, root: string, valid: string) {
  const rel = zone.endsWith(`.${root}`) ? zone.slice(0, -root.length - 1) : "@";
  return {
    sending_dns_records: [
      { record_type: "TXT", valid, name: rel, original_name: zone, value: "v=spf1 include:mailgun.org ~all" },
      { record_type: "TXT", valid, name: `k1._domainkey.${rel}`, original_name: `k1._domainkey.${zone}`, value: "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC1" },
      { record_type: "CNAME", valid, name: `email.${rel}`, original_name: `email.${zone}`, value: "mailgun.org" },
    ],
    receiving_dns_records: [
      { record_type: "MX", valid, priority: "10", value: "mxa.mailgun.org", name: rel, original_name: zone },
      { record_type: "MX", valid, priority: "10", value: "mxb.mailgun.org", name: rel, original_name: zone },
    ],
  };
}

function filterEvents(events: MailEvent[], filter: unknown, recipient: unknown): MailEvent[] {
  const kinds = typeof filter === "string" && filter.trim() ? filter.split(/\s+OR\s+/i).map((k) => k.trim().toLowerCase()) : undefined;
  return events.filter((e) => (!kinds || kinds.includes(e.event)) && (typeof recipient !== "string" || e.recipient === recipient));
}

/** Mailgun-style events page: the first page holds everything, the next-page URL then answers empty. */
function eventsAnswer(req: SimRequest, zone: string, events: MailEvent[], defaultFilter?: string) {
  const base = `https://api.mailgun.net/v3/${zone}/events`;
  const pageUrl = req.param("page_url");
  const items = pageUrl ? [] : filterEvents(events, req.param("event") ?? defaultFilter, req.param("recipient"));
  return { items, paging: { next: `${base}/W3siYSI6ZmFsc2V9XQ==`, previous: `${base}/W3siYiI6dHJ1ZX1d` } };
}

function domainWith(req: SimRequest, code: "token_invalid" | "permission_denied" = "token_invalid"): SimDomain {
  if (code === "token_invalid") return requireDomain(req);
  const id = Number(req.params.domain_id);
  if (!canAccessDomain(req.state, req.user, id)) throw new WpError("permission_denied", "Permission denied.", 403);
  return req.state.domains.find((d) => d.domain_id === id)!;
}

function activeForwarding(req: SimRequest, d: SimDomain): MailState {
  const m = mailState(req.state, d);
  if (!m.forwarding) throw new WpError("forwarding_not_configured", "Email forwarding is not configured for this domain.", 404);
  return m;
}

/** Helpers used by the alias routes fail without an HTTP status, which WordPress turns into 500 (docs/api/NOTES.md §4). */
function aliasesOf(req: SimRequest, d: SimDomain): MailState {
  const m = mailState(req.state, d);
  if (!m.forwarding) {
    throw WpError.withoutStatus("mailgun_error", "Email forwarding is not active for this domain.", { details: ["No Mailgun routes for this domain."] });
  }
  return m;
}

function mailgunOf(req: SimRequest, d: SimDomain): NonNullable<MailState["mailgun"]> {
  const m = mailState(req.state, d);
  if (!m.mailgun) throw new WpError("mailgun_not_configured", "Mailgun is not configured for this domain.", 404);
  return m.mailgun;
}

export function register(router: Router): void {
  // ---------- forwarding ----------
  router.post("/domain/{domain_id}/activate-forward-email", "login", (req) => {
    const d = requireDomain(req);
    const m = mailState(req.state, d);
    if (m.forwarding) throw WpError.withoutStatus("already_active", "Email forwarding is already active for this domain.");
    const overwrite = req.body.overwrite_mx === true; // get_json_params(): JSON body only
    const records = zoneRecords(req.state, d);
    if (records) {
      const apexMx = records.filter((r) => r.type === "MX" && r.name === "");
      if (apexMx.length && !overwrite) {
        throw new WpError("mx_conflict", "Existing MX records found. Set overwrite_mx to replace them.", 409, {
          existing: apexMx.flatMap((r) => (r.value as Row[]).map((v) => v.server)),
        });
      }
      for (const r of apexMx) records.splice(records.indexOf(r), 1);
      addRecord(req.state, d, {
        type: "MX",
        name: "",
        ttl: 3600,
        value: [
          { server: "mxa.mailgun.org.", priority: 10, enabled: true },
          { server: "mxb.mailgun.org.", priority: 10, enabled: true },
        ],
      });
      if (!records.some((r) => r.type === "TXT" && r.name === "" && JSON.stringify(r.value).includes("mailgun.org"))) {
        addRecord(req.state, d, { type: "TXT", name: "", ttl: 3600, value: [{ value: "v=spf1 include:mailgun.org ~all", enabled: true }] });
      }
    }
    const id = hex(req.state);
    m.forwarding = { id, state: "unverified" };
    return { id, name: d.name, mailgun_domain: { name: d.name, id, state: "unverified" }, has_mx_record: !!records, forwarding_active: true };
  });

  router.get("/domain/{domain_id}/email-forwards", "login", (req) => {
    const d = requireDomain(req);
    return aliasesOf(req, d).aliases.map((a) => aliasShape(d, a));
  });

  router.post("/domain/{domain_id}/email-forwards", "login", (req) => {
    const d = requireDomain(req);
    const m = aliasesOf(req, d);
    const name = String(req.body.name ?? "").trim();
    const recipients = recipientsFrom(req.body.recipients);
    if (!recipients.length) throw WpError.withoutStatus("mailgun_error", "Mailgun: 'action' parameter is invalid");
    const alias: Alias = { id: hex(req.state), name: name === "" ? "*" : name, recipients, created_at: DATE };
    m.aliases.push(alias);
    return aliasShape(d, alias);
  });

  router.put("/domain/{domain_id}/email-forwards/{alias_id}", "login", (req) => {
    const d = requireDomain(req);
    const m = aliasesOf(req, d);
    const alias = m.aliases.find((a) => a.id === req.params.alias_id);
    const name = req.body.name;
    const recipients = req.body.recipients;
    if (name === undefined && recipients === undefined) throw WpError.withoutStatus("no_changes", "No changes provided.");
    if (!alias) throw WpError.withoutStatus("mailgun_error", "Route not found");
    if (typeof name === "string") alias.name = name.trim() === "" ? "*" : name.trim();
    if (recipients !== undefined) alias.recipients = recipientsFrom(recipients);
    const shape = aliasShape(d, alias);
    return {
      message: "Route has been updated",
      id: alias.id,
      priority: shape.priority,
      expression: shape.expression,
      actions: [...alias.recipients.map((r) => `forward("${r}")`), "stop()"],
      description: shape.description,
      created_at: alias.created_at,
    };
  }, { alias_id: "[a-zA-Z0-9-]+" });

  router.delete("/domain/{domain_id}/email-forwards/{alias_id}", "login", (req) => {
    const d = requireDomain(req);
    const m = aliasesOf(req, d);
    const index = m.aliases.findIndex((a) => a.id === req.params.alias_id);
    if (index < 0) return { message: "Route not found" }; // raw Mailgun answer passed through
    m.aliases.splice(index, 1);
    return { message: "Route has been deleted", id: req.params.alias_id };
  }, { alias_id: "[a-zA-Z0-9-]+" });

  router.get("/domain/{domain_id}/email-forwarding/status", "login", (req) => {
    const d = requireDomain(req);
    const m = mailState(req.state, d);
    const verify = req.param("verify");
    if (m.forwarding && verify && verify !== "false" && verify !== "0") m.forwarding.state = "active";
    const records = zoneRecords(req.state, d) ?? [];
    const state = m.forwarding ? m.forwarding.state : "unknown";
    return {
      id: d.name,
      name: d.name,
      has_mx_record: records.some((r) => r.type === "MX" && r.name === "" && JSON.stringify(r.value).includes("mailgun.org")),
      has_txt_record: true,
      forwarding_active: !!m.forwarding,
      mailgun_domain: m.forwarding ? { name: d.name, state } : null,
      ...(m.forwarding ? forwardingRecords(d) : { receiving_dns_records: [], sending_dns_records: [] }),
      state,
    };
  });

  router.get("/domain/{domain_id}/email-forwarding/logs", "login", (req) => {
    const d = requireDomain(req);
    const m = activeForwarding(req, d);
    return eventsAnswer(req, d.name, m.forwardLogs, "stored OR accepted OR delivered OR failed");
  });

  router.delete("/domain/{domain_id}/email-forwarding", "admin", (req) => {
    const d = req.state.domains.find((x) => x.domain_id === Number(req.params.domain_id));
    if (!d) throw new WpError("no_domain", "Domain not found.", 404);
    const m = activeForwarding(req, d);
    m.forwarding = null;
    m.aliases = [];
    return { message: "Email forwarding deleted successfully.", domain: { domain_id: req.params.domain_id, name: d.name, details: mailDetails(req.state, d) } };
  });

  // ---------- Mailgun sending zone ----------
  router.get("/domain/{domain_id}/mailgun", "login", (req) => {
    const d = domainWith(req, "permission_denied");
    const mg = mailgunOf(req, d);
    return {
      domain: { name: mg.zone, id: mg.id, state: mg.state, created_at: mg.created_at, smtp_login: `postmaster@${mg.zone}`, smtp_password: mg.smtp_password },
      ...sendingRecords(mg.zone, d.name, mg.state === "active" ? "valid" : "unknown"),
    };
  });

  router.post("/domain/{domain_id}/mailgun/setup", "login", (req) => {
    const d = requireDomain(req);
    const zone = String(req.param("domain") ?? "").trim().toLowerCase();
    if (!zone) throw new WpError("mailgun_zone_missing", "Mailgun zone name is required.", 400);
    const m = mailState(req.state, d);
    if (m.mailgun) throw new WpError("mailgun_setup_failed", `Mailgun zone ${m.mailgun.zone} already exists.`, 400);
    const smtp_password = `mg-smtp-${d.domain_id}-${hex(req.state)}`;
    req.state.ext<string[]>("secrets", () => []).push(smtp_password);
    m.mailgun = {
      zone,
      id: hex(req.state),
      state: "unverified",
      created_at: DATE,
      smtp_password,
      events: [],
      suppressions: { bounces: [], unsubscribes: [], complaints: [], whitelists: [] },
    };
    const rel = zone.endsWith(`.${d.name}`) ? zone.slice(0, -d.name.length - 1) : "";
    addRecord(req.state, d, { type: "TXT", name: rel, ttl: 3600, value: [{ value: "v=spf1 include:mailgun.org ~all", enabled: true }] });
    addRecord(req.state, d, { type: "CNAME", name: rel ? `email.${rel}` : "email", ttl: 3600, value: [{ value: "mailgun.org.", enabled: true }] });
    return { success: true, message: "Mailgun zone created and DNS records are being added.", domain: domainShape(req.state, d) };
  });

  router.post("/domain/{domain_id}/mailgun/verify", "login", (req) => {
    const d = requireDomain(req);
    const m = mailState(req.state, d);
    if (!m.mailgun) throw new WpError("mailgun_zone_missing", "No Mailgun zone configured for this domain.", 404);
    m.mailgun.state = "active";
    return { domain: { name: m.mailgun.zone, state: "active" }, ...sendingRecords(m.mailgun.zone, d.name, "valid"), message: "Domain DNS records have been updated" };
  });

  // Only domain access is checked; the site is not (docs/api/NOTES.md §10).
  router.post("/domain/{domain_id}/mailgun/deploy", "login", (req) => {
    const d = requireDomain(req);
    const fromName = String(req.param("from_name") ?? "").trim();
    if (!fromName) throw new WpError("from_name_required", "Send From Name is required.", 400);
    const site = req.state.sites.find((x) => x.site_id === Number(req.param("site_id")));
    if (!site) throw new WpError("site_not_found", "Site not found.", 404);
    const m = mailState(req.state, d);
    if (!m.mailgun) throw new WpError("mailgun_deploy_failed", "No Mailgun zone configured for this domain.", 400);
    const env = String(req.param("environment") ?? "production").toLowerCase();
    const target = env === "production" ? site.site : `${site.site}-${env}`;
    site.mailgun = m.mailgun.zone;
    return { success: true, output: `Mailgun SMTP configured on ${target}` };
  });

  router.delete("/domain/{domain_id}/mailgun", "login", (req) => {
    const d = requireDomain(req);
    const m = mailState(req.state, d);
    if (!m.mailgun) return { message: "No Mailgun zone configured." };
    m.mailgun = null;
    return { success: true, message: "Mailgun zone deleted successfully.", domain: domainShape(req.state, d) };
  });

  router.get("/domain/{domain_id}/mailgun/events", "login", (req) => {
    const d = requireDomain(req);
    const mg = mailgunOf(req, d);
    return eventsAnswer(req, mg.zone, mg.events);
  });

  const typePattern = { type: "[a-z]+" };

  router.get("/domain/{domain_id}/mailgun/suppressions/{type}", "login", (req) => {
    const d = requireDomain(req);
    const type = req.params.type!;
    if (!SUPPRESSIONS.includes(type)) throw new WpError("invalid_type", "Invalid suppression type.", 400);
    const mg = mailgunOf(req, d);
    const base = `https://api.mailgun.net/v3/${mg.zone}/${type}`;
    return { items: mg.suppressions[type], paging: { first: `${base}?limit=1000`, next: `${base}?page=next`, previous: `${base}?page=prev`, last: `${base}?page=last` } };
  }, typePattern);

  router.delete("/domain/{domain_id}/mailgun/suppressions/{type}", "login", (req) => {
    const address = req.param("address"); // route arg: required, checked before the callback
    if (address === undefined || address === null) {
      throw new WpError("rest_missing_callback_param", "Missing parameter(s): address", 400, { params: ["address"] });
    }
    const d = requireDomain(req);
    const type = req.params.type!;
    if (!SUPPRESSIONS.includes(type)) throw new WpError("invalid_type", "Invalid suppression type.", 400);
    const mg = mailgunOf(req, d);
    const list = mg.suppressions[type]!;
    const index = list.findIndex((r) => r.address === address);
    if (index < 0) throw new WpError("mailgun_error", `Address not found in ${type} table`, 404);
    list.splice(index, 1);
    const label = { bounces: "Bounced", unsubscribes: "Unsubscribed", complaints: "Spam complaint", whitelists: "Allowlisted" }[type];
    return { message: `${label} address has been removed`, address };
  }, typePattern);
}
