/**
 * Simulated CaptainCore routes for the reports toolset: maintenance reports (preview as HTML, send by email, default
 * recipient) and scheduled reports. Errors and shapes follow endpoints.json: 400 missing_sites / missing_recipient,
 * 403 unauthorized_site / unauthorized_account / unauthorized, 404 not_found; ids are strings except the new id.
 */
import { WpError, type Router, type SimRequest } from "../router.js";
import { s } from "../shapes.js";
import { canAccessAccount, canAccessSite, findEnvironment, isAdmin, type SimState } from "../state.js";

export interface ScheduledReport {
  scheduled_report_id: number;
  site_ids: number[];
  account_id: number | null;
  interval: "monthly" | "quarterly" | "yearly";
  recipient: string;
  user_id: number;
  next_run: string;
  last_run: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportTables {
  scheduled: ScheduledReport[];
  /** Reports sent by email (POST /report/send). */
  sent: { user_id: number; recipient: string; site_ids: number[]; start_date: string; end_date: string }[];
}

const TODAY = "2026-11-28";
const NOW = `${TODAY} 09:00:00`;
const INTERVALS = ["monthly", "quarterly", "yearly"] as const;

/** First day of the next month / quarter / year after the simulator's "now". */
function nextRun(interval: string): string {
  const [y, m] = TODAY.split("-").map(Number) as [number, number];
  let year = y;
  let month = m + 1;
  if (interval === "quarterly") month = Math.ceil(m / 3) * 3 + 1;
  if (interval === "yearly") month = 13;
  if (month > 12) {
    year += Math.floor((month - 1) / 12);
    month = ((month - 1) % 12) + 1;
  }
  return `${year}-${String(month).padStart(2, "0")}-01 00:00:00`;
}

function seed(): ReportTables {
  return {
    scheduled: [
      {
        scheduled_report_id: 4,
        site_ids: [1, 2],
        account_id: null,
        interval: "monthly",
        recipient: "clara@acme.test",
        user_id: 2,
        next_run: "2026-12-01 00:00:00",
        last_run: "2026-11-01 00:00:00",
        created_at: "2026-06-01 10:00:00",
        updated_at: "2026-06-01 10:00:00",
      },
      {
        scheduled_report_id: 5,
        site_ids: [],
        account_id: 2,
        interval: "quarterly",
        recipient: "owner@bluebird.media",
        user_id: 1,
        next_run: "2027-01-01 00:00:00",
        last_run: null,
        created_at: "2026-07-01 10:00:00",
        updated_at: "2026-07-01 10:00:00",
      },
    ],
    sent: [],
  };
}

/** The report tables of a simulator (seeded on first use). */
export function reportTables(state: SimState): ReportTables {
  return state.ext("reports", () => seed());
}

function row(state: SimState, r: ScheduledReport) {
  const account = r.account_id ? state.accounts.find((a) => a.account_id === r.account_id) : undefined;
  return {
    scheduled_report_id: s(r.scheduled_report_id),
    site_ids: r.site_ids,
    account_id: r.account_id === null ? null : s(r.account_id),
    interval: r.interval,
    recipient: r.recipient,
    user_id: s(r.user_id),
    next_run: r.next_run,
    last_run: r.last_run,
    created_at: r.created_at,
    updated_at: r.updated_at,
    site_names: r.account_id ? [] : r.site_ids.map((id) => state.sites.find((x) => x.site_id === id)?.name ?? ""),
    account_name: account?.name ?? "",
  };
}

function siteIds(req: SimRequest, required: boolean): number[] | undefined {
  const raw = req.param("site_ids");
  if (raw === undefined || raw === null) {
    if (required) throw new WpError("missing_sites", "At least one site is required.", 400);
    return undefined;
  }
  const ids = (Array.isArray(raw) ? raw : [raw]).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  if (required && ids.length === 0) throw new WpError("missing_sites", "At least one site is required.", 400);
  for (const id of ids) {
    if (!canAccessSite(req.state, req.user, id)) {
      throw new WpError("unauthorized_site", "You do not have access to one or more of these sites.", 403);
    }
  }
  return ids;
}

function checkAccount(req: SimRequest, value: unknown): number | null {
  if (value === null || value === "" || value === undefined) return null;
  const id = Number(value);
  if (!isAdmin(req.user) && !canAccessAccount(req.state, req.user, id)) {
    throw new WpError("unauthorized_account", "You do not have access to this account.", 403);
  }
  return id;
}

function interval(value: unknown): ScheduledReport["interval"] {
  return INTERVALS.includes(value as ScheduledReport["interval"]) ? (value as ScheduledReport["interval"]) : "monthly";
}

function requireOwnReport(req: SimRequest): ScheduledReport {
  const report = reportTables(req.state).scheduled.find((r) => r.scheduled_report_id === Number(req.params.id));
  if (!report) throw new WpError("not_found", "Scheduled report not found.", 404);
  if (!isAdmin(req.user) && report.user_id !== req.user.user_id) {
    throw new WpError("unauthorized", "You do not have permission to modify this scheduled report.", 403);
  }
  return report;
}

function dateRange(req: SimRequest): { start: string; end: string } {
  const end = String(req.param("end_date") || TODAY);
  const fallback = new Date(Date.parse(`${end}T00:00:00Z`) - 30 * 86400_000).toISOString().slice(0, 10);
  return { start: String(req.param("start_date") || fallback), end };
}

function reportHtml(state: SimState, ids: number[], start: string, end: string): string {
  const sections = ids.map((id) => {
    const site = state.sites.find((x) => x.site_id === id)!;
    const env = findEnvironment(state, id, "production");
    const plugins = env?.plugins ?? [];
    const updated = plugins.filter((p) => p.update === "none").slice(0, 6);
    const rows = updated
      .map((p) => `<tr><td style="padding:6px 12px;border-bottom:1px solid #eee">${p.title}</td><td style="padding:6px 12px;border-bottom:1px solid #eee">${p.version}</td></tr>`)
      .join("");
    const log = Array.from({ length: 8 }, (_, i) => {
      const p = plugins[(i + id) % Math.max(1, plugins.length)];
      const day = String(28 - i * 3).padStart(2, "0");
      return `<li style="margin:2px 0">${end.slice(0, 8)}${day} &mdash; ${p ? `${p.title} updated to ${p.version}` : "WordPress core checked"}</li>`;
    }).join("");
    return `
<div class="site-section" style="margin:24px 0;padding:16px;border:1px solid #e0e0e0;border-radius:8px">
  <h2 style="font-size:20px;color:#1a1a1a;margin:0 0 8px">${site.name}</h2>
  <p style="color:#666;font-size:14px">WordPress ${env?.core ?? site.core} &middot; PHP ${env?.php_version ?? ""} &middot; ${site.visits.toLocaleString("en-US")} visits</p>
  <table class="stats" style="width:100%;border-collapse:collapse">
    <tr><th style="text-align:left;padding:6px 12px">Uptime</th><td style="padding:6px 12px">99.98%</td></tr>
    <tr><th style="text-align:left;padding:6px 12px">Quicksaves</th><td style="padding:6px 12px">${12 + id}</td></tr>
    <tr><th style="text-align:left;padding:6px 12px">Backups</th><td style="padding:6px 12px">30 daily backups</td></tr>
  </table>
  <h3 style="font-size:16px;margin:16px 0 4px">Plugins &amp; themes updated</h3>
  <h3 style="font-size:16px;margin:16px 0 4px">Update log</h3>
  <ul class="log" style="padding-left:18px">${log}</ul>
  <table class="updates" style="width:100%;border-collapse:collapse"><tr><th style="text-align:left">Name</th><th style="text-align:left">Version</th></tr>${rows}</table>
</div>`;
  });
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Maintenance Report</title>
<style>body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;background:#f7f7f7}.site-section h2{font-weight:600}table td,table th{font-size:14px}</style>
<script>window.reportGenerated = true;</script>
</head><body>
<div class="report" style="max-width:680px;margin:0 auto;background:#fff;padding:32px">
  <h1 style="font-size:26px;margin:0">Website Maintenance Report</h1>
  <p style="color:#666">${start} &ndash; ${end} &middot; ${ids.length} site${ids.length === 1 ? "" : "s"}</p>
  <!-- summary -->
  <table class="summary" style="width:100%"><tr><th>Sites</th><th>Updates applied</th><th>Quicksaves</th></tr>
  <tr><td>${ids.length}</td><td>${ids.length * 4}</td><td>${ids.reduce((n, id) => n + 12 + id, 0)}</td></tr></table>
  ${sections.join("\n")}
  <p style="font-size:12px;color:#999">Questions? Reply to this email &amp; we&#39;ll help.</p>
</div></body></html>`;
}

export function register(router: Router): void {
  router.get("/scheduled-reports", "login", (req) =>
    reportTables(req.state)
      .scheduled.filter((r) => isAdmin(req.user) || r.user_id === req.user.user_id)
      .map((r) => row(req.state, r)),
  );

  router.post("/scheduled-reports", "login", (req) => {
    const ids = siteIds(req, false) ?? [];
    const accountId = checkAccount(req, req.param("account_id"));
    if (ids.length === 0 && accountId === null) throw new WpError("missing_sites", "At least one site or an account is required.", 400);
    const recipient = String(req.param("recipient") ?? "").trim();
    if (!recipient) throw new WpError("missing_recipient", "A recipient email is required.", 400);
    const every = interval(req.param("interval"));
    const id = req.state.nextId("scheduled_report");
    reportTables(req.state).scheduled.push({
      scheduled_report_id: id,
      site_ids: accountId ? [] : ids,
      account_id: accountId,
      interval: every,
      recipient,
      user_id: req.user.user_id,
      next_run: nextRun(every),
      last_run: null,
      created_at: NOW,
      updated_at: NOW,
    });
    return { success: true, id };
  });

  router.put("/scheduled-reports/{id}", "login", (req) => {
    const report = requireOwnReport(req);
    const ids = siteIds(req, false);
    const rawAccount = req.param("account_id");
    const accountId = rawAccount === undefined ? report.account_id : checkAccount(req, rawAccount);
    if (ids !== undefined) report.site_ids = ids;
    report.account_id = accountId;
    const newInterval = req.param("interval");
    if (newInterval !== undefined && interval(newInterval) !== report.interval) {
      report.interval = interval(newInterval);
      report.next_run = nextRun(report.interval);
    }
    const recipient = req.param("recipient");
    if (typeof recipient === "string" && recipient.trim()) report.recipient = recipient.trim();
    report.updated_at = NOW;
    return { success: true };
  });

  router.delete("/scheduled-reports/{id}", "login", (req) => {
    const report = requireOwnReport(req);
    const t = reportTables(req.state);
    t.scheduled.splice(t.scheduled.indexOf(report), 1);
    return { success: true };
  });

  router.post("/report/default-recipient", "login", (req) => {
    const ids = siteIds(req, true)!;
    const site = req.state.sites.find((x) => x.site_id === ids[0]);
    const account = req.state.accounts.find((a) => a.account_id === site?.account_id);
    const billing = req.state.users.find((u) => u.user_id === account?.billing_user_id);
    return { email: account?.defaults.email || billing?.email || "" };
  });

  // A POST that only reads: renders the report as HTML.
  router.post("/report/preview", "login", (req) => {
    const ids = siteIds(req, true)!;
    const { start, end } = dateRange(req);
    return { html: reportHtml(req.state, ids, start, end) };
  });

  router.post("/report/send", "login", (req) => {
    const ids = siteIds(req, true)!;
    const recipient = String(req.param("recipient") ?? "").trim();
    if (!recipient) throw new WpError("missing_recipient", "A recipient email is required.", 400);
    if (!recipient.includes("@")) throw new WpError("send_failed", "Failed to send report.", 500);
    const { start, end } = dateRange(req);
    reportTables(req.state).sent.push({ user_id: req.user.user_id, recipient, site_ids: ids, start_date: start, end_date: end });
    return { success: true, message: `Report sent to ${recipient}` };
  });
}
