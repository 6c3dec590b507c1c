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
    asks: [
      "show quicksaves for bakery.com", "list the restore points", "what quicksaves do we have for the live site",
      "when was the last quicksave", "history of plugin snapshots", "list version snapshots for staging",
      "how many quicksaves are there for mapleyoga.com", "recent quicksaves",
      "what restore points are there for my website?", "version snapshot history for the live site",
      "how far back can we roll back", "most recent version checkpoints",
      "list checkpoints from this month for lakeshoremarina.com", "how many version checkpoints exist for staging",
      "list quicksaves for staging", "did anyone change the theme on bakery.com last week?",
      "which plugins changed when the site broke on tuesday",
      "show me the history of plugin and theme versions on shopnorth.com",
      "show me the list of restore points for lakeside-dental production",
      "show me the restore points for oakridgebakery.com production",
      "what quicksaves do we have on the staging copy of lumenlaw? need to see the history",
    ],
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
    asks: [
      "when did woocommerce get updated on bakery.com", "history of the Elementor plugin versions",
      "when was Yoast deactivated", "what version of the theme did we have last month",
      "track changes to contact-form-7 over time", "find when the plugin version changed",
      "when was the astra theme last updated", "quicksave history for a plugin",
      "when did someone change the version of the booking plugin on my website?",
      "version timeline for brewhouse.com", "when did the theme switch", "has woocommerce been on 8.x long",
      "which date did the plugin get activated", "timeline of one plugin's version and active status",
      "find the point where elementor got bumped to 3.25 on site 2456",
      "when did hartwell plumbing's site last have Elementor 3.18? search their saved versions",
      "Find the quicksave on greenleafyoga where WooCommerce was still on 8.4 before it broke checkout",
    ],
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
    asks: [
      "what plugins changed in this quicksave", "which versions went from what to what",
      "what was updated yesterday on bakery.com", "show the plugin/theme changes in the snapshot",
      "what plugins were added or removed", "quicksave details", "did the theme change in that quicksave",
      "what did the last update batch change", "what got updated on my website last night?",
      "from → to versions in the snapshot", "which plugins were installed or removed",
      "version changes in that restore point", "did the WordPress core version change in that snapshot",
      "summary of plugin and theme moves in that snapshot",
      "what plugin versions were installed at restore point 058d6264?",
      "what plugins and versions were on bakery.com in the Nov 12 snapshot",
      "which plugin versions were installed at save 446d35f6 on the Hopkins site?",
      "open quicksave 446d35f6 for site 2456 and tell me which plugin and theme versions it captured",
      "what exactly changed in yesterday's 3am quicksave on the Bellweather Farms site?",
    ],
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
    asks: [
      "list changed files in the quicksave", "which files were modified in that snapshot",
      "how many files changed per folder", "show me added and deleted files",
      "did anything in wp-content/themes change", "files touched in the quicksave",
      "changed files list for bakery.com's last quicksave", "were any php files modified",
      "which files changed in uploads in that snapshot", "M/A/D file list for the snapshot",
      "files changed per directory", "filter changed files by .php", "next page of changed files",
      "any new files in wp-content/uploads on foxglovefarm.com? could be malware",
      "what changed in the last quicksave", "which files changed in quicksave 446d35f6?",
      "which files changed in that Nov 12 snapshot?", "what files were added or deleted in that 446d35f6 save?",
      "list every file that was added, modified or deleted in that last quicksave on mapleandmoss",
      "which files got touched between the snapshots? suspicious stuff in wp-content on tidewaterkayaks",
    ],
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
    asks: [
      "show the diff for functions.php", "what changed in this file", "compare file versions",
      "unified diff for wp-config.php", "let me see the code changes in style.css", "file diff in quicksave",
      "show more of the diff", "what exactly was edited in header.php", "show what was changed in this one file",
      "patch view of the plugin's main php file in that snapshot", "next part of the diff",
      "before/after of functions.php", "what was added to .htaccess", "+/- lines for one file in the snapshot",
      "diff of a file in a quicksave", "show me the diff of functions.php in that restore point",
      "compare functions.php before and after the last change on bakery.com",
      "show me exactly what changed in themes/stonebridge/functions.php in save a91c07",
      "show me the line-by-line diff of functions.php in the theme from quicksave 9b1e07",
      "Someone edited plugins/share-one-drive/includes/UserFolders.php on client site 2456 — what did they change?",
      "show me the diff for functions.php in yesterday's quicksave",
    ],
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
    asks: [
      "roll back bakery.com to yesterday's quicksave", "undo the changes in that quicksave",
      "restore the plugins to how they were in that snapshot", "the update broke checkout, revert to before",
      "roll back just woocommerce using the quicksave", "restore the previous version of everything",
      "revert to the quicksave state", "go back to the plugin versions from last week",
      "everything broke after updates, put it back how it was",
      "put the plugins back to the versions recorded in that snapshot", "undo the changes from that update",
      "revert one plugin using the restore point", "restore the exact state of that snapshot",
      "rollback to the snapshot, yes I confirm", "roll back a plugin to the previous version",
      "undo yesterday's plugin updates on the yoga site",
      "the client says the contact form stopped working after yesterday's plugin updates — put it back how it was",
      "revert gravity forms only on thecoffeecart.com, the new version broke the booking form",
      "roll bakery.com back to how it was on monday",
      "Yesterday's updates broke checkout on sweetgrass-salon.com. Put it back the way it was before them, please!!",
      "last night's updates broke the checkout on shopwillow.com, put it back how it was before",
      "roll back silverlakedentistry to yesterday's quicksave, the update broke their booking form",
      "last night's plugin update broke checkout on shopfernwood.com, put everything back how it was",
      "restore plugins and themes to tuesday's quicksave on staging",
    ],
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
