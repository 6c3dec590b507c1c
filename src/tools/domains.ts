/**
 * Domains and registrar actions. Provider-side ids (the DNS zone's remote id) stay out of the answers: tools take
 * the CaptainCore domain_id and resolve the rest. The transfer auth code is a credential: hidden unless asked for.
 */
import { z } from "zod";
import { defineOperation } from "../operations/types.js";
import { AccountId, Domain, DomainId, domainName, Limit, Offset, positiveInt, Search, SiteId } from "../operations/schemas.js";
import { dropEmpty, pageOf } from "../operations/result.js";
import { asArray, matches, stripUi, toId } from "../operations/render.js";
import { REDACTED, renderRow, type Row } from "./shared.js";

const hasValue = (v: unknown) => v !== null && v !== undefined && v !== "";

/** A compact domain row; the provider's zone id is reduced to whether a DNS zone exists. */
export function domainRow(d: Row): Row {
  const row: Row = {
    domain_id: toId(d.domain_id),
    name: d.name,
    dns_zone: hasValue(d.remote_id),
    registrar: hasValue(d.provider_id),
  };
  if (hasValue(d.status)) row.status = d.status;
  if (hasValue(d.price)) row.price = d.price;
  return row;
}

function contactsSummary(contacts: unknown): unknown {
  if (!contacts || typeof contacts !== "object") return undefined;
  const c = contacts as Row;
  const owner = JSON.stringify(dropEmpty(c.owner ?? {}));
  const out: Row = {};
  for (const [role, value] of Object.entries(c)) {
    const compact = dropEmpty(value ?? {});
    if (role !== "owner" && JSON.stringify(compact) === owner) out[role] = "same as owner";
    else if (compact && typeof compact === "object" && Object.keys(compact).length) out[role] = compact;
  }
  return out;
}

function domainDetail(data: unknown, args: { domain_id: number }) {
  const d = stripUi(data) as Row;
  const provider = (d.provider ?? {}) as Row;
  const registrar = Array.isArray(provider.errors)
    ? null
    : dropEmpty({
        domain: provider.domain,
        status: provider.status,
        locked: provider.locked,
        whois_privacy: provider.whois_privacy,
        nameservers: asArray(provider.nameservers).map((n) => (n && typeof n === "object" ? (n as Row).value ?? (n as Row).name : n)),
        contacts: contactsSummary(provider.contacts),
      });
  const sites = new Map<unknown, Row>();
  for (const s of asArray(d.connected_sites) as Row[]) {
    const key = toId(s.id ?? s.site_id);
    const row = sites.get(key) ?? { site_id: key, name: s.name, environments: [] as unknown[] };
    if (s.environment) (row.environments as unknown[]).push(s.environment);
    sites.set(key, row);
  }
  return dropEmpty({
    domain_id: args.domain_id,
    registrar,
    registrar_note: registrar ? undefined : "No registrar linked: lock, privacy, contacts, nameservers and auth code are unavailable.",
    accounts: (asArray(d.accounts) as Row[]).map((a) => ({ account_id: toId(a.account_id), name: a.name })),
    connected_sites: [...sites.values()],
    email: d.details,
  });
}

const CONTACT_FIELDS = [
  "first_name",
  "last_name",
  "org_name",
  "email",
  "phone",
  "address1",
  "address2",
  "city",
  "state",
  "postal_code",
  "country",
];
const ROLES = ["owner", "admin", "tech", "billing"];

/** Field checks as refinements: the JSON schema stays a plain string map. */
function checkContacts(value: Record<string, Record<string, string>>, ctx: z.RefinementCtx): void {
  const roles = Object.keys(value);
  if (!roles.length) ctx.addIssue({ code: "custom", message: "give at least one of owner, admin, tech, billing" });
  for (const role of roles) {
    if (!ROLES.includes(role)) ctx.addIssue({ code: "custom", path: [role], message: `unknown role; use ${ROLES.join(", ")}` });
    const c = value[role]!;
    for (const k of Object.keys(c)) {
      if (!CONTACT_FIELDS.includes(k)) ctx.addIssue({ code: "custom", path: [role, k], message: `unknown field; use ${CONTACT_FIELDS.join(", ")}` });
    }
    if (c.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email)) ctx.addIssue({ code: "custom", path: [role, "email"], message: "an email address" });
    if (c.country && !/^[A-Za-z]{2}$/.test(c.country)) ctx.addIssue({ code: "custom", path: [role, "country"], message: "a two-letter country code such as US" });
    if (c.phone && !/^\+\d{1,3}\.\d{4,14}$/.test(c.phone)) ctx.addIssue({ code: "custom", path: [role, "phone"], message: "registrar format +CC.NUMBER, e.g. +1.5555555555" });
  }
}

const OnOff = z.enum(["on", "off"]);

export const operations = [
  defineOperation({
    name: "list_domains",
    toolset: "domains",
    core: true,
    method: "GET",
    path: "/domains",
    summary: "List the domains this user can see",
    words: "all our domains domain names registrations which domains do we manage",
    description: "Next: get_domain, list_dns_records.",
    input: { search: Search, limit: Limit(50, 500), offset: Offset },
    effect: "read",
    render: (data, args) => {
      const rows = (asArray(data) as Row[]).filter((d) => matches([d.name], args.search)).map(domainRow);
      return pageOf("domains", rows, args);
    },
  }),
  defineOperation({
    name: "get_domain",
    toolset: "domains",
    core: true,
    method: "GET",
    path: "/domain/{domain_id}",
    summary: "Get a domain: registrar lock, privacy, nameservers, contacts; accounts, sites, mail zones",
    words: "domain details registrar lock privacy nameservers contacts expiry",
    input: { domain_id: DomainId },
    effect: "read",
    render: domainDetail,
  }),
  defineOperation({
    name: "create_domain",
    toolset: "domains",
    method: "POST",
    path: "/domains",
    summary: "Add a domain, with a DNS zone unless create_dns_zone is false",
    words: "add a domain new domain to manage",
    description: "Admins give account_id; others site_id.",
    input: {
      name: domainName("Domain name"),
      account_id: AccountId.optional(),
      site_id: SiteId.optional(),
      create_dns_zone: z.boolean().optional().describe("Default true"),
    },
    effect: "write",
    render: renderRow((d) => {
      return { domain_id: toId(d.domain_id), name: d.name, dns_zone: hasValue(d.remote_id) };
    }),
  }),
  defineOperation({
    name: "delete_domain",
    toolset: "domains",
    method: "DELETE",
    path: "/domains/{domain_id}",
    summary: "Delete a domain with its DNS zone, Mailgun and forwarding",
    words: "delete domain remove domain",
    input: { domain_id: DomainId },
    effect: "destructive",
    confirmText: "Sites and mail on it stop resolving; the registration stays.",
  }),
  defineOperation({
    name: "set_domain_accounts",
    toolset: "domains",
    method: "PUT",
    path: "/domains/{domain_id}/account",
    summary: "Set a domain's accounts and registrar (admin)",
    words: "move domain to another account assign domain owner customer registrar",
    input: {
      domain_id: DomainId,
      account_ids: z.array(AccountId).max(50).describe("Replaces current links"),
      provider_id: positiveInt.nullable().optional().describe("Registrar id; null clears"),
    },
    effect: "write",
    idempotent: true,
  }),
  defineOperation({
    name: "set_domain_lock",
    toolset: "domains",
    method: "GET",
    path: "/domain/{domain_id}/lock_{status}",
    summary: "Lock (on) or unlock (off) a domain against transfers",
    words: "lock unlock domain transfer lock registrar lock",
    description: "Unlocking (off) lets it be transferred away: needs confirm: true.",
    input: {
      domain_id: DomainId,
      status: OnOff,
      confirm: z.literal(true).optional(),
    },
    effect: "write",
    idempotent: true,
    confirmWhen: (args) => args.status === "off",
    confirmWhy: (args) => `unlocking domain ${args.domain_id} lets it be transferred to another registrar`,
    run: async (args, ctx) => {
      const data = await ctx.call({});
      return { domain_id: args.domain_id, lock: args.status, registrar_response: data };
    },
  }),
  defineOperation({
    name: "set_domain_privacy",
    toolset: "domains",
    method: "GET",
    path: "/domain/{domain_id}/privacy_{status}",
    summary: "Turn a domain's WHOIS privacy on or off",
    words: "whois privacy hide owner details private registration",
    input: { domain_id: DomainId, status: OnOff, confirm: z.literal(true).optional() },
    effect: "write",
    idempotent: true,
    // Off publishes the owner's name, address, email and phone in WHOIS, where scrapers copy them for good.
    confirmWhen: (args) => args.status === "off",
    confirmWhy: (args) => `turning privacy off publishes the owner's name, address, email and phone for domain ${args.domain_id} in WHOIS`,
    render: (data, args) => ({ domain_id: args.domain_id, privacy: args.status, registrar_response: data }),
  }),
  defineOperation({
    name: "get_domain_auth_code",
    toolset: "domains",
    method: "GET",
    path: "/domain/{domain_id}/auth_code",
    summary: "Get a domain's transfer (EPP) auth code",
    words: "epp code auth code transfer code move domain to another registrar",
    description: "A credential: hidden unless reveal_secrets.",
    input: { domain_id: DomainId },
    effect: "read",
    revealable: true,
    render: (data, args) => {
      if (data === null || data === "") return { domain_id: args.domain_id, auth_code: null, note: "The registrar returned no auth code." };
      if ((args as { reveal_secrets?: boolean }).reveal_secrets === true) return { domain_id: args.domain_id, auth_code: data };
      return { domain_id: args.domain_id, auth_code: REDACTED, note: "An auth code exists. Call again with reveal_secrets: true if the user asked to see it." };
    },
  }),
  defineOperation({
    name: "update_domain_contacts",
    toolset: "domains",
    method: "POST",
    path: "/domain/{domain_id}/contacts",
    summary: "Update a domain's WHOIS contacts (send them complete)",
    words: "whois contacts registrant owner admin contact details address change registrant email phone domain owner info",
    input: {
      domain_id: DomainId,
      contacts: z
        .record(z.string(), z.record(z.string(), z.string().max(200)))
        .superRefine(checkContacts)
        .describe(`owner/admin/tech/billing → {${CONTACT_FIELDS.join(",")}}`),
    },
    effect: "write",
    idempotent: true,
  }),
  defineOperation({
    name: "set_domain_nameservers",
    toolset: "domains",
    method: "POST",
    path: "/domain/{domain_id}/nameservers",
    summary: "Set a domain's nameservers at the registrar",
    words: "change nameservers point domain ns records cloudflare",
    input: { domain_id: DomainId, nameservers: z.array(domainName("Host name")).min(2).max(13).describe("Nameservers") },
    effect: "destructive",
    confirmText: "Points the domain at other DNS servers: wrong ones take its sites and mail offline.",
    idempotent: true,
  }),
  defineOperation({
    name: "link_domain_to_site",
    toolset: "domains",
    method: "POST",
    path: "/domain/{domain_id}/update-site-link",
    summary: "Make a site's customer account the domain's only account",
    words: "link domain to site connect domain with site record",
    input: { domain_id: DomainId, site_id: SiteId },
    effect: "write",
    idempotent: true,
  }),
  defineOperation({
    name: "parse_zone_file",
    toolset: "domains",
    method: "POST",
    path: "/domains/import",
    summary: "Parse BIND zone-file text into records; writes nothing",
    words: "import zone file bind parse records read records from another dns provider",
    description: "Import them with apply_dns_changes (leave out NS rows).",
    input: {
      domain: Domain,
      zone: z.string().min(1).max(1_000_000),
    },
    effect: "read",
    render: (data) => {
      const records = (asArray(data) as Row[]).map((r) => ({ name: r.name === "" ? "@" : r.name, type: r.type, value: r.value }));
      return { records, total: records.length };
    },
  }),
];
