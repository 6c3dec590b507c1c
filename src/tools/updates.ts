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
    input: {},
    effect: "read",
    render: (data) => {
      const rows = (asArray(data) as Row[]).map((r) => dropEmpty({ ...r, process_id: toId(r.process_id) }));
      return { running: rows, total: rows.length };
    },
  }),
];
