/**
 * Quicksaves: CaptainCore's git snapshots of a site environment's plugins, themes and core. What changed (components
 * and files), file diffs paged by line, the history of one plugin, and rollbacks (through /sites/cli, which runs at once, not the queued /quicksaves/{hash}/rollback, docs/api/NOTES.md §7.6).
 * The CLI behind these routes only knows lower-case `production`/`staging`, and `<id>-both` (what the server asks
 * for when environment is missing) matches nothing (docs/api/NOTES.md §5), so environment is always required and lower-cased.
 */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { InputError } from "../operations/executor.js";
import { defineOperation } from "../operations/types.js";
import { Hash, Limit, Offset, OneEnvironment, SiteId, Slug } from "../operations/schemas.js";
import { dropEmpty, paginate } from "../operations/result.js";
import { asArray } from "../operations/render.js";
import { DEFAULT_WAIT_SECONDS, startAndWait } from "../jobs/run.js";
import { componentSections, iso, type QsComponent, type Row } from "./shared.js";

const isObject = (v: unknown): v is Row => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every component of a snapshot: name, version, status. */
function quicksaveRow(q: Row): Row {
  const row: Row = { hash: q.hash, created_at: iso(q.created_at), core: q.core || undefined };
  if (q.core_previous && q.core_previous !== q.core) row.core_previous = q.core_previous;
  row.plugin_count = q.plugin_count;
  row.theme_count = q.theme_count;
  return dropEmpty(row) as Row;
}


function notFound(what: string): CaptainCoreError {
  return new CaptainCoreError("not_found", what);
}

/** The diff is produced with --html (docs/api/NOTES.md, endpoints.json): undo the entity escaping. */
export function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

const MAX_LINE = 400;

/** `M\tpath` lines (renames: `R100\told\tnew`) → "M path" strings. */
export function parseChangedFiles(data: unknown): { code: string; path: string }[] {
  const text = typeof data === "string" ? data : "";
  const out: { code: string; path: string }[] = [];
  for (const line of text.split("\n")) {
    const parts = line.replace(/\r$/, "").split("\t");
    if (parts.length < 2 || !/^[A-Z]\d*$/.test(parts[0]!)) continue;
    out.push({ code: parts[0]!.charAt(0), path: parts.slice(1).join(" → ") });
  }
  return out;
}

function componentOf(path: string): string {
  const segs = path.split(" → ").pop()!.split("/");
  return ["plugins", "themes", "mu-plugins"].includes(segs[0]!) && segs.length > 2 ? `${segs[0]}/${segs[1]}` : segs[0]!;
}

const FilePath = z
  .string()
  .refine(
    (s) => /^(?!\/)(?!.*\.\.)[A-Za-z0-9._\/@+~-]{1,500}$/.test(s),
    "a path relative to wp-content without spaces or '..', e.g. plugins/akismet/akismet.php",
  )
  .describe("Path from get_quicksave_changes");

const where = (args: { site_id: number; environment: string }) => `site ${args.site_id} ${args.environment}`;

export const operations = [
  defineOperation({
    name: "list_quicksaves",
    toolset: "quicksaves",
    core: true,
    method: "GET",
    path: "/quicksaves",
    summary: "List quicksaves (plugin/theme/core snapshots) of a site environment, newest first",
    words: "restore points plugin theme snapshots history of changes versions over time what changed recently theme changed",
    description: "Next: get_quicksave (which plugins/themes changed), get_quicksave_changes (files), rollback_quicksave.",
    input: { site_id: SiteId, environment: OneEnvironment, limit: Limit(20, 200), offset: Offset },
    effect: "read",
    render: (data, args) => {
      const { items, ...paging } = paginate((asArray(data) as Row[]).map(quicksaveRow), args.offset, args.limit);
      const out: Row = { quicksaves: items, ...paging };
      if (!paging.total) out.note = `No quicksaves for ${where(args)} (CaptainCore also answers empty when its CLI is unreachable).`;
      return out;
    },
  }),
  defineOperation({
    name: "search_quicksaves",
    toolset: "quicksaves",
    method: "GET",
    path: "/quicksaves/search",
    summary: "History of one plugin/theme across quicksaves: when its version or status changed",
    words: "history of one plugin or theme when did its version change when was it updated activated deactivated who changed the theme",
    input: {
      site_id: SiteId,
      environment: OneEnvironment,
      slug: Slug,
      type: z.enum(["plugin", "theme"]).default("plugin"),
    },
    effect: "read",
    run: async (args, ctx) => {
      const data = await ctx.call({
        method: "GET",
        path: "/quicksaves/search",
        query: { site_id: args.site_id, environment: args.environment, search: `${args.type}:name:${args.slug}` },
      });
      const rows = asArray(data) as Row[]; // oldest first
      const changes: Row[] = [];
      let previous = "absent";
      for (const row of rows) {
        const item = isObject(row.item) ? (row.item as QsComponent) : undefined;
        const state = item ? `${item.version}|${item.status}` : "absent";
        if (state !== previous) {
          if (item) changes.push(dropEmpty({ hash: row.hash, created_at: iso(row.created_at), version: item.version, status: item.status }) as Row);
          else changes.push({ hash: row.hash, created_at: iso(row.created_at), removed: true });
        }
        previous = state;
      }
      changes.reverse();
      return { slug: args.slug, type: args.type, quicksaves_scanned: rows.length, changes_newest_first: changes };
    },
  }),
  defineOperation({
    name: "get_quicksave",
    toolset: "quicksaves",
    method: "GET",
    path: "/quicksaves/{hash}",
    summary: "Which plugins/themes changed (from → to), were added or removed in a quicksave",
    words: "which plugin versions at a restore point what was installed then plugins themes in a quicksave plugins and versions in a snapshot at that date",
    input: { site_id: SiteId, environment: OneEnvironment, hash: Hash, all: z.boolean().optional().describe("Also list every plugin/theme") },
    effect: "read",
    render: (data, args) => {
      if (!isObject(data) || Object.keys(data).length === 0) {
        throw notFound(`No quicksave ${args.hash} on ${where(args)}. Check the hash with list_quicksaves.`);
      }
      const out: Row = {
        hash: args.hash,
        core: data.core,
        core_previous: data.core_previous && data.core_previous !== data.core ? data.core_previous : undefined,
        previous_created_at: iso(data.previous_created_at),
        files: typeof data.status === "string" ? data.status.trim() : undefined,
        ...componentSections(data, args.all),
      };
      return dropEmpty(out);
    },
  }),
  defineOperation({
    name: "get_quicksave_changes",
    toolset: "quicksaves",
    core: true,
    method: "GET",
    path: "/quicksaves/{hash}/changed",
    summary: "Files changed in a quicksave: counts per folder and 'M|A|D path' lines, paged",
    words: "files changed in a quicksave modified added deleted files which files changed in a snapshot",
    description: "Next: get_quicksave_file_diff.",
    input: {
      site_id: SiteId,
      environment: OneEnvironment,
      hash: Hash,
      match: z
        .string()
        .refine((s) => /^[A-Za-z0-9._\/@+~-]{1,200}$/.test(s), "a path fragment without spaces, e.g. plugins/woocommerce")
        .optional()
        .describe("Only paths containing this"),
      limit: Limit(100, 500),
      offset: Offset,
    },
    effect: "read",
    render: (data, args) => {
      const files = parseChangedFiles(data);
      const counts: Record<string, number> = {};
      const byFolder = new Map<string, number>();
      for (const f of files) {
        counts[f.code] = (counts[f.code] ?? 0) + 1;
        const folder = componentOf(f.path);
        byFolder.set(folder, (byFolder.get(folder) ?? 0) + 1);
      }
      const folders = [...byFolder.entries()].sort((a, b) => b[1] - a[1]);
      const { items, ...paging } = paginate(
        files.map((f) => `${f.code} ${f.path}`),
        args.offset,
        args.limit,
      );
      const out: Row = {
        hash: args.hash,
        counts,
        by_folder: Object.fromEntries(folders.slice(0, 25)),
        files: items,
        ...paging,
      };
      if (folders.length > 25) out.more_folders = folders.length - 25;
      if (files.length === 0) {
        out.note = `No changed files${args.match ? ` matching "${args.match}"` : ""} for quicksave ${args.hash} on ${where(args)}. Check the hash with list_quicksaves.`;
      }
      return out;
    },
  }),
  defineOperation({
    name: "get_quicksave_file_diff",
    toolset: "quicksaves",
    core: true,
    method: "GET",
    path: "/quicksaves/{hash}/filediff",
    summary: "Unified diff of one file in a quicksave, paged by lines",
    words: "diff of a file what changed in one file code changes compare a file before and after a change",
    input: {
      site_id: SiteId,
      environment: OneEnvironment,
      hash: Hash,
      file: FilePath,
      offset: Offset,
      limit: z.number().int().min(1).max(1000).default(200).describe("Lines"),
    },
    effect: "read",
    render: (data, args) => {
      const text = typeof data === "string" ? unescapeHtml(data).replace(/\n$/, "") : "";
      if (!text.trim()) {
        throw notFound(
          `No diff for ${args.file} in quicksave ${args.hash} on ${where(args)}: the file did not change there, the path is wrong, or CaptainCore's CLI did not answer. List changed files with get_quicksave_changes.`,
        );
      }
      const lines = text.split("\n");
      let added = 0;
      let removed = 0;
      for (const l of lines) {
        if (l.startsWith("+") && !l.startsWith("+++")) added++;
        else if (l.startsWith("-") && !l.startsWith("---")) removed++;
      }
      let cut = 0;
      const slice = lines.slice(args.offset, args.offset + args.limit).map((l) => {
        if (l.length <= MAX_LINE) return l;
        cut++;
        return `${l.slice(0, MAX_LINE)}…[${l.length - MAX_LINE} more characters]`;
      });
      const out: Row = {
        file: args.file,
        hash: args.hash,
        total_lines: lines.length,
        lines_added: added,
        lines_removed: removed,
        offset: args.offset,
        diff: slice.join("\n"),
      };
      if (args.offset + slice.length < lines.length) out.next_offset = args.offset + slice.length;
      if (cut) out.long_lines_cut = cut;
      if (args.offset >= lines.length) out.note = `offset is past the end: the diff has ${lines.length} lines.`;
      return out;
    },
  }),
  defineOperation({
    name: "rollback_quicksave",
    toolset: "quicksaves",
    core: true,
    method: "POST",
    path: "/quicksaves/{hash}/rollback",
    summary: "Roll back all plugins/themes, or one, to a quicksave",
    words: "restore plugins themes to a restore point undo update roll back revert to earlier version downgrade put it back how it was broke after updates stopped working after plugin update",
    description: "version=previous undoes this quicksave's changes; version=this restores its state. Waits like run_code.",
    input: {
      site_id: SiteId,
      environment: OneEnvironment,
      hash: Hash,
      type: z.enum(["all", "plugin", "theme"]),
      version: z.enum(["previous", "this"]),
      value: Slug.optional().describe("Slug, for type plugin/theme"),
    },
    effect: "destructive",
    confirmText: "Overwrites this environment's plugin/theme files.",
    run: async (args, ctx) => {
      if (args.type !== "all" && !args.value) {
        throw new InputError(`value (the ${args.type} slug) is required when type is ${args.type}. Nothing was sent.`);
      }
      if (args.type === "all" && args.value) {
        throw new InputError(`value is only used with type plugin or theme; remove it to roll back everything, or set type. Nothing was sent.`);
      }
      // Check the quicksave (and the component) exist first: the rollback itself is queued blind and cannot report it.
      const detail = await ctx.call({
        method: "GET",
        path: "/quicksaves/{hash}",
        query: { site_id: args.site_id, environment: args.environment },
      });
      if (!isObject(detail) || Object.keys(detail).length === 0) {
        throw notFound(`No quicksave ${args.hash} on ${where(args)}; nothing was rolled back. Check the hash with list_quicksaves.`);
      }
      if (args.type !== "all") {
        const kind = args.type === "plugin" ? "plugins" : "themes";
        const known = [...asArray(detail[kind]), ...asArray(detail[`${kind}_deleted`])].map((c) => (c as QsComponent)?.name);
        if (!known.includes(args.value)) {
          const sample = known.filter(Boolean).slice(0, 15).join(", ");
          throw new InputError(
            `${args.type} "${args.value}" is not in quicksave ${args.hash}${sample ? ` (its ${kind}: ${sample}${known.length > 15 ? ", …" : ""})` : ""}. Nothing was rolled back.`,
          );
        }
      }
      // POST /quicksaves/{hash}/rollback only queues a task the web UI must start (docs/api/NOTES.md §7.6); the same rollback
      // through /sites/cli starts at once and finishes as a job.
      const target = args.type === "all" ? "all plugins and themes" : `${args.type} ${args.value}`;
      const body: Row = {
        post_id: args.site_id,
        command: args.type === "all" ? "quicksave_rollback" : "rollback",
        environment: args.environment === "staging" ? "Staging" : "Production",
        commit: args.hash,
        version: args.version,
      };
      if (args.type !== "all") Object.assign(body, { addon_type: args.type, value: args.value });
      return startAndWait(ctx, {
        tool: "rollback_quicksave",
        path: "/sites/cli",
        body,
        what: `roll back ${target} to ${args.version === "previous" ? "before" : "at"} quicksave ${args.hash.slice(0, 12)}`,
        where: where(args),
        waitSeconds: DEFAULT_WAIT_SECONDS,
      });
    },
  }),
];
