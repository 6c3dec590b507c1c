/**
 * Simulated CaptainCore routes for update logs, the activity log, process logs (timelines), processes (checklists)
 * and running CLI tasks (endpoints.json, docs/api/NOTES.md §3, §5, §8). Update logs are derived from the quicksave history of
 * ./quicksaves.ts (one update run per quicksave that changed versions); the rest is seeded here via state.ext.
 */
import { phpFatal, requireSite } from "../guards.js";
import { WpError, type Router, type SimRequest } from "../router.js";
import {
  canAccessSite,
  findEnvironment,
  isAdmin,
  type SimState,
  type SimUser,
} from "../state.js";
import { SEED_NOW, compareSnapshots, quicksaveHistory, type SimQuicksave } from "./quicksaves.js";
import type { Row } from "../../operations/render.js";

// ---------- time helpers ----------

/** Unix seconds → "YYYY-MM-DD HH:MM:SS" (the simulator's server time is UTC). */
export function mysqlTime(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 19).replace("T", " ");
}

function unixOf(mysql: string): number {
  return Math.floor(Date.parse(`${mysql.replace(" ", "T")}Z`) / 1000);
}

const nowMysql = () => mysqlTime(Math.floor(Date.now() / 1000));

// ---------- update logs ----------

export interface SimUpdateLog {
  before: SimQuicksave;
  after: SimQuicksave;
}

/** Update runs of an environment (newest first): each quicksave whose plugin/theme versions changed. */
export function updateLogs(state: SimState, siteId: number, environment: string): SimUpdateLog[] {
  const env = findEnvironment(state, siteId, environment);
  if (!env) return [];
  const list = quicksaveHistory(state, env);
  const out: SimUpdateLog[] = [];
  for (let i = 1; i < list.length; i++) {
    const before = list[i - 1]!;
    const after = list[i]!;
    const versionChanged = (a: SimQuicksave["plugins"], b: SimQuicksave["plugins"]) =>
      a.some((c) => b.some((p) => p.name === c.name && p.version !== c.version));
    if (versionChanged(after.plugins, before.plugins) || versionChanged(after.themes, before.themes) || after.core !== before.core) {
      out.push({ before, after });
    }
  }
  return out.reverse();
}

function changedCount(after: SimQuicksave["plugins"], before: SimQuicksave["plugins"]): number {
  return after.filter((c) => {
    const p = before.find((x) => x.name === c.name);
    return !p || p.version !== c.version;
  }).length;
}

const LOG_UI = { plugins: [], themes: [], view_quicksave: false, view_changes: false, view_files: [], filtered_files: [], response: [], loading: true, search: "" };

/** The CLI's update-log scripts only recognise lower-case `-production` / `-staging` (docs/api/NOTES.md §5). */
function lowerEnv(req: SimRequest): string | undefined {
  const env = req.param("environment");
  return env === "production" || env === "staging" ? env : undefined;
}

// ---------- activity logs ----------

export interface SimActivity {
  activity_log_id: number;
  user_id: number;
  account_id: number;
  action: string;
  entity_type: string;
  entity_id: number;
  entity_name: string;
  description: string;
  context: Row | null;
  ip_address: string;
  created_at: string;
}

function seedActivity(state: SimState): SimActivity[] {
  const rows: SimActivity[] = [];
  const actions: [string, string, (name: string) => string][] = [
    ["updated", "site", (n) => `Updated plugins on ${n}`],
    ["created", "site", (n) => `Created site ${n}`],
    ["executed", "site", (n) => `Ran WP-CLI code on ${n}`],
    ["updated", "domain", (n) => `Updated nameservers for ${n}`],
    ["invited", "account", (n) => `Invited a user to ${n}`],
    ["deleted", "dns_record", (n) => `Deleted a DNS record of ${n}`],
  ];
  for (let i = 0; i < 36; i++) {
    const site = state.sites[i % state.sites.length]!;
    const [action, entity_type, describe] = actions[i % actions.length]!;
    const account = state.accounts.find((a) => a.account_id === site.account_id)!;
    const entityName = entity_type === "account" ? account.name : site.name;
    rows.push({
      activity_log_id: i + 1,
      user_id: i % 5 === 0 ? 0 : i % 3 === 0 ? 2 : 1,
      account_id: site.account_id,
      action,
      entity_type,
      entity_id: entity_type === "account" ? account.account_id : site.site_id,
      entity_name: entityName,
      description: describe(entityName),
      context: action === "updated" && entity_type === "domain" ? { nameservers: ["ns1.example.net", "ns2.example.net"] } : null,
      ip_address: `203.0.113.${10 + (i % 40)}`,
      created_at: mysqlTime(SEED_NOW - (36 - i) * 6 * 3600),
    });
  }
  return rows;
}

export function activityLogs(state: SimState): SimActivity[] {
  return state.ext("activity_logs", () => seedActivity(state));
}

function userName(state: SimState, userId: number): string {
  if (userId === 0) return "System";
  const u = state.users.find((x) => x.user_id === userId);
  return u ? `${u.first_name} ${u.last_name}` : "Unknown";
}

function avatar(userId: number): string {
  return `https://secure.gravatar.com/avatar/${String(userId).padStart(32, "0")}?s=48&d=identicon&r=g`;
}

// ---------- processes and process logs ----------

export interface SimProcess {
  process_id: number;
  user_id: number;
  name: string;
  description: string;
  time_estimate: string;
  repeat_interval: string;
  repeat_quantity: string;
  roles: number;
  created_at: string;
  updated_at: string;
}

export interface SimProcessLogFile {
  process_log_file_id: number;
  site_id: number;
  file_path: string;
  change_type: string;
  hunks: unknown[];
  lines_added: number;
  lines_removed: number;
  created_at: string;
}

export interface SimProcessLog {
  process_log_id: number;
  process_id: number;
  user_id: number;
  description_raw: string;
  public: number;
  status: string;
  created_at: string;
  updated_at: string;
  completed_at: string;
  site_ids: number[];
  files: SimProcessLogFile[];
}

const INTERVALS: Record<string, string> = {
  daily: "Daily",
  weekly: "Weekly",
  monthly: "Monthly",
  quarterly: "Quarterly",
  biannually: "Biannually",
  yearly: "Yearly",
  "as-needed": "As Needed",
};
const ROLES: Record<number, string> = { 1: "Support", 2: "Maintenance", 3: "Development", 4: "Billing" };

interface UpdatesTables {
  processes: SimProcess[];
  logs: SimProcessLog[];
  running: Row[];
}

function seedTables(): UpdatesTables {
  const processes: SimProcess[] = [
    [1, "Monthly maintenance", "Update plugins and themes.\n\n- Check the site\n- Review the update log", "30 min", "monthly", "1", 2],
    [2, "Security review", "Review Wordfence scans and failed logins.", "1 hour", "quarterly", "1", 2],
    [3, "Launch checklist", "Go-live steps for a new site:\n\n- Point DNS\n- Apply HTTPS", "2 hours", "as-needed", "1", 3],
    [4, "Support request", "Answer a customer request.", "15 min", "as-needed", "1", 1],
  ].map(([process_id, name, description, time_estimate, repeat_interval, repeat_quantity, roles]) => ({
    process_id: process_id as number,
    user_id: 1,
    name: name as string,
    description: description as string,
    time_estimate: time_estimate as string,
    repeat_interval: repeat_interval as string,
    repeat_quantity: repeat_quantity as string,
    roles: roles as number,
    created_at: "2026-01-05 10:00:00",
    updated_at: "2026-01-05 10:00:00",
  }));
  const log = (id: number, process: number, user: number, daysAgo: number, text: string, sites: number[], files: SimProcessLogFile[] = []): SimProcessLog => {
    const at = mysqlTime(SEED_NOW - daysAgo * 86_400);
    return { process_log_id: id, process_id: process, user_id: user, description_raw: text, public: 1, status: "completed", created_at: at, updated_at: at, completed_at: at, site_ids: sites, files };
  };
  const logs: SimProcessLog[] = [
    log(80, 1, 1, 30, "Updated **12 plugins** on the shop.", [1]),
    log(81, 2, 1, 25, "Reviewed security scans: nothing found.", [1, 2]),
    log(82, 1, 1, 20, "Monthly maintenance for Bluebird.", [6, 7]),
    log(83, 4, 2, 12, "Clara asked for a new contact form.", [3]),
    log(84, 3, 1, 6, "Launched the docs site.", [4], [
      { process_log_file_id: 3, site_id: 4, file_path: "wp-config.php", change_type: "M", hunks: [], lines_added: 2, lines_removed: 1, created_at: mysqlTime(SEED_NOW - 6 * 86_400) },
    ]),
    log(85, 1, 1, 2, "Updated WooCommerce to 9.4.2 on Cedar Kitchen.", [11]),
  ];
  const running: Row[] = [
    { process_id: "5121", command: "backup generate acmeshop-production", created_at: mysqlTime(SEED_NOW - 300), status: "running" },
    { process_id: "5133", command: "quicksave generate @production", created_at: mysqlTime(SEED_NOW - 60), status: "running" },
  ];
  return { processes, logs, running };
}

export function updatesTables(state: SimState): UpdatesTables {
  return state.ext("updates_tables", seedTables);
}

/** Markdown as the plugin renders it (enough of it: paragraphs, bold, dash lists). */
function markdown(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((block) => {
      const lines = block.split("\n");
      if (lines.every((l) => l.startsWith("- "))) return `<ul>${lines.map((l) => `<li>${l.slice(2)}</li>`).join("")}</ul>`;
      return `<p>${block.replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>").replace(/\n/g, "<br />\n")}</p>`;
    })
    .join("\n");
}

function logEntry(state: SimState, l: SimProcessLog, withSites: boolean): Row {
  const process = updatesTables(state).processes.find((p) => p.process_id === l.process_id);
  const entry: Row = {
    process_log_id: String(l.process_log_id),
    process_id: String(l.process_id),
    user_id: String(l.user_id),
    description: markdown(l.description_raw),
    public: String(l.public),
    status: l.status,
    created_at: unixOf(l.created_at),
    updated_at: l.updated_at,
    completed_at: l.completed_at,
    name: process?.name ?? null,
    created_at_raw: l.created_at,
    description_raw: l.description_raw,
    author: userName(state, l.user_id),
    author_avatar: `https://www.gravatar.com/avatar/${String(l.user_id).padStart(32, "0")}?s=80&d=mp`,
  };
  if (withSites) {
    entry.websites = l.site_ids.map((id) => ({ site_id: String(id), name: state.sites.find((s) => s.site_id === id)?.name ?? "" }));
  }
  entry.files = l.files.map((f) => ({ ...f, process_log_id: l.process_log_id }));
  return entry;
}

/** What the write routes answer: each site's whole timeline (newest first), keyed by site_id. */
function timelines(state: SimState, siteIds: number[]): Row | unknown[] {
  if (!siteIds.length) return [];
  const out: Row = {};
  for (const id of siteIds) {
    out[String(id)] = updatesTables(state)
      .logs.filter((l) => l.site_ids.includes(id))
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.process_log_id - a.process_log_id)
      .map((l) => logEntry(state, l, false));
  }
  return out;
}

function findLog(req: SimRequest): SimProcessLog {
  const log = updatesTables(req.state).logs.find((l) => l.process_log_id === Number(req.params.id));
  if (!log) throw new WpError("not_found", "Process log not found.", 404);
  return log;
}

const isAuthorOrAdmin = (user: SimUser, log: SimProcessLog) => isAdmin(user) || log.user_id === user.user_id;

function siteIdsFrom(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => Number(typeof v === "object" && v !== null ? (v as Row).site_id : v)).filter((n) => Number.isInteger(n) && n > 0);
}

function processRaw(p: SimProcess): Row {
  return {
    process_id: String(p.process_id),
    user_id: String(p.user_id),
    name: p.name,
    description: p.description,
    time_estimate: p.time_estimate,
    repeat_interval: p.repeat_interval,
    repeat_quantity: p.repeat_quantity,
    roles: String(p.roles),
    created_at: p.created_at,
    updated_at: p.updated_at,
  };
}

const PROCESS_COLUMNS = new Set(["name", "description", "time_estimate", "repeat_interval", "repeat_quantity", "roles", "user_id"]);

export function register(router: Router): void {
  // ---- update logs ----
  router.get("/update-logs", "login", (req) => {
    const site = requireSite(req, req.param("site_id"));
    const env = lowerEnv(req);
    if (!env) return [];
    return updateLogs(req.state, site.site_id, env).map(({ before, after }) => ({
      hash_before: before.hash,
      hash_after: after.hash,
      created_at: String(after.created_at),
      started_at: String(after.created_at - 420 - (after.created_at % 300)),
      status: (compareSnapshots(after, before).status as string).trim(),
      core: after.core,
      theme_count: after.themes.length,
      plugin_count: after.plugins.length,
      core_previous: before.core,
      themes_changed: changedCount(after.themes, before.themes),
      plugins_changed: changedCount(after.plugins, before.plugins),
      ...LOG_UI,
    }));
  });

  router.get("/update-logs/{hash_before}_{hash_after}", "login", (req) => {
    const site = requireSite(req, req.param("site_id"));
    const env = lowerEnv(req);
    if (!env) return null;
    const log = updateLogs(req.state, site.site_id, env).find(
      (l) => l.before.hash === req.params.hash_before!.toLowerCase() && l.after.hash === req.params.hash_after!.toLowerCase(),
    );
    if (!log) return null;
    return {
      created_at: String(log.after.created_at),
      started_at: String(log.after.created_at - 420 - (log.after.created_at % 300)),
      hash_before: log.before.hash,
      hash_after: log.after.hash,
      ...compareSnapshots(log.after, log.before),
    };
  });

  // ---- activity log: the one server-paginated list ----
  router.get("/activity-logs", "login", (req) => {
    const admin = isAdmin(req.user);
    const mine = req.user.accounts.map((a) => a.account_id);
    const accountFilter = req.param("account_id");
    if (accountFilter !== undefined && accountFilter !== "" && !admin && !mine.includes(Number(accountFilter))) {
      throw new WpError("forbidden", "You do not have access to this account.", 403);
    }
    const str = (name: string) => {
      const v = req.param(name);
      return v === undefined || v === null || v === "" ? undefined : String(v);
    };
    const from = str("date_from");
    const to = str("date_to");
    const rows = activityLogs(req.state)
      .filter((a) => admin || mine.includes(a.account_id))
      .filter((a) => !str("action") || a.action === str("action"))
      .filter((a) => !str("entity_type") || a.entity_type === str("entity_type"))
      .filter((a) => !str("user_id") || a.user_id === Number(str("user_id")))
      .filter((a) => !accountFilter || a.account_id === Number(accountFilter))
      .filter((a) => !from || a.created_at >= `${from} 00:00:00`)
      .filter((a) => !to || a.created_at <= `${to} 23:59:59`)
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.activity_log_id - a.activity_log_id);
    const page = Math.max(1, Number(req.param("page")) || 1);
    const perPage = Math.max(1, Number(req.param("per_page")) || 50);
    const items = rows.slice((page - 1) * perPage, page * perPage).map((a) => ({
      activity_log_id: String(a.activity_log_id),
      user_id: String(a.user_id),
      account_id: String(a.account_id),
      action: a.action,
      entity_type: a.entity_type,
      entity_id: String(a.entity_id),
      entity_name: a.entity_name,
      description: a.description,
      context: a.context,
      ip_address: a.ip_address,
      created_at: unixOf(a.created_at),
      user_name: userName(req.state, a.user_id),
      avatar_url: avatar(a.user_id),
      created_at_raw: a.created_at,
    }));
    return { items, total: rows.length, page, pages: Math.ceil(rows.length / perPage) };
  });

  // ---- process logs (timeline) ----
  router.get("/process-logs", "admin", (req) =>
    updatesTables(req.state).logs.map((l) => logEntry(req.state, l, true)),
  );

  router.get("/process-logs/{id}", "login", (req) => {
    const log = findLog(req);
    const allSites = log.site_ids.every((id) => canAccessSite(req.state, req.user, id));
    if (!isAuthorOrAdmin(req.user, log) && !(log.site_ids.length && allSites)) {
      throw new WpError("permission_denied", "Permission denied.", 403);
    }
    return logEntry(req.state, log, true);
  });

  router.post("/process-logs", "login", (req) => {
    const siteIds = siteIdsFrom(req.param("site_ids"));
    if (!isAdmin(req.user)) {
      if (!siteIds.length) throw new WpError("permission_denied", "Permission denied.", 403);
    }
    for (const id of siteIds) requireSite(req, id, "permission_denied");
    const at = nowMysql();
    const tables = updatesTables(req.state);
    const id = Math.max(0, ...tables.logs.map((l) => l.process_log_id)) + 1;
    const files = Array.isArray(req.param("files")) ? (req.param("files") as Row[]) : [];
    tables.logs.push({
      process_log_id: id,
      process_id: Number(req.param("process_id")) || 0,
      user_id: req.user.user_id,
      description_raw: String(req.param("description") ?? ""),
      public: 1,
      status: "completed",
      created_at: at,
      updated_at: at,
      completed_at: at,
      site_ids: siteIds,
      files: files.map((f, i) => ({
        process_log_file_id: req.state.nextId("process_log_files") + i,
        site_id: Number(f.site_id) || siteIds[0] || 0,
        file_path: String(f.file_path ?? ""),
        change_type: String(f.change_type ?? "M"),
        hunks: Array.isArray(f.hunks) ? f.hunks : [],
        lines_added: Number(f.lines_added) || 0,
        lines_removed: Number(f.lines_removed) || 0,
        created_at: at,
      })),
    });
    return timelines(req.state, siteIds);
  });

  // The permission callback checks the websites and the path id's author; the callback updates the BODY's id.
  router.post("/process-logs/{id}", "login", (req) => {
    const websites = siteIdsFrom(req.param("websites"));
    if (!websites.length) throw new WpError("missing_sites", "At least one website is required.", 400);
    if (!websites.every((id) => canAccessSite(req.state, req.user, id))) {
      throw new WpError("rest_forbidden", "Sorry, you are not allowed to do that.", 403);
    }
    const guard = findLog(req);
    if (!isAuthorOrAdmin(req.user, guard)) throw new WpError("permission_denied", "Permission denied.", 403);
    const target = updatesTables(req.state).logs.find((l) => l.process_log_id === Number(req.body.process_log_id));
    if (target) {
      const description = req.param("description_raw");
      if (description !== undefined) target.description_raw = String(description);
      if (req.param("process_id") !== undefined) target.process_id = Number(req.param("process_id")) || target.process_id;
      if (req.param("public") !== undefined) target.public = req.param("public") === true || String(req.param("public")) === "1" ? 1 : 0;
      if (req.param("status") !== undefined) target.status = String(req.param("status"));
      const raw = req.param("created_at_raw");
      if (typeof raw === "string" && raw) {
        target.created_at = raw;
        target.completed_at = raw;
      }
      target.user_id = req.user.user_id;
      target.site_ids = websites;
      target.updated_at = nowMysql();
    }
    return timelines(req.state, websites);
  });

  router.delete("/process-logs/{id}", "login", (req) => {
    const log = findLog(req);
    if (!isAuthorOrAdmin(req.user, log)) throw new WpError("permission_denied", "Permission denied.", 403);
    const tables = updatesTables(req.state);
    tables.logs.splice(tables.logs.indexOf(log), 1);
    return timelines(req.state, log.site_ids);
  });

  // ---- processes ----
  router.get("/processes", "login", (req) => {
    if (!isAdmin(req.user)) return [];
    return [...updatesTables(req.state).processes]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => ({ ...processRaw(p), repeat_interval: INTERVALS[p.repeat_interval] ?? p.repeat_interval, roles: ROLES[p.roles] ?? "" }));
  });

  // Unknown ids are not cleanly handled: an object of nulls (endpoints.json).
  router.get("/processes/{id}", "admin", (req) => {
    const p = updatesTables(req.state).processes.find((x) => x.process_id === Number(req.params.id));
    if (!p) throw phpFatal("unknown process"); // the real plugin crashes on an unknown id, as recorded
    return {
      process_id: String(p.process_id),
      name: p.name,
      repeat_quantity: p.repeat_quantity,
      repeat: INTERVALS[p.repeat_interval] ?? p.repeat_interval,
      description: markdown(p.description),
      roles: ROLES[p.roles] ?? "",
      time_estimate: p.time_estimate,
    };
  });

  router.get("/processes/{id}/raw", "admin", (req) => {
    const p = updatesTables(req.state).processes.find((x) => x.process_id === Number(req.params.id));
    if (!p) throw new WpError("not_found", "Process not found.", 404);
    return { ...processRaw(p), roles: p.roles };
  });

  // The whole JSON body is written as columns: one unknown key makes the update fail silently.
  router.put("/processes/{id}", "admin", (req) => {
    const p = updatesTables(req.state).processes.find((x) => x.process_id === Number(req.params.id));
    if (!p) return null;
    const body = req.body;
    if (Object.keys(body).every((k) => PROCESS_COLUMNS.has(k))) {
      for (const [k, v] of Object.entries(body)) {
        if (k === "roles" || k === "user_id") (p as unknown as Row)[k] = Number(v) || 0;
        else (p as unknown as Row)[k] = String(v ?? "");
      }
      p.updated_at = nowMysql();
    }
    return processRaw(p);
  });

  // ---- running CLI tasks ----
  router.get("/running", "login", (req) => {
    if (!isAdmin(req.user)) return [];
    return [...updatesTables(req.state).running].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
  });
}

