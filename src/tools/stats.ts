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
    asks: [
      "how many visitors did bakery.com get last month", "show traffic stats for mapleyoga.com",
      "pageviews this week", "what's the bounce rate on the site", "site analytics for the past 30 days",
      "is traffic up or down since the launch", "how long do people stay on the site",
      "fathom numbers for the client", "how many people visited my website this week?",
      "visitors and pageviews last 7 days", "average visit duration on the site last month",
      "how busy was the site over the holidays", "traffic numbers for greenleafgardens.org",
      "did the newsletter bring more visitors", "traffic stats for a site",
      "how many visitors did bakery get in january?",
      "what's the bounce rate and avg time on site for lakeside last week",
      "show the fathom stats for bakery this year",
      "how many visitors did greenfieldfarms.com get in January, day by day?",
      "how many visitors did harborviewdental.com get in January?",
      "how much traffic did poppyandpine.com get in January 2026?",
      "visitors, pageviews and bounce rate by day for the last month on site 84",
    ],
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
    asks: [
      "get analytics for bakery.com", "pull the visit data for the monthly report", "fathom analytics grouped by day",
      "site traffic between Jan 1 and Mar 31", "visitor counts on the staging environment",
      "unique visitors and average time on site", "how did the site perform in analytics this quarter",
      "traffic report for mapleyoga.com by month", "daily visitor breakdown for the quarter",
      "monthly visitors and pageviews for the year, for the client's review", "what were last year's traffic figures",
      "traffic chart data grouped by week", "how many unique visitors came to my shop in March?",
      "pull analytics for thecoffeeloft.com between two dates",
      "what were the top pages and referrers on thornberry.com last month?",
      "pull traffic analytics for the pinecrest site over the past 90 days",
    ],
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
    asks: [
      "share the stats dashboard with the client", "make the analytics public",
      "password protect the shared fathom page", "stop sharing the traffic dashboard",
      "give the client a link to see their visitor stats", "turn off public stats for bakery.com",
      "set analytics sharing to private with password 'maple2024'", "let the marketing team view the site traffic",
      "can my client see their website visitor numbers themselves?",
      "create a public link to the site's visitor dashboard", "revoke public access to stats",
      "set a password on the shared analytics", "make the dashboard private again",
      "share analytics for pinecrestdental.com with the board",
      "let the client see their analytics without logging in",
      "give the Bramble client a link where they can see their traffic without logging in",
      "give me a public link to the traffic stats I can send to the client",
      "share summitgym.com's visitor numbers with their marketing guy without giving him a login",
    ],
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
    asks: [
      "change the fathom tracking code on bakery.com", "set a new fathom site id for the live site",
      "the stats aren't recording, replace the tracking code", "update fathom codes for staging",
      "install fathom tracking on mapleyoga.com", "swap the analytics tracking id", "deploy the new fathom code",
      "the site's tracking code is wrong, fix it",
      "visits aren't being counted on my website, the tracking seems wrong", "update the tracking snippet id",
      "replace analytics code on staging", "add tracking to fernhollow.com",
      "the fathom site id belongs to another site", "push the new analytics tracking codes to the site",
      "change the fathom tracking code on bakery", "add fathom site id ABCDEFG to maplegrove.com",
      "hook up fathom tracking for the new site so we get stats",
    ],
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
    asks: [
      "what maintenance have we done on bakery.com", "show the site's timeline", "work log for mapleyoga.com",
      "what did we change on the site recently", "history of work done for the client", "who did what on this site",
      "list recent maintenance activity", "show the care plan log for the report",
      "what have you done on my website this month?", "maintenance history on the site for the quarterly review",
      "site activity feed of the care work we've logged", "when did we last do work on willowbakes.com",
      "changelog of maintenance for the client report", "recent work notes our team logged on the site",
      "show timeline of work done on lakeside", "what's happened on bakery.com lately? give me its history",
      "show me everything that's happened on caldwell orthodontics since Nov 1",
      "what's been done on the Meridian Physio site lately? show me the history of work",
      "client asked what we did for them this quarter, pull the activity timeline for harlowdesign.co",
    ],
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
    asks: [
      "how much storage is the account using", "which site uses the most bandwidth", "storage and traffic by site",
      "is the client over their plan limits", "usage breakdown for bakery.com's account", "disk space per site",
      "how many visits is each site using against the plan", "what's eating our storage",
      "am I running out of space on my hosting plan?", "per-site storage and bandwidth for the account",
      "which site uses the most visits", "plan usage per website on the account",
      "how much disk is coastalkayak.com's account using",
      "are we going to get charged overage for storage or visits?", "how much disk space is acme using",
      "How much disk space and bandwidth is Dunmore Books eating up, broken down per environment?",
      "why is quarryroadwinery using so much storage? break it down",
      "storage and visits usage per environment for site 312, are they over their plan?",
    ],
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
    asks: [
      "what log files are there for bakery.com", "list the server logs", "which logs can I look at on the live site",
      "show available error and access logs", "where are the nginx logs", "log files on staging",
      "what logs exist for mapleyoga.com", "list php error logs",
      "what logs can I look at to figure out why my website crashed?", "what server log files exist for the site?",
      "which log files on staging", "is there a php error log for brightsmiles.com",
      "names of the log files I can tail on production", "does staging keep an access log? list what's there",
      "show me the php error log for bakery.com",
      "show the logs for tamarackresort production — what's been happening on the server side",
      "pull the environment log history for staging on site 135",
    ],
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
    asks: [
      "show me the last lines of the error log", "read the access log for bakery.com",
      "check the php error log for fatal errors", "the site went down at 3pm, look at the server logs",
      "search the log for 'timeout'", "tail the nginx error log", "what's in the debug.log",
      "who's hammering the site? check the access log",
      "my website was down this morning, can you see what the server recorded?",
      "grep the error log for 'memory exhausted'", "last 100 lines of the access log",
      "look for 502 in the nginx log", "read the php error log on redwoodcellars.com",
      "any bots crawling? check the access log", "read the php error log", "read the nginx error log for florist",
      "what's the php error on the florist checkout page",
      "show me the php error log for riverbend.org, we're getting white screens",
      "pull the latest access log on production",
    ],
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
    asks: [
      "turn on uptime monitoring for bakery.com", "stop monitoring the staging site",
      "alert me when the site goes down", "disable the downtime alerts for mapleyoga.com", "enable monitoring",
      "we're doing maintenance, pause uptime checks", "monitor the live site for outages",
      "switch off uptime monitor", "let me know if my website ever goes down", "enable ping checks for the live site",
      "turn off outage notifications for staging", "mute down alerts during migration",
      "is uptime monitoring on for tidewaterlaw.com? turn it on", "uptime monitor off for staging",
      "put the uptime monitor back on for lakeside", "turn on uptime monitoring for the live lakesidemarina.com",
      "start watching cedarhollowinn.com for downtime and ping us if it goes down",
      "turn on uptime monitoring for the site we launched today",
      "stop monitoring the staging site, too many down alerts",
    ],
    input: { site_id: SiteId, environment: EnvironmentDefaultProduction, monitor: z.boolean() },
    effect: "write",
    idempotent: true,
    render: (_data, args) => ({ site_id: args.site_id, environment: args.environment, monitor_enabled: args.monitor }),
  }),
];
