/**
 * Simulated domains and registrar: the domain list and detail, add/delete, account links, and a registrar (lock,
 * WHOIS privacy, contacts, nameservers, auth code) for domains that have a provider_id. Registrar state lives in
 * req.state.ext("registrar"); the lock/privacy GETs change it (docs/api/NOTES.md §10). Zone-file parsing (/domains/import) too.
 */
import { phpFatal, requireDomain } from "../guards.js";
import { WpError, type Router, type SimRequest } from "../router.js";
import { s } from "../shapes.js";
import { canAccessDomain, canAccessSite, isAdmin, visibleDomains, type SimDomain, type SimState } from "../state.js";
import { createZone, deleteZone, NAMESERVERS } from "./dns.js";
import { mailDetails, removeMail } from "./email.js";

type Contact = Record<string, string>;

export interface Registrar {
  locked: "on" | "off";
  whois_privacy: "on" | "off";
  status: string;
  nameservers: string[];
  contacts: { owner: Contact; admin: Contact; billing: Contact; tech: Contact };
  auth_code: string;
  auto_renew: boolean;
}

function seedRegistrar(d: SimDomain): Registrar {
  const owner: Contact = {
    first_name: "Bob",
    last_name: "Smith",
    org_name: "",
    email: `bob@${d.name}`,
    phone: "+1.5555555555",
    address1: "1 Main St",
    address2: "",
    city: "Town",
    state: "PA",
    postal_code: "12345",
    country: "US",
  };
  return {
    locked: "on",
    whois_privacy: "on",
    status: "registered",
    nameservers: [...NAMESERVERS],
    contacts: { owner, admin: { ...owner }, billing: { ...owner }, tech: { ...owner } },
    auth_code: `Xy7#pQ2!${d.domain_id}k9`,
    auto_renew: true,
  };
}

/** Registrar rows by domain_id, for domains registered through a provider. */
export function registrar(state: SimState): Map<number, Registrar> {
  return state.ext("registrar", () => {
    const map = new Map<number, Registrar>();
    for (const d of state.domains) if (d.provider_id) map.set(d.domain_id, seedRegistrar(d));
    return map;
  });
}

function registrarOf(state: SimState, d: SimDomain): Registrar | undefined {
  if (!d.provider_id) return undefined;
  const map = registrar(state);
  if (!map.has(d.domain_id)) map.set(d.domain_id, seedRegistrar(d));
  return map.get(d.domain_id);
}

const NO_REMOTE = { errors: ["No remote domain found."] };

/** Activity entries written by the auth-code route (docs/api/NOTES.md §10). */
export function domainActivity(state: SimState): { domain_id: number; user_id: number; action: string }[] {
  return state.ext("domain_activity", () => []);
}

export function domainListRow(d: SimDomain) {
  return { domain_id: d.domain_id, remote_id: d.remote_id, provider_id: d.provider_id, name: d.name, status: d.status, price: d.price };
}

/** GET /domain/{id}: registrar data, accounts, sites of those accounts per environment, mail details. */
export function domainShape(state: SimState, d: SimDomain) {
  const reg = registrarOf(state, d);
  return {
    provider: reg
      ? {
          domain: d.name,
          nameservers: reg.nameservers.map((value) => ({ value })),
          contacts: reg.contacts,
          locked: reg.locked,
          whois_privacy: reg.whois_privacy,
          status: reg.status,
        }
      : NO_REMOTE,
    accounts: d.account_ids.map((id) => ({ account_id: s(id), name: state.accounts.find((a) => a.account_id === id)?.name ?? "" })),
    provider_id: d.provider_id,
    connected_sites: state.sites
      .filter((site) => site.status === "active" && d.account_ids.includes(site.customer_id))
      .flatMap((site) => ["Production", "Staging"].map((environment) => ({ id: site.site_id, name: site.name, environment }))),
    details: mailDetails(state, d),
  };
}

function findDomain(state: SimState, id: number): SimDomain | undefined {
  return state.domains.find((d) => d.domain_id === id);
}

// ---------- BIND zone-file parsing for /domains/import ----------

function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"' && line[i - 1] !== "\\") quoted = !quoted;
    if (line[i] === ";" && !quoted) return line.slice(0, i);
  }
  return line;
}

export function parseZone(domainName: string, zone: string): { name: string; type: string; value: string }[] {
  let origin = `${domainName.replace(/\.$/, "")}.`;
  const out: { name: string; type: string; value: string }[] = [];
  // Join parenthesised continuations (SOA) into one line.
  const joined: string[] = [];
  let buffer = "";
  let depth = 0;
  for (const raw of zone.split(/\r?\n/)) {
    const line = stripComment(raw);
    depth += (line.match(/\(/g) ?? []).length - (line.match(/\)/g) ?? []).length;
    buffer = buffer ? `${buffer} ${line.trim()}` : line;
    if (depth <= 0) {
      joined.push(buffer.replace(/[()]/g, " "));
      buffer = "";
      depth = 0;
    }
  }
  let last = "";
  for (const line of joined) {
    if (!line.trim()) continue;
    const dollar = /^\$(ORIGIN|TTL)\s+(\S+)/i.exec(line.trim());
    if (dollar) {
      if (dollar[1]!.toUpperCase() === "ORIGIN") origin = dollar[2]!.endsWith(".") ? dollar[2]! : `${dollar[2]}.${origin}`;
      continue;
    }
    const tokens = line.trim().match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
    let owner = /^\s/.test(line) ? last : tokens.shift()!;
    last = owner;
    while (tokens.length && (/^\d+$/.test(tokens[0]!) || /^(IN|CH|HS)$/i.test(tokens[0]!))) tokens.shift();
    const type = (tokens.shift() ?? "").toUpperCase();
    if (!type) throw phpFatal("zone line without a type");
    if (type === "SOA") continue;
    if (owner === "@") owner = "";
    else if (owner.endsWith(".")) owner = owner === origin ? "" : owner.endsWith(`.${origin}`) ? owner.slice(0, -origin.length - 1) : owner;
    let value = tokens.join(" ");
    if (type === "TXT" || type === "SPF") {
      value = tokens.map((t) => t.replace(/^"|"$/g, "")).join("");
      if (!value) continue;
    }
    out.push({ name: owner, type, value });
  }
  return out;
}

// ---------- routes ----------

function domainForRegistrar(req: SimRequest): { domain: SimDomain; reg: Registrar | undefined } {
  const domain = requireDomain(req);
  return { domain, reg: registrarOf(req.state, domain) };
}

export function register(router: Router): void {
  router.get("/domains", "login", (req) => {
    const list = isAdmin(req.user) ? [...req.state.domains] : visibleDomains(req.state, req.user);
    return list.sort((a, b) => a.name.localeCompare(b.name)).map(domainListRow);
  });

  router.get("/domain/{domain_id}", "login", (req) => domainShape(req.state, requireDomain(req)));

  // Validation failures are HTTP 200 {errors:[…]} (docs/api/NOTES.md §4).
  router.post("/domains", "login", (req) => {
    const name = String(req.param("name") ?? "").trim().toLowerCase();
    if (!name) return { errors: ["Domain can't be empty."] };
    let accountId: number | undefined;
    const siteId = req.param("site_id");
    if (isAdmin(req.user) && req.param("account_id")) accountId = Number(req.param("account_id"));
    else {
      if (!siteId) return { errors: [isAdmin(req.user) ? "Account can't be empty." : "Website must be selected."] };
      if (!canAccessSite(req.state, req.user, Number(siteId))) return { errors: ["Permission denied for selected site."] };
      accountId = req.state.sites.find((site) => site.site_id === Number(siteId))!.customer_id;
    }
    if (req.state.domains.some((d) => d.name === name)) return { errors: ["Domain has already been added."] };
    const domain: SimDomain = {
      domain_id: Math.max(0, ...req.state.domains.map((d) => d.domain_id)) + 1,
      name,
      remote_id: null,
      provider_id: "",
      status: null,
      price: null,
      account_ids: [accountId!],
      created_at: "2026-11-28 09:00:00",
    };
    req.state.domains.push(domain);
    const remote = req.param("create_dns_zone") === false ? null : createZone(req.state, domain);
    return { name, domain_id: domain.domain_id, remote_id: remote === null ? null : Number(remote) };
  });

  router.delete("/domains/{domain_id}", "login", (req) => {
    const id = Number(req.params.domain_id);
    const domain = findDomain(req.state, id);
    if (!domain && isAdmin(req.user)) throw new WpError("domain_delete_failed", "Domain not found.", 404);
    if (!domain || !canAccessDomain(req.state, req.user, id)) throw new WpError("domain_delete_failed", "Permission denied.", 403);
    const removed = removeMail(req.state, domain);
    if (deleteZone(req.state, domain)) removed.push("dns_zone");
    const reg = registrar(req.state).get(id);
    if (reg) reg.auto_renew = false;
    req.state.domains.splice(req.state.domains.indexOf(domain), 1);
    return { domain_id: id, message: `Deleted domain ${domain.name}`, removed, warnings: [] };
  });

  // Admin route; always answers success, even for unknown ids.
  router.put("/domains/{domain_id}/account", "admin", (req) => {
    const domain = findDomain(req.state, Number(req.params.domain_id));
    const ids = req.param("account_ids");
    if (domain && Array.isArray(ids)) domain.account_ids = ids.map(Number).filter((n) => Number.isInteger(n) && n > 0);
    if (domain && req.param("provider_id") !== undefined) {
      const p = req.param("provider_id");
      domain.provider_id = p === null || p === "" ? "" : String(p);
    }
    return { success: true };
  });

  // lock_{status} and privacy_{status}: state-changing GETs; a status other than on/off is 404 request_invalid.
  const registrarSwitch = (suffix: string, apply: (reg: NonNullable<ReturnType<typeof domainForRegistrar>["reg"]>, on: boolean) => unknown) =>
    router.get(
      `/domain/{domain_id}/${suffix}_{status}`,
      "login",
      (req) => {
        const { reg } = domainForRegistrar(req);
        const status = req.params.status!;
        if (status !== "on" && status !== "off") throw new WpError("request_invalid", "Invalid request.", 404);
        if (!reg) return NO_REMOTE;
        return apply(reg, status === "on");
      },
      { status: "[a-zA-Z0-9-,|_%]+" },
    );

  registrarSwitch("lock", (reg, on) => {
    reg.locked = on ? "on" : "off";
    return { data: { isLocked: on } };
  });
  registrarSwitch("privacy", (reg, on) => {
    reg.whois_privacy = on ? "on" : "off";
    return { data: { privacyLevel: on ? "high" : "public" } };
  });

  // HTTP 200 with a WP_Error body when the domain has no registrar (docs/api/NOTES.md §4); logs an activity entry.
  router.get("/domain/{domain_id}/auth_code", "login", (req) => {
    const { domain, reg } = domainForRegistrar(req);
    if (!reg) return { code: "no_domain", message: "No records", data: { status: 200 } };
    domainActivity(req.state).push({ domain_id: domain.domain_id, user_id: req.user.user_id, action: "auth_code" });
    return reg.auth_code;
  });

  router.post("/domain/{domain_id}/contacts", "login", (req) => {
    const { reg } = domainForRegistrar(req);
    if (!reg) return NO_REMOTE;
    const contacts = req.param("contacts");
    if (!contacts || typeof contacts !== "object" || Array.isArray(contacts)) {
      return { error: "There was a problem updating contacts. Please try again." };
    }
    let changed = false;
    for (const [role, value] of Object.entries(contacts as Record<string, unknown>)) {
      if (!(role in reg.contacts) || !value || typeof value !== "object") continue;
      const next = { ...(value as Contact) };
      const key = role as keyof Registrar["contacts"];
      if (JSON.stringify(next) !== JSON.stringify(reg.contacts[key])) {
        reg.contacts[key] = next;
        changed = true;
      }
    }
    return { response: changed ? "Contacts have been updated." : "No changes found." };
  });

  router.post("/domain/{domain_id}/nameservers", "login", (req) => {
    const { reg } = domainForRegistrar(req);
    if (!reg) return NO_REMOTE;
    const list = req.param("nameservers");
    if (!Array.isArray(list) || list.length === 0 || list.some((n) => typeof n !== "string" || !n)) {
      return { error: "There was a problem updating nameservers. Please try again." };
    }
    reg.nameservers = list.map(String);
    return { response: "Nameservers have been updated." };
  });

  router.post("/domain/{domain_id}/update-site-link", "login", (req) => {
    // WordPress args: site_id required and numeric, checked before the callback.
    const siteId = req.param("site_id");
    if (siteId === undefined || siteId === null) {
      throw new WpError("rest_missing_callback_param", "Missing parameter(s): site_id", 400, { params: ["site_id"] });
    }
    if (!/^\d+$/.test(String(siteId))) {
      throw new WpError("rest_invalid_param", "Invalid parameter(s): site_id", 400, { params: { site_id: "Invalid parameter." } });
    }
    const id = Number(req.params.domain_id);
    if (!canAccessDomain(req.state, req.user, id)) throw new WpError("permission_denied_domain", "You do not have permission to manage this domain.", 403);
    if (!canAccessSite(req.state, req.user, Number(siteId))) throw new WpError("permission_denied_site", "You do not have permission to access this site.", 403);
    const site = req.state.sites.find((x) => x.site_id === Number(siteId))!;
    if (!site.customer_id) throw new WpError("no_customer_account", "The selected site has no customer account.", 400);
    findDomain(req.state, id)!.account_ids = [site.customer_id];
    return { message: "Domain billing account updated successfully." };
  });

  router.post("/domains/import", "login", (req) => {
    if (!req.user.roles.some((r) => ["subscriber", "customer", "editor", "administrator"].includes(r))) {
      throw new WpError("token_invalid", "Invalid Token", 403);
    }
    const zone = req.param("zone");
    const domain = req.param("domain");
    if (typeof zone !== "string" || typeof domain !== "string") {
      throw phpFatal("zone import without zone/domain");
    }
    return parseZone(domain, zone);
  });
}
