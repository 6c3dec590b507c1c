/**
 * Simulated DNS (Constellix behind CaptainCore): one zone per domain that has a remote_id, Constellix v4 record
 * shapes, WordPress arg validation on the record routes (checked before the permission callback), domain access
 * checked in the permission callback with 403 token_invalid even for anonymous callers, and the bulk route keyed
 * by the zone's remote_id.
 */
import { isIPv4, isIPv6 } from "node:net";
import { phpFatal, requireDomain } from "../guards.js";
import { RawAnswer, WpError, type Router, type SimRequest } from "../router.js";
import { canAccessDomain, isAdmin, type SimDomain, type SimState } from "../state.js";

export interface DnsRecord {
  id: number;
  name: string;
  type: string;
  ttl: number;
  value: unknown;
}

export const NAMESERVERS = ["ns11.constellix.com", "ns21.constellix.com", "ns31.constellix.com"];

const TYPES = ["A", "AAAA", "ANAME", "CNAME", "TXT", "SPF", "MX", "SRV", "HTTP", "NS", "CAA", "PTR"];

function nextRecordId(state: SimState): number {
  return 60146000 + state.nextId("dns_record");
}

function seedZone(state: SimState, d: SimDomain): DnsRecord[] {
  const rec = (type: string, name: string, value: unknown, ttl = 3600): DnsRecord => ({ id: nextRecordId(state), name, type, ttl, value });
  const forwarding = d.domain_id === 1; // acme-shop.test forwards mail through Mailgun (see routes/email.ts)
  return [
    rec("A", "", [{ value: `192.0.2.${10 + d.domain_id}`, enabled: true }]),
    rec("CNAME", "www", [{ value: `${d.name}.`, enabled: true }]),
    forwarding
      ? rec("MX", "", [
          { server: "mxa.mailgun.org.", priority: 10, enabled: true },
          { server: "mxb.mailgun.org.", priority: 10, enabled: true },
        ])
      : rec("MX", "", [
          { server: "aspmx.l.google.com.", priority: 1, enabled: true },
          { server: "alt1.aspmx.l.google.com.", priority: 5, enabled: true },
        ]),
    rec("TXT", "", [{ value: forwarding ? "v=spf1 include:mailgun.org ~all" : "v=spf1 include:_spf.google.com ~all", enabled: true }]),
    rec("TXT", "_dmarc", [{ value: "v=DMARC1; p=none", enabled: true }], 300),
  ];
}

/** Zones by domain_id; a zone exists while its domain has a remote_id. */
export function dnsZones(state: SimState): Map<number, DnsRecord[]> {
  return state.ext("dns_zones", () => {
    const zones = new Map<number, DnsRecord[]>();
    for (const d of state.domains) if (d.remote_id) zones.set(d.domain_id, seedZone(state, d));
    return zones;
  });
}

export function zoneRecords(state: SimState, domain: SimDomain): DnsRecord[] | undefined {
  const zones = dnsZones(state);
  if (!domain.remote_id) return undefined;
  if (!zones.has(domain.domain_id)) zones.set(domain.domain_id, []);
  return zones.get(domain.domain_id);
}

/** Creates an empty zone (Constellix adds SOA/NS itself) and returns the remote id. */
export function createZone(state: SimState, domain: SimDomain): string {
  const zones = dnsZones(state); // seed the existing zones before this one gets a remote id
  if (!domain.remote_id) {
    domain.remote_id = String(200000 + state.nextId("dns_zone"));
    zones.set(domain.domain_id, []);
  }
  return domain.remote_id;
}

export function deleteZone(state: SimState, domain: SimDomain): boolean {
  const had = !!domain.remote_id;
  domain.remote_id = null;
  dnsZones(state).delete(domain.domain_id);
  return had;
}

export function addRecord(state: SimState, domain: SimDomain, rec: Omit<DnsRecord, "id">): DnsRecord | undefined {
  const records = zoneRecords(state, domain);
  if (!records) return undefined;
  const row = { id: nextRecordId(state), ...rec };
  records.push(row);
  return row;
}

// ---------- Constellix-side checks (what the provider refuses) ----------

const HOST = /^(?=.{1,253}\.?$)[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9])?)*\.?$/;

function constellixError(message: string, field = "value"): WpError {
  return new WpError("constellix_error", message, 400, {
    details: { errors: [`${field}: ${message}`], statusCode: 422 },
  });
}

/** Normalises a value the way the plugin does and validates it the way Constellix does. */
export function constellixValue(type: string, value: unknown): unknown {
  if (type === "HTTP") {
    const url = typeof value === "string" ? value : value && typeof value === "object" ? (value as { url?: unknown }).url : undefined;
    if (typeof url !== "string" || !/^https?:\/\//.test(url)) throw constellixError("A valid URL is required.");
    return { url, redirectTypeId: 301 };
  }
  if (!Array.isArray(value) || value.length === 0) throw constellixError("The value must be a non-empty list.");
  return value.map((raw, i) => {
    const v = (raw && typeof raw === "object" ? raw : { value: raw }) as Record<string, unknown>;
    const enabled = v.enabled === undefined ? true : v.enabled !== false;
    const field = `value.${i}`;
    switch (type) {
      case "MX":
        if (typeof v.server !== "string" || !HOST.test(v.server)) throw constellixError("The server must be a valid hostname.", `${field}.server`);
        if (!Number.isInteger(v.priority) || (v.priority as number) < 0 || (v.priority as number) > 65535) throw constellixError("The priority must be an integer between 0 and 65535.", `${field}.priority`);
        return { server: v.server, priority: v.priority, enabled };
      case "SRV":
        if (typeof v.host !== "string" || !HOST.test(v.host)) throw constellixError("The host must be a valid hostname.", `${field}.host`);
        for (const k of ["priority", "weight", "port"]) {
          if (!Number.isInteger(v[k]) || (v[k] as number) < 0 || (v[k] as number) > 65535) throw constellixError(`The ${k} must be an integer between 0 and 65535.`, `${field}.${k}`);
        }
        return { host: v.host, priority: v.priority, weight: v.weight, port: v.port, enabled };
      default: {
        const text = v.value;
        if (typeof text !== "string" || text === "") throw constellixError("The value field is required.", `${field}.value`);
        if (type === "A" && !isIPv4(text)) throw constellixError("The value must be a valid IPv4 address.", `${field}.value`);
        if (type === "AAAA" && !isIPv6(text)) throw constellixError("The value must be a valid IPv6 address.", `${field}.value`);
        if ((type === "CNAME" || type === "ANAME") && (!HOST.test(text) || /^[\d.]+$/.test(text))) throw constellixError("The value must be a valid hostname.", `${field}.value`);
        return { value: text, enabled };
      }
    }
  });
}

// ---------- WordPress route args (validated before the permission callback) ----------

function missingParams(req: SimRequest, names: string[]): void {
  const missing = names.filter((n) => req.param(n) === undefined || req.param(n) === null);
  if (missing.length) {
    throw new WpError("rest_missing_callback_param", `Missing parameter(s): ${missing.join(", ")}`, 400, { params: missing });
  }
}

/** WordPress "integer" args accept integers and integer-looking strings. */
function integerParam(req: SimRequest, name: string, fallback?: number): number {
  const raw = req.param(name);
  if (raw === undefined && fallback !== undefined) return fallback;
  const ok = (typeof raw === "number" && Number.isInteger(raw)) || (typeof raw === "string" && /^-?\d+$/.test(raw));
  if (!ok) {
    const message = `${name} is not of type integer.`;
    throw new WpError("rest_invalid_param", `Invalid parameter(s): ${name}`, 400, {
      params: { [name]: message },
      details: { [name]: { code: "rest_invalid_type", message, data: { param: name } } },
    });
  }
  return Number(raw);
}

/** The custom permission callback of the record routes: no access (or no user) → 403 token_invalid. */
function dnsDomain(req: SimRequest): SimDomain {
  if (!req.user) throw new WpError("token_invalid", "Invalid Token", 403);
  return requireDomain(req);
}

function zoneOr404(req: SimRequest, domain: SimDomain): DnsRecord[] {
  const records = zoneRecords(req.state, domain);
  if (!records) throw new WpError("no_zone", "Domain does not have a DNS zone.", 404);
  return records;
}

function recordFrom(req: SimRequest, ttl: number, id: number): DnsRecord {
  const type = String(req.param("type")).toUpperCase();
  if (!TYPES.includes(type)) throw constellixError(`Record type ${type} is not supported.`, "type");
  return { id, type, name: String(req.param("name")), ttl, value: constellixValue(type, req.param("value")) };
}

const wire = (r: DnsRecord) => ({ id: r.id, name: r.name, type: r.type, ttl: r.ttl, value: r.value });

function zoneFile(domain: SimDomain, records: DnsRecord[]): string {
  const lines = [
    `$ORIGIN ${domain.name}.`,
    "$TTL 3600",
    `@ IN SOA ${NAMESERVERS[0]}. dns.constellix.com. 2026010101 43200 3600 1209600 180`,
    ...NAMESERVERS.map((ns) => `@ IN NS ${ns}.`),
  ];
  for (const r of records) {
    const name = r.name === "" ? "@" : r.name;
    for (const v of (Array.isArray(r.value) ? r.value : [r.value]) as Record<string, unknown>[]) {
      if (r.type === "MX") lines.push(`${name} ${r.ttl} IN MX ${v.priority} ${v.server}`);
      else if (r.type === "SRV") lines.push(`${name} ${r.ttl} IN SRV ${v.priority} ${v.weight} ${v.port} ${v.host}`);
      else if (r.type === "TXT" || r.type === "SPF") lines.push(`${name} ${r.ttl} IN ${r.type} "${String(v.value)}"`);
      else if (["A", "AAAA", "CNAME"].includes(r.type)) lines.push(`${name} ${r.ttl} IN ${r.type} ${String(v.value)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function register(router: Router): void {
  router.get("/dns/{domain_id}", "public", (req) => {
    const domain = dnsDomain(req);
    const records = zoneOr404(req, domain);
    const sorted = [...records].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    return { records: sorted.map(wire), nameservers: NAMESERVERS };
  });

  router.post("/dns/{domain_id}/records", "public", (req) => {
    missingParams(req, ["type", "name", "value"]);
    const ttl = integerParam(req, "ttl", 3600);
    const domain = dnsDomain(req);
    const records = zoneOr404(req, domain);
    const record = recordFrom(req, ttl, nextRecordId(req.state));
    records.push(record);
    return new RawAnswer(201, JSON.stringify({ data: wire(record) }), { "content-type": "application/json; charset=UTF-8" });
  });

  router.put("/dns/{domain_id}/records/{record_id}", "public", (req) => {
    missingParams(req, ["type", "name", "value", "ttl"]);
    const ttl = integerParam(req, "ttl");
    const domain = dnsDomain(req);
    const records = zoneOr404(req, domain);
    const index = records.findIndex((r) => r.id === Number(req.params.record_id));
    if (index < 0) throw constellixError("Record not found.", "id");
    const record = recordFrom(req, ttl, records[index]!.id);
    records[index] = record;
    return { data: wire(record) };
  });

  router.delete("/dns/{domain_id}/records/{record_id}", "public", (req) => {
    const domain = dnsDomain(req);
    const records = zoneOr404(req, domain);
    const index = records.findIndex((r) => r.id === Number(req.params.record_id));
    if (index < 0) throw constellixError("Record not found.", "id");
    records.splice(index, 1);
    return { message: "Record deleted successfully." };
  });

  // The path id is the zone's remote_id, not the domain id (docs/api/NOTES.md §9).
  router.post("/dns/{domain_id}/bulk", "login", (req) => {
    const remote = req.params.domain_id!;
    const domain = req.state.domains.find((d) => d.remote_id === remote);
    if (domain ? !canAccessDomain(req.state, req.user, domain.domain_id) : !isAdmin(req.user)) {
      throw new WpError("permission_denied", "Permission denied.", 403);
    }
    const updates = req.param("record_updates");
    if (!Array.isArray(updates)) return [];
    const records = domain ? zoneRecords(req.state, domain) : undefined;
    const out: unknown[] = [];
    for (const u of updates as Record<string, unknown>[]) {
      const status = u.record_status;
      const type = String(u.record_type ?? "").toUpperCase();
      const recordId = Number(u.record_id);
      try {
        if (!records) throw constellixError("Domain not found.", "domain");
        if (status === "new-record") {
          if (!TYPES.includes(type)) throw constellixError(`Record type ${type} is not supported.`, "type");
          const rec: DnsRecord = {
            id: nextRecordId(req.state),
            type,
            name: String(u.record_name ?? ""),
            ttl: Number(u.record_ttl) || 3600,
            value: constellixValue(type, u.record_value),
          };
          records.push(rec);
          out.push({ data: wire(rec), record_status: status, record_id: rec.id, record_name: rec.name, record_value: rec.value, type: type.toLowerCase() });
        } else if (status === "edit-record") {
          const index = records.findIndex((r) => r.id === recordId && r.type === type);
          if (index < 0) throw constellixError("Record not found.", "id");
          const rec: DnsRecord = {
            id: recordId,
            type,
            name: String(u.record_name ?? ""),
            ttl: Number(u.record_ttl) || 3600,
            value: constellixValue(type, u.record_value),
          };
          records[index] = rec;
          out.push({ data: wire(rec), domain_id: remote, record_id: String(recordId), record_type: type.toLowerCase(), record_status: status });
        } else if (status === "remove-record") {
          const index = records.findIndex((r) => r.id === recordId && r.type === type);
          if (index < 0) throw constellixError("Record not found.", "id");
          records.splice(index, 1);
          out.push({ domain_id: remote, record_id: String(recordId), record_type: type.toLowerCase(), record_status: status, success: true });
        }
        // Unknown record_status values are skipped.
      } catch (err) {
        if (!(err instanceof WpError)) throw err;
        out.push({ domain_id: remote, record_id: String(u.record_id ?? ""), record_type: type.toLowerCase(), record_status: status, errors: err.message });
      }
    }
    return out;
  });

  router.get("/domains/{domain_id}/zone", "login", (req) => {
    const domain = requireDomain(req);
    const records = zoneRecords(req.state, domain);
    if (!records) throw phpFatal("no DNS zone");
    return zoneFile(domain, records);
  });

  router.post("/domain/{domain_id}/activate-dns-zone", "login", (req) => {
    const id = Number(req.params.domain_id);
    if (!canAccessDomain(req.state, req.user, id)) throw new WpError("permission_denied", "Permission denied.", 403);
    const domain = req.state.domains.find((d) => d.domain_id === id)!;
    const remote_id = createZone(req.state, domain);
    return { message: "DNS zone activated successfully.", remote_id };
  });

  router.delete("/domain/{domain_id}/dns-zone", "login", (req) => {
    const id = Number(req.params.domain_id);
    if (!canAccessDomain(req.state, req.user, id)) throw new WpError("permission_denied", "Permission denied.", 403);
    const domain = req.state.domains.find((d) => d.domain_id === id)!;
    if (!domain.remote_id) throw new WpError("zone_not_found", "No DNS zone found for this domain.", 404);
    deleteZone(req.state, domain);
    return { message: "DNS zone deleted successfully." };
  });
}
