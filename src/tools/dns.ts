/**
 * DNS zones and records (Constellix behind CaptainCore). Record values are checked per type before anything is
 * sent: a wrong DNS record takes a site or its mail down. Listing shows values as compact strings that the write
 * tools accept back ("10 mail.example.com." for MX), so an agent can copy a record, change it and send it.
 */
import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";
import { InputError } from "../operations/executor.js";
import { DomainId, Limit, Offset, Search, id } from "../operations/schemas.js";
import { paginate } from "../operations/result.js";
import { asArray, matches, toId } from "../operations/render.js";
import { defineOperation, type Answer, type OperationContext } from "../operations/types.js";
import { renderRow, type Row } from "./shared.js";

export const RECORD_TYPES = ["A", "AAAA", "ANAME", "CNAME", "TXT", "SPF", "MX", "SRV", "HTTP"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

const RecordTypeSchema = z.enum(RECORD_TYPES).describe("Type");
const RecordId = id("From list_dns_records");
const Ttl = z.number().int().min(30).refine((v) => v <= 2_147_483_647, "at most 2147483647 seconds");

/** Relative name: "" or "@" for the apex, labels of letters, digits, "-" and "_", an optional leading "*.". */
const NAME_RE = /^(@|\*|(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*)?$/;
// Checked by refinements (not regex patterns) so the rule costs no tokens in tools/list.
const RecordName = z
  .string()
  .trim()
  .max(253)
  .refine((v) => NAME_RE.test(v), 'a name relative to the domain: "" or "@" for the apex, www, _dmarc, *.dev (no trailing dot)')
  .describe('Relative name; "" or @ = apex');

/** Shape only; checkRecordValue validates it against the record type before anything is sent. */
const RecordValue = z
  .union([z.string(), z.array(z.unknown())])
  .describe(
    'A/AAAA/ANAME/CNAME/TXT/SPF: [{value}]; MX: [{server,priority}]; SRV: [{host,priority,weight,port}]; HTTP: URL. Or strings as listed, e.g. "10 mx.example.com."',
  );

// ---------- validation of a record's value for its type ----------

const HOST_RE = /^(?=.{1,253}\.?$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/;
/** A host name; an all-numeric name (an IP address) is not one. */
const isHost = (v: unknown): v is string => typeof v === "string" && HOST_RE.test(v) && !/^[\d.]+$/.test(v);
const isNum16 = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 65535;
const show = (v: unknown) => (typeof v === "string" ? `"${v.length > 60 ? `${v.slice(0, 60)}…` : v}"` : JSON.stringify(v));

/** "10 mail.example.com." or "10 5 443 sip.example.com." → numbers and the host. */
function splitNumbers(text: string, count: number): { nums: number[]; host: string } | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== count + 1) return undefined;
  const nums = parts.slice(0, count).map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  return nums.some((n) => Number.isNaN(n)) ? undefined : { nums, host: parts[count]! };
}

interface Checked {
  value?: unknown;
  issues: string[];
}

function checkItem(type: RecordType, raw: unknown, at: string, issues: string[]): Row | undefined {
  const obj = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Row) : undefined;
  if (raw !== null && typeof raw !== "string" && !obj) {
    issues.push(`${at}: expected a string or an object, got ${show(raw)}`);
    return undefined;
  }
  const enabled = obj?.enabled;
  if (enabled !== undefined && typeof enabled !== "boolean") issues.push(`${at}.enabled: must be true or false`);
  const extra = (allowed: string[]) => {
    for (const k of Object.keys(obj ?? {})) if (![...allowed, "enabled"].includes(k)) issues.push(`${at}.${k}: not used by ${type} records; remove it`);
  };
  const out = (row: Row): Row => (enabled === false ? { ...row, enabled: false } : row);
  const text = typeof raw === "string" ? raw.trim() : typeof obj?.value === "string" ? obj.value.trim() : undefined;

  switch (type) {
    case "A":
    case "AAAA":
    case "ANAME":
    case "CNAME":
    case "TXT":
    case "SPF": {
      extra(["value"]);
      if (text === undefined || text === "") {
        issues.push(`${at}: a ${type} record needs {value: "…"} (or a plain string)`);
        return undefined;
      }
      if (type === "A" && !isIPv4(text)) issues.push(`${at}: an A record needs an IPv4 address such as 192.0.2.10, got ${show(text)}`);
      if (type === "AAAA" && !isIPv6(text)) issues.push(`${at}: an AAAA record needs an IPv6 address such as 2001:db8::10, got ${show(text)}`);
      if ((type === "ANAME" || type === "CNAME") && !isHost(text)) {
        issues.push(`${at}: a ${type} record needs a host name such as target.example.com., got ${show(text)}${isIPv4(text) ? " (use an A record for an IP address)" : ""}`);
      }
      if (type === "SPF" && !/^"?v=spf1(\s|"?$)/.test(text)) issues.push(`${at}: an SPF record must start with v=spf1, got ${show(text)}`);
      if (text.length > 4000) issues.push(`${at}: longer than 4000 characters`);
      return out({ value: text });
    }
    case "MX": {
      extra(["server", "priority", "value"]);
      let server = obj?.server;
      let priority = obj?.priority;
      if (text !== undefined && server === undefined) {
        const parsed = splitNumbers(text, 1);
        if (!parsed) {
          issues.push(`${at}: an MX value is {server, priority} or "priority server" such as "10 mail.example.com.", got ${show(text)}`);
          return undefined;
        }
        [priority, server] = [parsed.nums[0], parsed.host];
      } else if (obj && "value" in obj) issues.push(`${at}.value: give server and priority instead`);
      if (!isHost(server)) issues.push(`${at}.server: an MX record needs a mail server host name such as mail.example.com., got ${show(server)}`);
      if (!isNum16(priority)) issues.push(`${at}.priority: an MX priority is an integer from 0 to 65535, got ${show(priority)}`);
      return out({ server, priority });
    }
    case "SRV": {
      extra(["host", "priority", "weight", "port", "value"]);
      let { host, priority, weight, port } = (obj ?? {}) as Row;
      if (text !== undefined && host === undefined) {
        const parsed = splitNumbers(text, 3);
        if (!parsed) {
          issues.push(`${at}: an SRV value is {host, priority, weight, port} or "priority weight port host", got ${show(text)}`);
          return undefined;
        }
        [priority, weight, port, host] = [...parsed.nums, parsed.host];
      } else if (obj && "value" in obj) issues.push(`${at}.value: give host, priority, weight and port instead`);
      if (!isHost(host) && host !== ".") issues.push(`${at}.host: an SRV record needs a target host name, got ${show(host)}`);
      for (const [k, v] of Object.entries({ priority, weight, port })) {
        if (!isNum16(v)) issues.push(`${at}.${k}: an SRV ${k} is an integer from 0 to 65535, got ${show(v)}`);
      }
      if (port === 0) issues.push(`${at}.port: an SRV port cannot be 0`);
      return out({ host, priority, weight, port });
    }
    case "HTTP":
      return undefined; // handled by the caller: HTTP takes one URL, not a list
  }
}

/** Checks a value for its type and returns what the server expects; issues name the field and say what is wrong. */
export function checkRecordValue(type: RecordType, name: string, value: unknown, at = "value"): Checked {
  const issues: string[] = [];
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    return { issues: [`${at}: required for a ${type} record`] };
  }
  if (type === "HTTP") {
    const first = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
    const url =
      typeof first === "string" ? first.trim() : first && typeof first === "object" ? ((first as Row).url ?? (first as Row).value) : undefined;
    let ok = false;
    try {
      ok = typeof url === "string" && /^https?:$/.test(new URL(url).protocol);
    } catch {
      ok = false;
    }
    return ok ? { value: url, issues } : { issues: [`${at}: an HTTP record redirects to one http(s) URL such as https://www.example.com/, got ${show(first ?? value)}`] };
  }
  const items = Array.isArray(value) ? value : [value];
  if (items.length > 100) issues.push(`${at}: at most 100 values per record`);
  const rows = items.map((item, i) => checkItem(type, item, Array.isArray(value) ? `${at}[${i}]` : at, issues));
  if (type === "CNAME" && items.length > 1) issues.push(`${at}: a CNAME record has exactly one target`);
  if (type === "CNAME" && (name === "" || name === "@")) issues.push(`name: a CNAME cannot be at the apex; use an ANAME (or A) record there`);
  return issues.length ? { issues } : { value: rows, issues };
}

export const apexName = (name: string | undefined) => (name === "@" ? "" : (name ?? ""));

function fail(opName: string, issues: string[]): never {
  throw new InputError(
    `Invalid arguments for ${opName}:\n${issues.slice(0, 8).map((i) => `- ${i}`).join("\n")}\nNothing was sent to CaptainCore; fix the fields above and call again.`,
  );
}

/** The body POST/PUT /dns/{id}/records expect, or an InputError listing what is wrong. */
export function recordBody(opName: string, args: { type: RecordType; name: string; value: unknown; ttl: number }): Row {
  const name = apexName(args.name);
  const checked = checkRecordValue(args.type, name, args.value);
  if (checked.issues.length) fail(opName, checked.issues);
  return { type: args.type, name, value: checked.value, ttl: args.ttl };
}

// ---------- rendering ----------

/** One value as the compact string list_dns_records shows (and the write tools accept back). */
export function valueText(value: unknown): unknown {
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (!value || typeof value !== "object") return value;
  const v = value as Row;
  let text: unknown;
  if (v.server !== undefined) text = `${v.priority ?? 0} ${v.server}`;
  else if (v.host !== undefined) text = `${v.priority ?? 0} ${v.weight ?? 0} ${v.port ?? 0} ${v.host}`;
  else text = v.value ?? v.url ?? v;
  return v.enabled === false ? { value: text, enabled: false } : text;
}

export function recordRow(record: Row): Row {
  const values = Array.isArray(record.value) ? record.value.map(valueText) : [valueText(record.value)];
  return {
    id: toId(record.id),
    type: record.type,
    name: record.name === "" || record.name === undefined ? "@" : record.name,
    ttl: toId(record.ttl),
    value: values,
  };
}

function recordsPage(data: unknown, args: { domain_id: number; type?: string; search?: string; limit: number; offset: number }) {
  const obj = (data ?? {}) as Row;
  const rows = (asArray(obj.records) as Row[])
    .map(recordRow)
    .filter((r) => (!args.type || r.type === args.type) && matches([r.name, ...(r.value as unknown[]).map((v) => (typeof v === "string" ? v : JSON.stringify(v)))], args.search));
  const { items, ...paging } = paginate(rows, args.offset, args.limit);
  return { domain_id: args.domain_id, nameservers: obj.nameservers, records: items, ...paging };
}

/** Record answers are {data: record}; show the compact row. */
const renderRecord = (data: unknown): Answer => {
  const rec = (data as Row | null)?.data;
  return rec && typeof rec === "object" ? { record: recordRow(rec as Row) } : (data as Answer);
};

// ---------- bulk changes: resolve the provider's zone id, never shown to the agent ----------

const ACTIONS = { create: "new-record", update: "edit-record", delete: "remove-record" } as const;

const Change = z.strictObject({
  action: z.enum(["create", "update", "delete"]),
  record_id: id("For update/delete").optional(),
  type: z.enum(RECORD_TYPES),
  name: z.string().trim().max(253).refine((v) => NAME_RE.test(v), 'relative to the domain: "" or "@" for the apex, no trailing dot').optional(),
  value: z.unknown().optional().describe("As create_dns_record"),
  ttl: Ttl.optional(),
});
type ChangeInput = z.infer<typeof Change>;

function bulkItems(changes: ChangeInput[]): Row[] {
  const issues: string[] = [];
  const items = changes.map((c, i) => {
    const at = `changes[${i}]`;
    if (c.action !== "create" && c.record_id === undefined) issues.push(`${at}.record_id: required to ${c.action} a record`);
    if (c.action === "create" && c.record_id !== undefined) issues.push(`${at}.record_id: not used when creating; remove it`);
    const item: Row = { record_id: c.record_id ?? "", record_type: c.type, record_status: ACTIONS[c.action] };
    if (c.action === "delete") return item;
    if (c.name === undefined) issues.push(`${at}.name: required ("" or @ for the apex)`);
    if (c.ttl === undefined) issues.push(`${at}.ttl: required (seconds, e.g. 3600)`);
    const name = apexName(c.name);
    const checked = checkRecordValue(c.type, name, c.value, `${at}.value`);
    issues.push(...checked.issues);
    return { ...item, record_name: name, record_value: checked.value, record_ttl: c.ttl };
  });
  if (issues.length) fail("apply_dns_changes", issues);
  return items;
}

async function domainOf(domainId: number, ctx: OperationContext): Promise<Row> {
  const domains = asArray(await ctx.call({ method: "GET", path: "/domains" })) as Row[];
  const domain = domains.find((d) => Number(d.domain_id) === domainId);
  if (!domain) throw new InputError(`Domain ${domainId} is not visible to this user (check it with list_domains). Nothing was changed.`);
  return domain;
}

async function zoneIdOf(domainId: number, ctx: OperationContext): Promise<string> {
  const domain = await domainOf(domainId, ctx);
  const remote = domain.remote_id;
  if (remote === null || remote === undefined || remote === "") {
    throw new InputError(`Domain ${domainId} (${String(domain.name)}) has no DNS zone; create one with activate_dns_zone first. Nothing was changed.`);
  }
  return String(remote);
}

/**
 * Record names are relative to the zone: "_acme.example.com" on example.com would become
 * "_acme.example.com.example.com". Only a name with a dot can be one, so only then is the zone's domain read.
 */
export function absoluteNameIssues(domain: string, names: readonly { at: string; name: string | undefined }[]): string[] {
  const zone = domain.toLowerCase().replace(/\.$/, "");
  return names.flatMap(({ at, name }) => {
    const lower = name?.toLowerCase();
    if (!lower || (lower !== zone && !lower.endsWith(`.${zone}`))) return [];
    const relative = lower === zone ? "@" : name!.slice(0, -(zone.length + 1));
    return [`${at}: "${name}" ends in the zone's own domain ${zone}; names are relative to it: use "${relative}"`];
  });
}

async function checkRelativeNames(opName: string, domainId: number, names: { at: string; name: string | undefined }[], ctx: OperationContext) {
  if (!names.some((n) => n.name?.includes("."))) return;
  const domain = await domainOf(domainId, ctx);
  if (typeof domain.name !== "string") return;
  const issues = absoluteNameIssues(domain.name, names);
  if (issues.length) fail(opName, issues);
}

/**
 * A CNAME is the only record at its name (RFC 1034 §3.6.2): the provider may store an A beside it, but resolvers then
 * answer one or the other. Refused before anything is sent, naming the record in the way.
 */
function cnameConflicts(opName: string, records: Row[], change: { type: string; name: string; except?: number }): void {
  const at = apexName(change.name).toLowerCase();
  const here = records.filter((r) => String(r.name ?? "").toLowerCase() === at && Number(r.id) !== change.except);
  const blocking = change.type === "CNAME" ? here : here.filter((r) => String(r.type).toUpperCase() === "CNAME");
  if (!blocking.length) return;
  const shown = blocking.slice(0, 3).map((r) => `${String(r.type)} ${at || "@"} (record_id ${String(r.id)})`).join(", ");
  fail(opName, [
    `${change.type === "CNAME" ? "a CNAME cannot share its name with other records" : "a CNAME already holds this name and cannot share it"}: ${shown}. Replace that record (update_dns_record with the new type and value) or delete it first`,
  ]);
}

const zoneRecords = async (domainId: number, ctx: OperationContext) =>
  asArray((await ctx.call<Row>({ method: "GET", path: "/dns/{domain_id}", params: { domain_id: domainId } }))?.records) as Row[];

function bulkResult(data: unknown) {
  const results = (asArray(data) as Row[]).map((r) => {
    const status = String(r.record_status ?? "");
    const action = status === "new-record" ? "create" : status === "edit-record" ? "update" : status === "remove-record" ? "delete" : status;
    const rec = (r.data ?? {}) as Row;
    const row: Row = {
      action,
      record_id: toId(rec.id ?? r.record_id),
      type: String(rec.type ?? r.type ?? r.record_type ?? "").toUpperCase(),
    };
    const name = rec.name ?? r.record_name;
    if (name !== undefined) row.name = name === "" ? "@" : name;
    const error = r.errors ?? r.error;
    row.ok = !error;
    if (error) row.error = typeof error === "string" ? error : JSON.stringify(error);
    return row;
  });
  const failed = results.filter((r) => !r.ok).length;
  return { applied: results.length - failed, failed, results };
}

export const operations = [
  defineOperation({
    name: "list_dns_records",
    toolset: "dns",
    core: true,
    method: "GET",
    path: "/dns/{domain_id}",
    summary: "List a domain's DNS records and nameservers",
    words: "dns records of a domain see dns settings a cname mx txt records zone",
    description:
      'Values are strings ("10 mx.example.com." for MX) that the write tools accept back. 404 no_zone: call activate_dns_zone.',
    input: {
      domain_id: DomainId,
      type: RecordTypeSchema.optional().describe("Only this type"),
      search: Search,
      limit: Limit(100, 500),
      offset: Offset,
    },
    effect: "read",
    render: recordsPage,
  }),
  defineOperation({
    name: "create_dns_record",
    toolset: "dns",
    core: true,
    method: "POST",
    path: "/dns/{domain_id}/records",
    summary: "Create a DNS record",
    words: "add dns record a record cname mx txt spf dkim point subdomain to ip google workspace gmail mx records txt verification add record",
    input: { domain_id: DomainId, type: RecordTypeSchema, name: RecordName, value: RecordValue, ttl: Ttl.default(3600) },
    effect: "write",
    run: async (args, ctx) => {
      const body = recordBody("create_dns_record", args);
      await checkRelativeNames("create_dns_record", args.domain_id, [{ at: "name", name: args.name }], ctx);
      cnameConflicts("create_dns_record", await zoneRecords(args.domain_id, ctx), { type: args.type, name: args.name });
      return renderRecord(await ctx.call({ body }));
    },
  }),
  defineOperation({
    name: "update_dns_record",
    toolset: "dns",
    core: true,
    method: "PUT",
    path: "/dns/{domain_id}/records/{record_id}",
    summary: "Replace a DNS record's values",
    words: "change dns record edit ttl value ip cname mx change a cname a record mx record point at edit record value",
    description: "Send every value to keep; formats as create_dns_record.",
    input: {
      domain_id: DomainId,
      record_id: RecordId,
      type: RecordTypeSchema,
      value: RecordValue.describe("As create_dns_record"),
      name: RecordName.optional(),
      ttl: Ttl.optional(),
    },
    effect: "write",
    idempotent: true,
    run: async (args, ctx) => {
      // Check the value before anything is sent, then fill name/ttl from the current record when omitted.
      const early = checkRecordValue(args.type, apexName(args.name ?? "x"), args.value);
      if (early.issues.length) fail("update_dns_record", early.issues);
      await checkRelativeNames("update_dns_record", args.domain_id, [{ at: "name", name: args.name }], ctx);
      let { name, ttl } = args;
      const records = await zoneRecords(args.domain_id, ctx);
      const current = records.find((r) => Number(r.id) === args.record_id);
      if (!current) {
        throw new InputError(`Record ${args.record_id} is not in domain ${args.domain_id}'s zone (check list_dns_records). Nothing was changed.`);
      }
      name ??= String(current.name ?? "");
      ttl ??= Number(current.ttl) || 3600;
      cnameConflicts("update_dns_record", records, { type: args.type, name, except: args.record_id });
      const body = recordBody("update_dns_record", { type: args.type, name, value: args.value, ttl });
      return renderRecord(await ctx.call({ body }));
    },
  }),
  defineOperation({
    name: "delete_dns_record",
    toolset: "dns",
    core: true,
    method: "DELETE",
    path: "/dns/{domain_id}/records/{record_id}",
    summary: "Delete a DNS record",
    words: "delete dns record remove cname a record txt",
    input: { domain_id: DomainId, record_id: RecordId },
    effect: "destructive",
    confirmText: "Removes it from live DNS.",
  }),
  defineOperation({
    name: "apply_dns_changes",
    toolset: "dns",
    method: "POST",
    path: "/dns/{domain_id}/bulk",
    summary: "Create, update and delete several DNS records at once",
    words: "many dns changes at once bulk import records batch dns edit migrate dns records",
    description: "Per-change ok/error; a failure does not stop the rest.",
    input: {
      domain_id: DomainId,
      changes: z.array(Change).min(1).max(100).describe("Changes"),
    },
    effect: "destructive",
    confirmText: "Changes live DNS at once.",
    run: async (args, ctx) => {
      const record_updates = bulkItems(args.changes);
      const names = args.changes.map((c, i) => ({ at: `changes[${i}].name`, name: c.name }));
      await checkRelativeNames("apply_dns_changes", args.domain_id, names, ctx);
      const zone = await zoneIdOf(args.domain_id, ctx);
      const data = await ctx.call({ method: "POST", path: "/dns/{remote_id}/bulk", params: { remote_id: zone }, body: { record_updates } });
      return bulkResult(data);
    },
  }),
  defineOperation({
    name: "export_dns_zone",
    toolset: "dns",
    method: "GET",
    path: "/domains/{domain_id}/zone",
    summary: "Export a domain's DNS zone as BIND zone-file text",
    words: "export zone file bind backup dns",
    input: { domain_id: DomainId },
    effect: "read",
    render: (data, args) => ({ domain_id: args.domain_id, zone: data }),
  }),
  defineOperation({
    name: "activate_dns_zone",
    toolset: "dns",
    method: "POST",
    path: "/domain/{domain_id}/activate-dns-zone",
    summary: "Create a domain's DNS zone (needed before records)",
    words: "start hosting dns enable dns zone manage dns with us",
    input: { domain_id: DomainId },
    effect: "write",
    idempotent: true,
    render: renderRow(({ remote_id: _r, ...rest }) => ({ ...rest, dns_zone: true })),
  }),
  defineOperation({
    name: "delete_dns_zone",
    toolset: "dns",
    method: "DELETE",
    path: "/domain/{domain_id}/dns-zone",
    summary: "Delete a domain's DNS zone with all its records",
    words: "stop hosting dns delete zone remove dns zone",
    input: { domain_id: DomainId },
    effect: "destructive",
    confirmText: "Sites and mail on the domain stop resolving.",
  }),
];
