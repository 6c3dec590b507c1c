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
    asks: [
      "show me what the maintenance report for bakery.com would say",
      "draft the monthly report for Maple Yoga before I send it", "preview care plan report for the last 30 days",
      "what work would be in this quarter's report", "let me read the client report first",
      "summary of maintenance for these sites in plain text",
      "how would the client report look for Jan 1 to Jan 31 — don't send it",
      "what updates and backups happened for the client's report this month",
      "draft the care report for greenway.org, just show it to me",
      "what would the florist's summary look like for February",
      "let me see the report text before it goes out to the client",
      "what did we do on these sites in the last month, in report form", "dry run of the monthly maintenance summary",
      "show the client report for the dental sites, last 90 days, no email",
      "send the client a preview of this month's report",
      "let me see the Riverside report before it goes out to them",
      "show me what the october report for Sunset Dental looks like before it goes out", "preview client report",
    ],
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
    asks: [
      "email the maintenance report to the client", "send the monthly report for bakery.com to jane@bakery.com",
      "send the care plan report", "mail the client their report for March",
      "deliver the maintenance summary to the owner",
      "fire off the report to the client now so they see what we did for their retainer",
      "forward a report for these sites to their manager", "email out last quarter's site report",
      "email the dental office their maintenance summary for February",
      "send the gym owner a recap of what we did this month",
      "the client asked what they're paying us for — email them the report",
      "mail out the report for these three sites to maria@bluebirdflorist.com",
      "send a one-off work summary for greenway.org", "share last month's site care recap with the client by email",
      "send a report to the customer", "email bakery's owner their monthly maintenance report",
      "send a test email report to me", "email the monthly maintenance report for bakery.com to the owner",
      "send the November maintenance report to Kline & Associates",
      "email the maintenance report for Oakridge to the board president now",
      "email the monthly maintenance report to the owner of hillcrest winery",
      "send Dave at Northshore Plumbing his Q3 report now",
    ],
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
    asks: [
      "who should the report for bakery.com go to", "what email would the maintenance report be sent to by default",
      "suggested recipient for these sites' report", "who's the client contact for reports", "default report email",
      "find the right person to send Maple Yoga's report to", "where do reports for this site normally go",
      "before I send it, which address does CaptainCore suggest for the Acme sites?",
      "which email is on record for the florist's reports", "who normally gets the summary for the gym sites",
      "whose inbox should the dental report land in", "report contact for greenway.org",
      "what's the default address for sending these sites' maintenance summary",
      "I don't know the client contact, who would the report go to", "who receives the reports for bakery",
      "anna@bakery.com should be the default person who gets the reports",
      "Alder's reports should go to ops@aldergroup.com unless I say otherwise",
      "maintenance reports for Acme should go to billing@acme.co by default",
      "make jenna@brightpath.org the default person who gets the monthly report",
    ],
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
    asks: [
      "which reports are scheduled", "show my recurring reports", "list automated client reports",
      "what reports go out monthly", "do we have a scheduled report for Maple Yoga?",
      "are any automatic monthly emails going out to clients right now?", "who gets automatic reports",
      "list report schedules", "what automatic summaries are set up",
      "is the florist getting a monthly report already", "all recurring emails to clients with their schedule",
      "which reports did I set up to send on their own", "report automations", "how many clients are on auto reports",
      "which automatic reports do we have scheduled?", "what reports are scheduled?",
      "which client reports are on autopilot?", "which monthly client reports do we have scheduled to go out",
      "Is the Riverside Dental maintenance report still set to email on the 1st each month?",
    ],
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
    asks: [
      "send the bakery a maintenance report every month automatically",
      "schedule a monthly report for the Acme account", "set up a recurring quarterly report to the client",
      "automate reports for these sites", "email jane@bakery.com a report each month",
      "I'm tired of sending these by hand — auto-send the Riverside report on the 1st of each month",
      "every month send the owner a care plan summary", "schedule weekly report",
      "auto-email the florist a site care summary each month",
      "set up a quarterly recap for the whole dental account",
      "have the gym owner get a report every week without me doing it",
      "recurring report for greenway.org to info@greenway.org",
      "the client wants a monthly update emailed to them automatically",
      "automatic monthly summary for all of client 31's sites",
      "set up a monthly report for acme that goes out automatically",
      "send shopnorth a report on the 1st of every month automatically",
      "set Harbor Lights' report to go out automatically on the 1st of each month",
      "set up a monthly report that goes to the client on the 1st",
      "schedule weekly reports for all of Bluebird Co's sites every monday morning",
    ],
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
    asks: [
      "change the scheduled report to go to the new manager", "make the bakery report quarterly instead of monthly",
      "add mapleyoga.com to the scheduled report", "update the recipient on that recurring report",
      "from now on the automatic Riverside report should go to their bookkeeper",
      "switch the report to cover the whole account", "change that recurring report from weekly to monthly",
      "change who receives the automated report", "the florist's auto report should go to maria now",
      "change the frequency of the dental report to quarterly",
      "include the gym's staging site in the recurring summary", "edit report schedule 6",
      "the recurring report should cover every site under the account, not just one",
      "the client's office manager left, send the automatic report to the owner instead",
      "change the recipients of the scheduled report", "change the Hartley monthly report to quarterly",
      "change the Bluebird weekly report to monthly", "add a second recipient to hillcrest's scheduled report",
    ],
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
    asks: [
      "stop the monthly report for bakery.com", "cancel the recurring report",
      "the client doesn't want reports anymore", "Maple Yoga cancelled their care plan, stop emailing them reports",
      "remove that automatic email report", "turn off automated reports for Acme", "kill the weekly report",
      "unschedule the report", "no more automatic reports to the florist", "stop the recurring summary for the gym",
      "delete report schedule 6", "the client said the monthly emails are spam to them, turn them off",
      "end the quarterly auto report for the dental account", "remove a recurring report",
      "stop sending the monthly report for acme",
      "stop sending the monthly maintenance report to Oakridge HOA, they cancelled",
      "cancel weekly auto report for greenfield church",
    ],
    input: { id: ReportId },
    effect: "destructive",
    confirmText: "Stops this recurring report for good.",
    render: (_data, args) => ({ deleted: true, id: args.id }),
  }),
];
