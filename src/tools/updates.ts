/**
 * Updates: update logs (which plugins/themes an update run moved from which version to which), the activity (audit)
 * log, process logs (the timeline of work done on sites), processes (checklists) and running CLI tasks.
 */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { defineOperation } from "../operations/types.js";
import { AccountId, Hash, id, Limit, Offset, OneEnvironment, Search, SiteId, UserId } from "../operations/schemas.js";
import { dropEmpty, pageOf, paginate } from "../operations/result.js";
import { asArray, matches, toId } from "../operations/render.js";
import { componentChanges, componentSections, iso, type Row } from "./shared.js";

const isObject = (v: unknown): v is Row => typeof v === "object" && v !== null && !Array.isArray(v);

// ---------- update logs ----------

function updateLogRow(log: Row): Row {
  const created = Number(log.created_at);
  const started = Number(log.started_at);
  const row: Row = {
    hash_before: log.hash_before,
    hash_after: log.hash_after,
    created_at: iso(log.created_at),
    duration_s: created > 0 && started > 0 && created >= started ? created - started : undefined,
    core: log.core_previous && log.core_previous !== log.core ? `${log.core_previous} → ${log.core}` : log.core,
    plugins_changed: log.plugins_changed,
    themes_changed: log.themes_changed,
    files: typeof log.status === "string" ? log.status.trim() : undefined,
  };
  return dropEmpty(row) as Row;
}

const DETAIL_ROWS = 25;

/** Runs fn over items, at most `width` at a time, keeping order. */
async function mapLimited<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}

// ---------- activity, process logs, processes ----------

function activityRow(a: Row): Row {
  return dropEmpty({
    activity_log_id: toId(a.activity_log_id),
    created_at: iso(a.created_at) ?? a.created_at_raw,
    user: a.user_name,
    user_id: toId(a.user_id),
    account_id: toId(a.account_id),
    action: a.action,
    entity_type: a.entity_type,
    entity_id: toId(a.entity_id),
    entity_name: a.entity_name,
    description: a.description,
    context: a.context,
    ip_address: a.ip_address,
  }) as Row;
}

const clip = (v: unknown, max = 300) =>
  typeof v === "string" && v.length > max ? `${v.slice(0, max)}…` : v;

function processLogRow(l: Row, full = false): Row {
  const files = asArray(l.files) as Row[];
  return dropEmpty({
    process_log_id: toId(l.process_log_id),
    process: l.name,
    process_id: toId(l.process_id),
    author: l.author,
    created_at: iso(l.created_at) ?? l.created_at_raw,
    status: l.status,
    public: l.public === undefined ? undefined : String(l.public) === "1" || l.public === true,
    description: full ? (l.description_raw ?? l.description) : clip(l.description_raw ?? l.description),
    sites: (asArray(l.websites) as Row[]).map((w) => dropEmpty({ site_id: toId(w.site_id), name: w.name })),
    files: full
      ? files.map((f) =>
          dropEmpty({ file_path: f.file_path, change: f.change_type, site_id: toId(f.site_id), added: f.lines_added, removed: f.lines_removed }),
        )
      : files.length || undefined,
  }) as Row;
}

/** POST/DELETE process-log answers are whole timelines keyed by site_id; pull one entry (or the newest) out. */
function entryFromTimelines(data: unknown, wanted?: number): Row | undefined {
  let best: Row | undefined;
  for (const list of isObject(data) ? Object.values(data) : []) {
    for (const entry of asArray(list) as Row[]) {
      const entryId = Number(entry?.process_log_id);
      if (wanted !== undefined ? entryId === wanted : !best || entryId > Number(best.process_log_id)) best = entry;
    }
  }
  return best;
}

/** HTML (rendered markdown) → plain text with line breaks and list dashes. */
function htmlText(v: unknown): unknown {
  if (typeof v !== "string") return v;
  return v
    .replace(/<li[^>]*>/gi, "- ")
    .replace(/<\/(p|li|h\d|div|ul|ol)>|<br\s*\/?>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function processRow(p: Row): Row {
  return dropEmpty({
    process_id: toId(p.process_id),
    name: p.name,
    repeat: p.repeat ?? p.repeat_interval,
    repeat_quantity: p.repeat_quantity,
    roles: p.roles,
    time_estimate: p.time_estimate,
  }) as Row;
}

/** A string bounded by refinement (no minLength/maxLength keywords in tools/list). */
const str = (what: string, max: number, required = false) =>
  z
    .string()
    .refine((v) => v.length <= max && (!required || v.trim().length > 0), required ? `1 to ${max} characters` : `at most ${max} characters`)
    .describe(what);

const ProcessLogId = id();
const ProcessId = id();
const SiteIds = z.array(SiteId).refine((a) => a.length >= 1 && a.length <= 100, "1 to 100 site ids");
const DateOnly = (what: string) =>
  z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s), "YYYY-MM-DD").optional().describe(what);

export const operations = [
  defineOperation({
    name: "list_update_logs",
    toolset: "updates",
    core: true,
    method: "GET",
    path: "/update-logs",
    summary: "List update runs of a site environment, newest first: which plugins/themes went from → to, when",
    words: "update history which plugins were updated when update reports recent updates",
    asks: [
      "what plugins got updated on bakery.com recently?", "show the update history for the live site",
      "when did WooCommerce last get updated on mapleyoga.com",
      "the client says the contact form stopped working after the update — what changed lately?",
      "list recent update runs on the staging copy",
      "which plugin and theme versions changed this month on Acme's site",
      "how many updates ran on the production site", "has Wordfence been kept up to date on riverside.com?",
      "what changed on the live store in the last plugin updates",
      "the shop broke sometime this week, were any plugins upgraded",
      "update runs on greenway.org staging, just counts", "history of version bumps on the dentist's website",
      "when was the theme last upgraded on production", "did Elementor get upgraded recently on the florist site?",
      "recent plugin updates on a site", "what did the last round of updates change on bakery",
      "what got updated on bakery.com this week?", "did tallpinesrealty get its plugin updates this week?",
      "when was core last updated on site 135, and from what version?",
      "what plugin updates ran on stonebridgecapital.com this month?",
      "did WordPress core get updated on the Maple Leaf Daycare site recently? show update history",
      "what got updated on site 135 last night?",
    ],
    description: "changes=false: counts only. Next: get_update_log.",
    input: {
      site_id: SiteId,
      environment: OneEnvironment,
      changes: z.boolean().default(true),
      limit: Limit(10, 100),
      offset: Offset,
    },
    effect: "read",
    run: async (args, ctx) => {
      const query = { site_id: args.site_id, environment: args.environment };
      const data = await ctx.call({ query });
      const all = asArray(data) as Row[];
      const { items, ...paging } = paginate(all, args.offset, args.limit);
      const rows = items.map(updateLogRow);
      const out: Row = { update_logs: rows, ...paging };
      if (args.changes && items.length) {
        const detailed = items.slice(0, DETAIL_ROWS);
        await mapLimited(detailed, 4, async (log) => {
          const row = rows[items.indexOf(log)]!;
          try {
            const detail = await ctx.call({ method: "GET", path: "/update-logs/{hash_before}_{hash_after}", params: log, query });
            if (!isObject(detail)) throw new Error("no detail returned");
            const plugins = componentChanges(detail.plugins, detail.plugins_deleted, false);
            const themes = componentChanges(detail.themes, detail.themes_deleted, false);
            if (Object.keys(plugins).length) row.plugins = plugins;
            if (Object.keys(themes).length) row.themes = themes;
          } catch (err) {
            row.changes_error = (err as Error).message.slice(0, 200);
          }
        });
        if (items.length > DETAIL_ROWS) out.note = `Per-component changes shown for the first ${DETAIL_ROWS} rows; page with a smaller limit for the rest.`;
      }
      if (all.length === 0) out.note = `No update logs for site ${args.site_id} ${args.environment}.`;
      return out;
    },
  }),
  defineOperation({
    name: "get_update_log",
    toolset: "updates",
    core: true,
    method: "GET",
    path: "/update-logs/{hash_before}_{hash_after}",
    summary: "One update run from list_update_logs: plugins/themes changed (from → to), added, removed",
    words: "one update run details plugins updated from version to version",
    asks: [
      "show me everything that changed in that update run yesterday",
      "in the last update, which plugins were added or removed?",
      "details of a single update: Yoast went from what version to what?",
      "that overnight update broke the slider — what exactly did it change?",
      "what exactly did the 3am update on bakery.com touch",
      "open the update entry from Tuesday and list from → to versions",
      "full list of changes in that update batch including unchanged",
      "which themes were changed in that specific run",
      "open that one update from last night and show old vs new versions",
      "in the Monday run on the gym site, which plugins went up and which got removed",
      "version diff for a single update batch",
      "checkout stopped after this morning's update, drill into exactly what it upgraded",
      "drill into that update: what did WooCommerce go from and to",
      "show all items in that run, even those that didn't change",
      "staging broke after the overnight updates — what exactly changed in that run?",
      "The client wants to know exactly what last night's update run changed on their shop. Pull up the before and after.",
      "show me exactly what files changed in the update run on feb 18 for site 135",
      "the last batch of updates broke the slider on juniperspa — what did that update change?",
    ],
    input: {
      site_id: SiteId,
      environment: OneEnvironment,
      hash_before: Hash.describe("From list_update_logs"),
      hash_after: Hash.describe("From list_update_logs"),
      all: z.boolean().optional().describe("Also list every plugin/theme"),
    },
    effect: "read",
    render: (data, args) => {
      if (!isObject(data) || Object.keys(data).length === 0) {
        throw new CaptainCoreError(
          "not_found",
          `No update log ${args.hash_before}_${args.hash_after} on site ${args.site_id} ${args.environment}. Check the hashes with list_update_logs.`,
        );
      }
      const out: Row = {
        ...updateLogRow({ ...data, hash_before: data.hash_before ?? args.hash_before, hash_after: data.hash_after ?? args.hash_after }),
        plugin_count: data.plugin_count,
        theme_count: data.theme_count,
        ...componentSections(data, args.all),
      };
      return dropEmpty(out);
    },
  }),
  defineOperation({
    name: "list_activity_logs",
    toolset: "updates",
    method: "GET",
    path: "/activity-logs",
    summary: "Audit log of who did what, newest first (pages: page, per_page)",
    words: "audit log who did what actions by users activity history who changed what in the dashboard this week",
    asks: [
      "who did what in the portal this week", "someone changed the plan on Maple Yoga — which staff member was it?",
      "who deleted the staging site?", "show recent activity by Tom",
      "what actions happened on the Acme account last month", "who changed the DNS records yesterday",
      "security trail of user actions", "history of changes made by staff between Jan 1 and Jan 15",
      "audit trail for the florist client", "who removed the domain from the gym account last Tuesday",
      "everything Maria did in the dashboard this month",
      "someone cancelled an invite without telling me, who was it",
      "log of changes made to sites between March 1 and March 10",
      "what has been changed in the portal recently and by whom", "show the audit trail of who deleted things",
      "who did what in the dashboard this week?", "who did what in the dashboard today?",
      "someone on my team deleted a domain yesterday, who was it?", "recent activity by staff",
    ],
    input: {
      page: z.number().int().min(1).default(1),
      per_page: z.number().int().min(1).max(100).default(25),
      action: str("e.g. created, deleted", 40).optional(),
      entity_type: str("e.g. site, domain", 40).optional(),
      user_id: UserId.optional(),
      account_id: AccountId.optional(),
      date_from: DateOnly("YYYY-MM-DD"),
      date_to: DateOnly("YYYY-MM-DD, inclusive"),
    },
    effect: "read",
    render: (data) => {
      const d = isObject(data) ? data : {};
      const out: Row = {
        activity: (asArray(d.items) as Row[]).map(activityRow),
        total: d.total,
        page: d.page,
        pages: d.pages,
      };
      if (Number(d.page) < Number(d.pages)) out.next_page = Number(d.page) + 1;
      return out;
    },
  }),
  defineOperation({
    name: "list_process_logs",
    toolset: "updates",
    method: "GET",
    path: "/process-logs",
    summary: "Admin: list timeline entries (work logged on sites), newest first",
    words: "timeline of work done on sites maintenance log notes entries",
    asks: [
      "show the timeline of work done on bakery.com", "what maintenance have we logged recently",
      "list timeline entries for mapleyoga.com", "when did we last do a monthly check on this site?",
      "search work notes mentioning 'malware'", "what have we done for this client — work history",
      "recent logged tasks across all sites", "has anyone touched riverside.com this month? check the work notes",
      "what have we done on the florist site lately", "work notes for site 210",
      "I need to show the client what we've worked on, pull the history of tasks",
      "any entries mentioning 'PHP upgrade'", "has the monthly care checklist been logged for the dental site",
      "most recent work entries for all our sites", "show the work log entries for all clients this month",
      "show all logged maintenance work across sites", "what process notes has the team recorded this week?",
    ],
    input: { site_id: SiteId.optional(), search: Search, limit: Limit(25, 200), offset: Offset },
    effect: "read",
    render: (data, args) => {
      const rows = (asArray(data) as Row[])
        .filter(
          (l) =>
            (args.site_id === undefined || (asArray(l.websites) as Row[]).some((w) => Number(w.site_id) === args.site_id)) &&
            matches([l.name, l.description_raw, l.author, ...(asArray(l.websites) as Row[]).map((w) => w.name)], args.search),
        )
        .sort((a, b) => Number(b.created_at) - Number(a.created_at));
      return pageOf("process_logs", rows.map((l) => processLogRow(l)), args);
    },
  }),
  defineOperation({
    name: "get_process_log",
    toolset: "updates",
    method: "GET",
    path: "/process-logs/{id}",
    summary: "Get one timeline entry with its full description and files",
    words: "one timeline entry work log note read a log entry",
    asks: [
      "open that timeline entry and show the full notes", "full description of log entry 310",
      "what files were attached to that work log", "read me the details of the last maintenance note",
      "show one timeline item", "expand the 'malware cleanup' entry", "what exactly was written in that work log",
      "what did Tom write when he fixed the Yoast issue last week — the full note",
      "show entry 412 in full with attachments", "what did the note about the hacked homepage actually say",
      "full text for that one line in the site's history", "there's a screenshot on that work entry, can I see it",
      "read the whole writeup from yesterday's maintenance", "details for a single worklog item",
      "open timeline entry 88", "open process log entry 512, I want the full note",
      "show the details of the log Sam wrote about the DNS migration",
    ],
    input: { id: ProcessLogId },
    effect: "read",
    render: (data) => processLogRow(isObject(data) ? data : {}, true),
  }),
  defineOperation({
    name: "create_process_log",
    toolset: "updates",
    method: "POST",
    path: "/process-logs",
    summary: "Log work done on sites in their timeline",
    words: "log work note what we did add timeline entry record maintenance log work done time spent took minutes finished task completed review record what we did",
    asks: [
      "log that we cleaned up malware on bakery.com today",
      "add a timeline note: updated PHP to 8.2 on mapleyoga.com", "record the work I just did on these three sites",
      "note in the client's history that we ran the monthly maintenance checklist",
      "write a work entry for the Wordfence scan we did",
      "add to timeline: fixed the broken checkout on the WooCommerce store", "document today's site tweaks",
      "mark down that I did the quarterly security audit on all of Acme's sites",
      "note that I swapped the contact form plugin on the florist site today",
      "put a record in the history: renewed SSL on greenway.org",
      "write up what we did for the dental client this week so they can see it",
      "add an entry against the monthly checklist for sites 12 and 14",
      "I just finished a speed optimization, log it for the gym site",
      "track the work I did today in the client's history",
      "note in the site timeline that we fixed the contact form",
      "log that I finished the monthly security review on bakery.com today, took 30 minutes",
      "log that I did the quarterly security review on greenfieldfarms.org today",
      "add to the work log: moved DNS for Bellamy Law, took 45 min",
    ],
    description: "Non-admins must give site_ids.",
    input: {
      process_id: ProcessId.describe("From list_processes"),
      description: str("Markdown", 20_000).optional(),
      site_ids: SiteIds.optional(),
    },
    effect: "write",
    render: (data, args) => {
      const entry = entryFromTimelines(data);
      if (!entry) return { created: true, site_ids: args.site_ids ?? [], note: "Created without sites: see list_process_logs." };
      return { created: processLogRow(entry), site_ids: args.site_ids };
    },
  }),
  defineOperation({
    name: "update_process_log",
    toolset: "updates",
    method: "POST",
    path: "/process-logs/{id}",
    summary: "Edit a timeline entry (admin or author; you become its author)",
    words: "edit timeline entry work log note fix a log entry",
    asks: [
      "edit the timeline note I wrote yesterday", "fix a typo in that work log entry",
      "make this timeline entry visible to the client", "add another site to that log entry",
      "change the description on log 310", "hide that note from the public timeline",
      "correct which checklist the entry is tied to", "reword yesterday's note so it sounds better for the client",
      "change the text of entry 412", "the note I wrote has the wrong site, attach it to the florist site instead",
      "let the client see that work entry", "make that worklog entry private again",
      "the description on the Monday entry needs more detail, update it",
      "that history note is tied to the wrong routine, point it at the security audit instead",
      "fix the typo in yesterday's timeline note",
      "fix the log entry I made yesterday, it was 2 hours not 20 minutes",
      "edit that Oakridge cleanup log note, I put it on the wrong site",
    ],
    input: {
      id: ProcessLogId,
      process_id: ProcessId,
      description: str("Markdown", 20_000, true),
      site_ids: SiteIds.describe("Replaces the sites"),
      public: z.boolean().optional(),
    },
    effect: "write",
    idempotent: true,
    run: async (args, ctx) => {
      // The server updates the BODY's process_log_id (not the path id) and needs websites[] (endpoints.json).
      const body: Row = {
        process_log_id: args.id,
        process_id: args.process_id,
        description_raw: args.description,
        websites: args.site_ids.map((site_id) => ({ site_id })),
      };
      if (args.public !== undefined) body.public = args.public ? 1 : 0;
      const data = await ctx.call({ body });
      const entry = entryFromTimelines(data, args.id);
      return entry ? { updated: processLogRow(entry) } : { updated: args.id };
    },
  }),
  defineOperation({
    name: "delete_process_log",
    toolset: "updates",
    method: "DELETE",
    path: "/process-logs/{id}",
    summary: "Delete a timeline entry",
    words: "delete timeline entry process log note",
    asks: [
      "delete that timeline entry", "remove the duplicate work log", "I logged that on the wrong site — delete it",
      "erase log entry 310", "get rid of the bogus maintenance note",
      "the client can see a weird note on their timeline, delete it", "that note shouldn't exist, delete it",
      "trash the work log I added by mistake", "remove entry 412 from the history",
      "that note is on the florist's timeline by mistake, wipe it", "there are two identical notes, drop one",
      "delete the test entry I made while learning the tool", "get that wrong work note off the client's history",
      "clear a single work entry", "delete process log 88, it was a mistake",
      "delete the duplicate work log entry 513", "delete that process log entry I created by accident on friday",
      "i logged the wrong task against Riverbend Vets, remove that log note",
    ],
    input: { id: ProcessLogId },
    effect: "destructive",
    confirmText: "Deletes this timeline entry for every site it is attached to.",
    render: (_data, args) => ({ deleted: args.id }),
  }),
  defineOperation({
    name: "list_processes",
    toolset: "updates",
    method: "GET",
    path: "/processes",
    summary: "List processes (maintenance checklists); empty for non-admins",
    words: "maintenance checklists procedures sops",
    asks: [
      "what maintenance checklists do we have", "what repeatable routines have we written down for site care?",
      "show our standard operating procedures", "which recurring tasks/checklists are defined", "list all the SOPs",
      "what checklists can I log work against", "show the maintenance playbooks",
      "which checklist should I follow for a new site launch — what do we have?",
      "what routines can I pick from when logging work", "all our checklists",
      "do we have a documented procedure for migrations?", "list the recurring care tasks we've set up",
      "which standard processes does the agency have on file", "how many documented procedures have we written",
      "show me the checklists we follow for maintenance", "list our standard operating procedures",
      "what documented processes do we have for new hires to follow?",
    ],
    input: {},
    effect: "read",
    render: (data) => {
      const rows = (asArray(data) as Row[]).map(processRow);
      return rows.length ? { processes: rows, total: rows.length } : { processes: [], total: 0, note: "None visible: only administrators see processes." };
    },
  }),
  defineOperation({
    name: "get_process",
    toolset: "updates",
    method: "GET",
    path: "/processes/{id}",
    summary: "Admin: get a process with its instructions as text",
    words: "checklist procedure instructions how we do a maintenance task steps",
    asks: [
      "show me the steps in the monthly maintenance checklist",
      "what are the instructions for the site launch process", "read process 5",
      "how long is the security audit checklist supposed to take", "walk me through the onboarding SOP",
      "open the checklist for plugin updates", "what does the 'new site setup' process say",
      "remind me what's in our monthly care-plan routine", "what steps are in the migration checklist",
      "show checklist 7", "I'm new here, how do we do the monthly site care, what's the procedure",
      "read me the security audit steps", "how much time is the launch routine estimated at and what does it involve",
      "open the procedure for handing off a finished site",
      "how do we do the quarterly security audit, show the steps", "show me the new site launch checklist",
      "open the 'new site launch' process doc", "show me the steps in our monthly maintenance checklist",
    ],
    input: { id: ProcessId },
    effect: "read",
    render: (data, args) => {
      if (!isObject(data) || data.name === null || data.name === undefined) {
        throw new CaptainCoreError("not_found", `No process ${args.id}. Check the id with list_processes.`);
      }
      return { ...processRow(data), description: htmlText(data.description) };
    },
  }),
  defineOperation({
    name: "get_process_raw",
    toolset: "updates",
    method: "GET",
    path: "/processes/{id}/raw",
    summary: "Admin: get a process as stored (markdown, repeat key, role id)",
    words: "checklist markdown source raw",
    asks: [
      "give me the raw markdown of the monthly checklist", "show process 5 as stored, with repeat settings and role",
      "I want to edit the SOP — get the original source text", "unrendered process content",
      "export the checklist markdown", "what role id and repeat interval is on this process",
      "I want the checklist exactly as written, including formatting, to copy into Notion",
      "show the checklist's markdown source", "source text of checklist 7 with its settings",
      "the raw file behind the migration procedure", "I want to back up our SOP exactly as it's stored",
      "how often is the monthly process set to repeat and which role owns it — raw data",
      "markdown of the launch routine, not the formatted view", "plain markdown of process 3, untouched",
      "give me the raw markdown of process 14",
      "give me the raw markdown of the onboarding process so I can paste it into Notion",
      "unformatted source text of process 14",
    ],
    input: { id: ProcessId },
    effect: "read",
    render: (data) => {
      const p = isObject(data) ? data : {};
      return dropEmpty({ ...p, process_id: toId(p.process_id), user_id: toId(p.user_id) });
    },
  }),
  defineOperation({
    name: "update_process",
    toolset: "updates",
    method: "PUT",
    path: "/processes/{id}",
    summary: "Admin: update a process (checklist)",
    words: "edit checklist procedure change steps of a maintenance process",
    asks: [
      "edit the monthly maintenance checklist", "change the time estimate on the launch process to 2 hours",
      "make the security audit repeat every quarter", "rename process 5", "update the instructions in the SOP",
      "assign the checklist to the developer role", "revise a checklist's steps",
      "set the backup verification process to repeat weekly",
      "add a step about checking backups to the monthly routine",
      "the migration procedure should take 3 hours, not 1", "retitle checklist 7 to 'Quarterly Security Review'",
      "this procedure should come round every two weeks", "hand the launch checklist to the project manager role",
      "our site care steps are out of date, rewrite them", "edit our monthly maintenance checklist",
      "add the 'lower TTL first' step to our migration procedure",
      "update our site launch checklist so it includes setting up Fathom",
      "edit the steps in the monthly maintenance process doc",
    ],
    input: {
      id: ProcessId,
      name: str("Name", 200, true),
      description: str("Markdown", 20_000, true),
      time_estimate: str("e.g. 30 min", 40).optional(),
      repeat_interval: str("e.g. monthly", 40).optional(),
      repeat_quantity: str("e.g. 1", 10).optional(),
      roles: id("Role id").optional(),
    },
    effect: "write",
    idempotent: true,
    render: (data, args) => {
      const row = isObject(data) ? data : {};
      const out: Row = { updated: { ...processRow(row), description: row.description } };
      if (row.name !== args.name || row.description !== args.description) {
        out.warning = "CaptainCore returned other values than were sent: the update may not have been applied. Check with get_process_raw.";
      }
      return out;
    },
  }),
  defineOperation({
    name: "list_running_tasks",
    toolset: "updates",
    method: "GET",
    path: "/running",
    summary: "Admin: CLI tasks running now (backups, syncs…); empty for others",
    words: "what is running now background jobs tasks in progress busy",
    asks: [
      "what's running right now?", "is the backup done yet?", "any jobs in progress on the server",
      "show active tasks", "is the sync still going", "what CLI jobs are currently executing",
      "check the queue — anything stuck?", "the client's zip snapshot is taking forever, is it still processing?",
      "is anything happening on the servers right now", "the site copy I started, is it still going",
      "jobs currently in flight", "nothing seems to be finishing, what's stuck in progress",
      "how many background jobs are active at the moment",
      "is the staging push to live still running or did it finish", "what's running right now on the servers",
      "what's running in the background right now?", "what background jobs are running right now across the platform",
      "is anything still chugging on the server? I kicked off a bunch of backups an hour ago",
    ],
    input: {},
    effect: "read",
    render: (data) => {
      const rows = (asArray(data) as Row[]).map((r) => dropEmpty({ ...r, process_id: toId(r.process_id) }));
      return { running: rows, total: rows.length };
    },
  }),
];
