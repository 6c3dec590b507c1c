/** Stats: Fathom traffic, timeline, usage, server logs and uptime monitoring. Long lists paged, log text tailed. */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { defineOperation } from "../operations/types.js";
import { Domain, Environment, EnvironmentDefaultProduction, Limit, Offset, SiteId } from "../operations/schemas.js";
import { pageOf } from "../operations/result.js";
import { asArray, toId } from "../operations/render.js";
import { queuedTask, renderRow, type Row } from "./shared.js";

const num = (v: unknown) => (v === null || v === undefined || v === "" || Number.isNaN(Number(v)) ? v : Number(v));

const Day = (what: string) =>
  z
    .string()
    .refine((v) => /^\d{4}-\d\d-\d\d$/.test(v), "a date like 2026-01-31")
    .optional()
    .describe(what);

const FathomId = z
  .string()
  .refine((v) => /^[A-Za-z0-9]{1,32}$/.test(v), "1-32 letters and digits");

const StatsInput = {
  site_id: SiteId,
  environment: EnvironmentDefaultProduction,
  from_at: Day("YYYY-MM-DD, default a year ago"),
  to_at: Day("YYYY-MM-DD, default today"),
  grouping: z.enum(["hour", "day", "month", "year"]).optional(),
  fathom_id: FathomId.optional(),
};

const MAX_ITEMS = 400;

/** Fathom answer → summary plus the time series with numbers as numbers (newest MAX_ITEMS buckets). */
function statsPage(data: unknown) {
  if (data === null || data === undefined) {
    throw new CaptainCoreError("api_error", "CaptainCore returned no stats: the environment name did not match (use production or staging).");
  }
  const answer = data as Row;
  const site = (answer.site ?? {}) as Row;
  const summary = Object.fromEntries(Object.entries((answer.summary ?? {}) as Row).map(([k, v]) => [k, num(v)]));
  const rows = (asArray(answer.items) as Row[]).map((i) => ({
    date: i.date,
    visits: num(i.visits),
    pageviews: num(i.pageviews),
    bounce_rate: num(i.bounce_rate),
    avg_duration: num(i.avg_duration),
  }));
  const out: Row = { fathom_id: answer.fathom_id, site_name: site.name, sharing: site.sharing, summary, items: rows.slice(-MAX_ITEMS) };
  if (rows.length > MAX_ITEMS) {
    out.note = `Showing the newest ${MAX_ITEMS} of ${rows.length} buckets; use a coarser grouping or a shorter from_at/to_at range.`;
  }
  return out;
}

const LOG_TAIL_CHARS = 12_000;

/** Raw log text: optional case-insensitive line filter, then the newest lines that fit. */
function logTail(data: unknown, args: { file: string; search?: string }) {
  const raw = typeof data === "string" ? data : "";
  let lines = raw.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const total = lines.length;
  if (args.search) {
    const needle = args.search.toLowerCase();
    lines = lines.filter((l) => l.toLowerCase().includes(needle));
  }
  const kept: string[] = [];
  let size = 0;
  for (let i = lines.length - 1; i >= 0 && size + lines[i]!.length + 1 <= LOG_TAIL_CHARS; i--) {
    kept.unshift(lines[i]!);
    size += lines[i]!.length + 1;
  }
  const out: Row = { file: args.file, lines_read: total, lines_shown: kept.length };
  if (args.search) out.lines_matching = lines.length;
  out.text = kept.join("\n");
  if (kept.length < lines.length) {
    out.note = `Showing the newest ${kept.length} of ${lines.length} lines; use search to find older entries.`;
  }
  return out;
}

export const operations = [
  defineOperation({
    name: "get_site_stats",
    toolset: "stats",
    method: "GET",
    path: "/sites/{site_id}/stats",
    summary: "Fathom traffic of a site: visits, pageviews, bounce rate, duration",
    words: "visitors traffic pageviews visits bounce rate time on site analytics fathom numbers how many people",
    input: StatsInput,
    effect: "read",
    render: statsPage,
  }),
  defineOperation({
    name: "get_site_analytics",
    toolset: "stats",
    method: "POST",
    path: "/site/{site_id}/analytics",
    summary: "Fathom traffic of a site (POST variant of get_site_stats)",
    words: "visitors traffic pageviews analytics fathom",
    input: StatsInput,
    effect: "read",
    render: statsPage,
  }),
  defineOperation({
    name: "set_site_stats_sharing",
    toolset: "stats",
    method: "POST",
    path: "/sites/{site_id}/stats/share",
    summary: "Share a site's Fathom dashboard publicly, privately (password) or not",
    words: "share analytics dashboard publicly with client password protect stats",
    input: {
      site_id: SiteId,
      fathom_id: FathomId.describe("From get_site_stats"),
      sharing: z.enum(["none", "private", "public"]),
      share_password: z.string().min(1).max(200).optional().describe("For private"),
    },
    effect: "write",
    idempotent: true,
    render: (_data, args) => ({ site_id: args.site_id, fathom_id: args.fathom_id, sharing: args.sharing, success: true }),
  }),
  defineOperation({
    name: "set_site_fathom_codes",
    toolset: "stats",
    method: "PUT",
    path: "/sites/{site_id}/fathom",
    summary: "Admin: replace an environment's Fathom tracking codes and deploy them",
    words: "fathom tracking code analytics script install tracking",
    input: {
      site_id: SiteId,
      environment: Environment,
      fathom: z
        .array(z.strictObject({ domain: z.string().refine((v) => Domain.safeParse(v).success, "a domain name"), code: FathomId }))
        .max(20)
        .describe("{domain, code} list; [] removes all"),
    },
    effect: "write",
    body: ({ environment, fathom }) => ({ environment, value: { fathom } }),
    render: (data) => queuedTask(data, "stats-deploy"),
  }),
  defineOperation({
    name: "list_site_timeline",
    toolset: "stats",
    method: "GET",
    path: "/sites/{site_id}/timeline",
    summary: "A site's timeline of maintenance work, newest first",
    words: "timeline of maintenance work done on this site history notes what happened on a site lately history of a site",
    input: { site_id: SiteId, limit: Limit(20, 200), offset: Offset },
    effect: "read",
    render: (data, args) => {
      const rows = (asArray(data) as Row[]).map((e) => ({
        process_log_id: toId(e.process_log_id),
        name: e.name,
        description: e.description_raw ?? e.description,
        status: e.status,
        author: e.author,
        created_at: typeof e.created_at === "number" ? new Date(e.created_at * 1000).toISOString() : e.created_at,
      }));
      return pageOf("entries", rows, args);
    },
  }),
  defineOperation({
    name: "get_site_usage_breakdown",
    toolset: "stats",
    method: "GET",
    path: "/sites/{site_id}/usage-breakdown",
    summary: "Storage and traffic use of the site's account, per site",
    words: "storage disk space bandwidth usage per site quota",
    input: { site_id: SiteId },
    effect: "read",
    render: renderRow((answer) => {
      const site = (s: Row) => ({ site_id: toId(s.site_id), name: s.name, storage_bytes: num(s.storage), visits: num(s.visits) });
      return {
        sites: (asArray(answer.sites) as Row[]).map(site),
        maintenance_sites: (asArray(answer.maintenance_sites) as Row[]).map(site),
        total: asArray(answer.total).map((t) => String(t).replace(/<br\s*\/?>/gi, ": ").replace(/<[^>]+>/g, "").trim()),
      };
    }),
  }),
  defineOperation({
    name: "list_server_logs",
    toolset: "stats",
    method: "GET",
    path: "/sites/{site_id}/{environment}/logs",
    summary: "List an environment's server log files, for get_server_log",
    words: "server log files error log access log available logs",
    input: { site_id: SiteId, environment: EnvironmentDefaultProduction },
    effect: "read",
    render: renderRow((answer) => {
      return {
        debugger: answer.debugger,
        files: (asArray(answer.files) as Row[]).map((f) => ({
          name: f.name,
          path: f.path,
          size_bytes: num(f.size),
          modified_at: typeof f.modified_at === "number" ? new Date(f.modified_at * 1000).toISOString() : f.modified_at,
        })),
      };
    }),
  }),
  defineOperation({
    name: "get_server_log",
    toolset: "stats",
    method: "POST",
    path: "/sites/{site_id}/{environment}/logs/fetch",
    summary: "Read the newest lines of a server log (about 12k characters at most)",
    words: "php error log read logs nginx access log debug log server errors",
    input: {
      site_id: SiteId,
      environment: EnvironmentDefaultProduction,
      file: z
        .string()
        .refine((v) => /^[A-Za-z0-9._/-]{1,500}$/.test(v), "the absolute path from list_server_logs, not the display name")
        .describe("path from list_server_logs"),
      limit: z.number().int().min(1).max(10_000).default(500).describe("Lines read from the end"),
      search: z.string().trim().min(1).max(200).optional().describe("Only lines containing this"),
    },
    effect: "read",
    body: ({ file, limit }) => ({ file, limit }),
    render: logTail,
  }),
  defineOperation({
    name: "set_uptime_monitor",
    toolset: "stats",
    method: "POST",
    path: "/sites/{site_id}/{environment}/monitor",
    summary: "Turn uptime monitoring of an environment on or off",
    words: "uptime monitoring downtime alerts monitor site up down",
    input: { site_id: SiteId, environment: EnvironmentDefaultProduction, monitor: z.boolean() },
    effect: "write",
    idempotent: true,
    render: (_data, args) => ({ site_id: args.site_id, environment: args.environment, monitor_enabled: args.monitor }),
  }),
];
