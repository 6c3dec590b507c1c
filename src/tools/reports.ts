/**
 * Reports: maintenance reports for a set of sites (preview, send, default recipient) and scheduled reports.
 * POST /report/preview only reads and answers a whole HTML page: it comes back as plain text, capped.
 */
import { z } from "zod";
import { InputError } from "../operations/executor.js";
import { AccountId, id, positiveInt } from "../operations/schemas.js";
import { dropEmpty } from "../operations/result.js";
import { asArray, toId } from "../operations/render.js";
import { defineOperation } from "../operations/types.js";
import { renderRow, type Row } from "./shared.js";

// Patterns are checked with refine so they cost no tokens in tools/list; the descriptions say the format.
const SiteIds = z.array(positiveInt).min(1).max(200).describe("Site IDs");
const DateString = (what: string) =>
  z
    .string()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), "a date as YYYY-MM-DD")
    .describe(what);
const EMAILS = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+(\s*,\s*[^\s@,]+@[^\s@,]+\.[^\s@,]+)*$/;
const Recipient = z
  .string()
  .trim()
  .max(500)
  .refine((v) => EMAILS.test(v), "email address(es), comma-separated")
  .describe("Emails, comma-separated");
const Interval = z.enum(["monthly", "quarterly", "yearly"]);
const ReportId = id();

/** Characters of report text returned by preview_report (~1.5k tokens). */
export const PREVIEW_MAX_CHARS = 6000;

const ENTITIES: Record<string, string> = { nbsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", middot: "·", ndash: "–", mdash: "—", hellip: "…", copy: "©" };

/** An HTML report as readable text: block elements become lines, table cells are joined with " | ". */
export function htmlReportToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(head|style|script)\b[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(td|th)>/gi, " | ")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<h[1-6]\b[^>]*>/gi, "\n## ")
    .replace(/<\/(p|div|h[1-6]|tr|table|ul|ol|section|header|footer)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&([a-z]+);/gi, (m, name: string) => ENTITIES[name.toLowerCase()] ?? m)
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").replace(/(\s*\|\s*)+$/, "").trim())
    .filter((line, i, all) => line !== "" || (i > 0 && all[i - 1] !== ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function checkDates(a: { start_date?: string; end_date?: string }): void {
  if (a.start_date && a.end_date && a.start_date > a.end_date) {
    throw new InputError(`start_date ${a.start_date} is after end_date ${a.end_date}. Nothing was sent.`);
  }
}

function scheduledRow(r: Row): Row {
  const names = asArray(r.site_names).filter(Boolean);
  return dropEmpty({
    id: toId(r.scheduled_report_id),
    interval: r.interval,
    recipient: r.recipient,
    account_id: toId(r.account_id),
    account_name: r.account_name,
    site_ids: r.account_id ? undefined : r.site_ids,
    site_names: names.length ? names : undefined,
    next_run: r.next_run,
    last_run: r.last_run,
    owner_user_id: toId(r.user_id),
  }) as Row;
}

export const operations = [
  defineOperation({
    name: "preview_report",
    toolset: "reports",
    method: "POST",
    path: "/report/preview",
    summary: "Preview a maintenance report for sites, as plain text",
    words: "maintenance report preview what we did this month",
    description: "Default: the last 30 days. send_report emails it.",
    input: { site_ids: SiteIds, start_date: DateString("YYYY-MM-DD").optional(), end_date: DateString("YYYY-MM-DD").optional() },
    effect: "read",
    body: (a) => {
      checkDates(a);
      return a;
    },
    render: (data) => {
      const html = String((data as Row)?.html ?? "");
      const text = htmlReportToText(html);
      if (text.length <= PREVIEW_MAX_CHARS) return { text, html_chars: html.length };
      return {
        text: `${text.slice(0, PREVIEW_MAX_CHARS)}…`,
        html_chars: html.length,
        truncated: `${PREVIEW_MAX_CHARS} of ${text.length} characters shown; preview fewer sites to see the rest`,
      };
    },
  }),
  defineOperation({
    name: "send_report",
    toolset: "reports",
    method: "POST",
    path: "/report/send",
    summary: "Email a maintenance report for sites",
    words: "email client maintenance report monthly report send report",
    input: {
      site_ids: SiteIds,
      recipient: Recipient,
      start_date: DateString("YYYY-MM-DD").optional(),
      end_date: DateString("YYYY-MM-DD").optional(),
    },
    effect: "write",
    body: (a) => {
      checkDates(a);
      return a;
    },
  }),
  defineOperation({
    name: "get_report_recipient",
    toolset: "reports",
    method: "POST",
    path: "/report/default-recipient",
    summary: "Suggested recipient email for a report on these sites",
    words: "who gets the report recipient email where reports go",
    input: { site_ids: SiteIds },
    effect: "read",
    render: renderRow((d) => {
      const email = String(d.email ?? "");
      return email ? { email } : { email: "", note: "No default recipient; ask the user" };
    }),
  }),
  defineOperation({
    name: "list_scheduled_reports",
    toolset: "reports",
    method: "GET",
    path: "/scheduled-reports",
    summary: "List scheduled maintenance reports",
    words: "automatic scheduled reports recurring reports",
    description: "Admins see all; others the ones they created.",
    input: {},
    effect: "read",
    render: (data) => ({ reports: (asArray(data) as Row[]).map(scheduledRow) }),
  }),
  defineOperation({
    name: "create_scheduled_report",
    toolset: "reports",
    method: "POST",
    path: "/scheduled-reports",
    summary: "Schedule a recurring report for sites or a whole account",
    words: "schedule monthly report automatically recurring report every month quarter",
    input: {
      site_ids: SiteIds.optional(),
      account_id: AccountId.optional().describe("Or all sites of an account"),
      interval: Interval.default("monthly"),
      recipient: Recipient,
    },
    effect: "write",
    body: (a) => {
      if (!a.site_ids?.length && !a.account_id) throw new InputError("Give site_ids or account_id. Nothing was sent.");
      return dropEmpty(a);
    },
    render: (data) => ({ id: toId((data as Row)?.id), created: true }),
  }),
  defineOperation({
    name: "update_scheduled_report",
    toolset: "reports",
    method: "PUT",
    path: "/scheduled-reports/{id}",
    summary: "Change a scheduled report",
    words: "change scheduled report recipients frequency monthly weekly quarterly how often report frequency",
    input: {
      id: ReportId,
      site_ids: SiteIds.optional(),
      account_id: AccountId.nullable().optional().describe("null makes it site-based"),
      interval: Interval.optional(),
      recipient: Recipient.optional(),
    },
    effect: "write",
    idempotent: true,
    body: (a) => {
      if (Object.values(a).every((v) => v === undefined)) throw new InputError("Nothing to change: give at least one field. Nothing was sent.");
      return a;
    },
    render: (_data, args) => ({ updated: true, id: args.id }),
  }),
  defineOperation({
    name: "delete_scheduled_report",
    toolset: "reports",
    method: "DELETE",
    path: "/scheduled-reports/{id}",
    summary: "Delete a scheduled report",
    words: "stop scheduled report",
    input: { id: ReportId },
    effect: "destructive",
    confirmText: "Stops this recurring report for good.",
    render: (_data, args) => ({ deleted: true, id: args.id }),
  }),
];
