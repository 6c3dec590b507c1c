/**
 * Domains and registrar actions. Provider-side ids (the DNS zone's remote id) stay out of the answers: tools take
 * the CaptainCore domain_id and resolve the rest. The transfer auth code is a credential: hidden unless asked for.
 */
import { z } from "zod";
import { InputError } from "../operations/executor.js";
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
    asks: [
      "list my domains", "what domains do we manage", "show all domains on the account", "which domains do I have",
      "find domains with 'bakery' in the name", "domains list", "how many domains are we looking after",
      "show every domain and its registrar", "which web addresses do we own with you?",
      "every domain across all our accounts", "domain inventory", "do we manage any domains with 'yoga' in them",
      "which registrars are our domains at", "give me the list of client domains", "all domains", "list all domains",
      "list every domain we manage", "which domains do we have registered with you guys?",
    ],
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
    asks: [
      "show me the details for bakery.com", "what nameservers is mapleyoga.com using",
      "is the domain locked and is privacy on", "who is the registrant contact on the domain",
      "domain info for bakery.com", "when does the domain expire and who's the registrar",
      "which account and sites is this domain attached to", "look up the domain settings",
      "what's the status of my web address?", "full domain overview: lock, privacy, NS, contacts",
      "registrar lock and whois privacy status for pinehurstgolf.com", "which account owns this domain",
      "check nameservers on the domain", "show contact details and mail zones for the domain",
      "is the transfer lock on for harborcafe.com", "when does bakery.com expire?",
      "when does lakesidemarina.com expire and is it set to auto renew?",
      "show registration details for crescentbakery.com",
    ],
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
    asks: [
      "add bakery.com as a domain", "add a new domain with a DNS zone", "set up mapleyoga.com in domains",
      "add this domain to the client's account", "register the domain in CaptainCore so we can manage DNS",
      "create a domain entry without a dns zone", "new domain for site 482",
      "I want to manage the client's DNS here, add their domain",
      "I just bought a new web address, can you add it to our account?",
      "onboard oakridgechurch.org for dns management", "add a domain but skip the zone",
      "add a newly purchased domain and spin up its DNS zone",
      "we're taking over DNS for the client, add their domain", "add the new domain to site 77",
      "add a new domain to our captaincore", "add freshcutflowers.com to our domains",
      "add the domain ravenwoodlaw.com to our domain list",
      "client just bought thecrumbcorner.com somewhere else, add it here so we can do dns",
    ],
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
    asks: [
      "delete bakery.com from domains", "remove the domain and its dns zone",
      "the client let the domain expire, remove it", "get rid of mapleyoga.com completely", "delete domain",
      "we no longer manage this domain, delete it", "remove the old domain and everything attached",
      "drop the domain record", "we sold the business, remove the web address from our account",
      "purge domain plus zone, mailgun and forwarding", "remove the expired domain along with its email setup",
      "the domain's gone, remove it", "offboard thegreenroom.com", "we no longer need this domain, delete it",
      "delete the domain oldbakery.net entirely", "remove expired domain funrun2023.org from our domain list",
      "we let brewcrewtours.com lapse, delete it from captaincore",
    ],
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
    asks: [
      "assign bakery.com to the Maple account", "change which accounts own this domain",
      "move the domain to another customer account", "set the registrar for the domain",
      "share the domain with two accounts", "the domain is under the wrong client, fix the account",
      "update domain ownership and registrar provider", "attach this domain to account 15",
      "this web address is showing under the wrong customer, move it", "reassign the domain to another account",
      "set registrar provider for sandpiperinn.com", "give both accounts access to the domain",
      "transfer ownership of the domain record to another account",
      "which account should own this domain? set it to Acme Co", "move greenleaf.org under the Greenleaf Inc account",
      "move mapleyoga.com over to the Sunrise Wellness account",
      "westbrookpta.org belongs under the Westbrook Schools client, not ours. move it",
      "move oakparkdental.com over to the new practice owner's account",
      "assign the domain bluefinsurf.com to Bluefin Holdings",
    ],
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
    asks: [
      "lock bakery.com", "unlock the domain so the client can transfer it", "turn on transfer lock",
      "client is moving to GoDaddy, remove the registrar lock", "enable domain lock on mapleyoga.com",
      "disable the transfer lock", "protect the domain from being transferred", "is it safe to unlock? do it",
      "make sure nobody can steal my web address", "re-enable registrar lock", "unlock for transfer out",
      "set clientTransferProhibited on oldtownpizza.com", "the new registrar says the domain is locked, unlock it",
      "re-lock the domain now that the transfer was cancelled", "lock the domain at the registrar",
      "unlock mapleyoga.com so it can be transferred out",
      "unlock wildflowerweddings.com so it can be transferred out",
      "transfer got cancelled, put the registrar lock back on bayside.net",
    ],
    description: "Unlocking lets it be transferred away: it needs confirm: true after the user agrees.",
    input: {
      domain_id: DomainId,
      status: OnOff,
      confirm: z.literal(true).optional().describe("Must be true to unlock (status off), after the user agreed"),
    },
    effect: "write",
    idempotent: true,
    confirmWhen: (args) => args.status === "off",
    run: async (args, ctx) => {
      if (args.status === "off" && args.confirm !== true) {
        throw new InputError(
          `unlocking domain ${args.domain_id} lets it be transferred to another registrar; ask the user, then call again with confirm: true. Nothing was sent.`,
        );
      }
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
    asks: [
      "turn on whois privacy for bakery.com", "hide the owner's details from whois", "disable domain privacy",
      "the client is getting spam calls, enable privacy on the domain", "make the registrant info public",
      "privacy protection on", "turn off id protect for mapleyoga.com", "mask the domain contact info",
      "I don't want my home address showing up when people look up my domain", "enable whois redaction",
      "the trademark office needs to see our name in whois, expose the contact details",
      "whois privacy off for the domain", "turn on domain privacy for violetstudio.com",
      "the verification needs public whois, disable privacy", "hide the owner's details on the domain registration",
      "turn on whois privacy for freshcutflowers.com",
      "hide the owner's home address from the public whois on kettlecreek.org",
      "my client's home address is showing up in whois for her domain, please hide it",
      "turn off whois privacy for a bit on oakline.com so the trademark lawyer can verify ownership",
    ],
    input: { domain_id: DomainId, status: OnOff },
    effect: "write",
    idempotent: true,
    render: (data, args) => ({ domain_id: args.domain_id, privacy: args.status, registrar_response: data }),
  }),
  defineOperation({
    name: "get_domain_auth_code",
    toolset: "domains",
    method: "GET",
    path: "/domain/{domain_id}/auth_code",
    summary: "Get a domain's transfer (EPP) auth code",
    words: "epp code auth code transfer code move domain to another registrar",
    asks: [
      "get the transfer code for bakery.com", "what's the EPP code",
      "the client wants to transfer the domain away, send me the auth code",
      "I need the authorization code to move mapleyoga.com", "show the domain auth key", "epp key please",
      "give me the domain secret to transfer to Namecheap", "transfer authorization code",
      "the new host is asking for a code to move my domain, where do I get it?", "transfer secret for quailridge.com",
      "authinfo code for the domain", "the receiving registrar wants a transfer key", "what's the transfer password",
      "moving registrars, fetch the code", "get the transfer auth code of a domain",
      "I need the EPP code for sunnydental.com", "client is moving their domain to godaddy, I need the transfer code",
      "client is moving mapleleafdesigns.ca over to GoDaddy and needs the EPP code",
      "client is moving pinewoodcamps.org to GoDaddy and needs the EPP code", "transfer code for rosewoodinn.com",
      "get the transfer code for fishermanswharf.com, they're moving registrars",
      "need the transfer code for mapleleafdental.com, moving it to another registrar",
    ],
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
    asks: [
      "update the registrant contact for bakery.com", "change the whois email on the domain",
      "the client moved, update their address on the domain", "change the admin and tech contacts",
      "update domain contact info to the new owner", "fix the phone number on the domain registration",
      "set the domain contacts to the client's company", "edit whois details",
      "the business changed owners, put the new owner's details on the domain", "update registrant email",
      "change the billing contact", "the registrar says the contact email bounces, update it",
      "set all domain contacts for harborpilates.com to the new office", "change the organization name in whois",
      "update the registrant phone number on sunnydental.com",
      "willowgrovehoa.org registrant should be the new treasurer, Dana Ruiz, dana@willowgrovehoa.org",
      "update the registrant contact info on oakhollowfarm.com — new owner is Rita Alvarez",
      "change whois admin email to hello@brisketbros.com",
    ],
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
    asks: [
      "point bakery.com to Cloudflare nameservers", "change the nameservers", "set ns1 and ns2 for mapleyoga.com",
      "switch the domain's DNS to our nameservers", "update nameservers at the registrar",
      "move dns to Cloudflare: ada.ns.cloudflare.com and bob.ns.cloudflare.com",
      "change the domain's name servers back to default", "set custom nameservers",
      "my new host told me to change my domain's DNS servers to theirs", "delegate the domain to Route 53",
      "set NS records at the registrar", "point riversidedental.com at the new host's nameservers",
      "undo the Cloudflare switch and put the registrar's own nameservers back",
      "delegate DNS to the new host: their ns1 and ns2 go on the domain", "change nameservers",
      "point the domain at cloudflare's nameservers",
      "point quailrun.com at cloudflare: ada.ns.cloudflare.com and bob.ns.cloudflare.com",
      "change nameservers on blueheronbnb.com to cloudflare",
      "client moved DNS to their IT guy, set ns1.hostpro.net and ns2.hostpro.net",
    ],
    description: "Wrong ones take sites and mail offline.",
    input: { domain_id: DomainId, nameservers: z.array(domainName("Host name")).min(2).max(13).describe("Nameservers") },
    effect: "write",
    idempotent: true,
  }),
  defineOperation({
    name: "link_domain_to_site",
    toolset: "domains",
    method: "POST",
    path: "/domain/{domain_id}/update-site-link",
    summary: "Make a site's customer account the domain's only account",
    words: "link domain to site connect domain with site record",
    asks: [
      "link bakery.com to the bakery site", "connect this domain to the site's customer account",
      "the domain belongs to mapleyoga.com's owner, link it", "associate the domain with site 482",
      "make the domain belong only to the site's client", "attach domain to website",
      "tie the domain to the right site's account", "link domain and site",
      "the domain should belong to the same customer as the website",
      "connect the domain with the site owner's account", "link domain to site and drop other accounts",
      "the domain shows under another account, link it to the site", "associate the domain record with a site id",
      "make the site's account the domain's owner for summitroofing.net",
      "link lakesideinn.com to the lakeside site record", "link the domain thecoffeecart.com to the coffee cart site",
      "connect sagebrushspa.com to the Sagebrush Spa site in the dashboard",
      "link the domain wildrosecandles.com to the Wild Rose Candles site",
      "this domain's attached to the wrong website in the dashboard, connect it to site 402 instead",
    ],
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
    asks: [
      "here's the zone file from GoDaddy, turn it into records", "parse this BIND export",
      "read these DNS records from the zone file text", "I exported DNS from Cloudflare, what records are in it",
      "convert a zone file into a list of records before importing", "preview what this zone file would import",
      "parse zone for bakery.com", "check this zone file and show me the records",
      "my old DNS provider gave me a text file of records, what's in it?",
      "dry-run: parse this zone text without importing anything", "turn this $ORIGIN/$TTL text into records",
      "preview records from a Route 53 export", "read the exported DNS text for lunabridal.com",
      "validate a zone file before bringing it in", "read this zone file from godaddy and show the records",
      "import a zone file for the domain, I exported everything from GoDaddy",
      "bring over all the existing dns records from the old provider for lakeviewchiro.com",
    ],
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
