/** Backups (restic), snapshots (zip archives with signed download links), visual captures and data syncs. */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { defineOperation } from "../operations/types.js";
import { InputError, rendered } from "../operations/executor.js";
import { Environment, id, Limit, Offset, SiteId, checked } from "../operations/schemas.js";
import { pageOf } from "../operations/result.js";
import { asArray, toId } from "../operations/render.js";
import { DEFAULT_WAIT_SECONDS, startAndWait } from "../jobs/run.js";
import { isSpecial, type Row } from "./shared.js";

const SnapshotId = id();
const BackupId = checked("From list_backups", 100, /^[A-Za-z0-9-]+$/, "a backup id from list_backups");

/** Most characters of a backed-up file shown to the model. */
export const FILE_TEXT_CAP = 8_000;

/**
 * Secrets inside file contents (wp-config.php defines, .env lines) are replaced before text leaves the server:
 * key-based redaction does not reach into a file body.
 */
export function redactFileText(text: string): string {
  return text
    .replace(
      /(define\(\s*['"][A-Z0-9_]*(?:PASSWORD|KEY|SALT|SECRET|TOKEN)[A-Z0-9_]*['"]\s*,\s*)(['"])(.*?)\2/g,
      "$1$2[redacted]$2",
    )
    .replace(/^(\s*(?:export\s+)?[A-Z0-9_]*(?:PASSWORD|SECRET|KEY|TOKEN)[A-Z0-9_]*\s*=\s*).+$/gm, "$1[redacted]");
}

/** A backed-up file as the model may see it: capped, redacted text, or a summary of binary content. */
export function fileResult(file: string, value: unknown): Row {
  if (isSpecial(value)) {
    if (value.kind === "binary") {
      return { file, content_type: value.contentType, bytes: value.bytes, note: "Binary file: content not shown." };
    }
    if (value.kind === "redirect") return { file, location: value.location };
    value = value.text;
  }
  const raw = typeof value === "string" ? value : JSON.stringify(value, null, 1);
  const text = redactFileText(raw);
  if (text.length <= FILE_TEXT_CAP) return { file, chars: text.length, content: text };
  return {
    file,
    chars: text.length,
    content: text.slice(0, FILE_TEXT_CAP),
    truncated: true,
    note: `Showing the first ${FILE_TEXT_CAP} of ${text.length} characters. Read large files with run_code (e.g. tail, grep) on the live site.`,
  };
}

function backupsPage(data: unknown, a: { limit: number; offset: number }) {
  const rows = (asArray(data) as Row[]).map((b) => ({ id: b.id, short_id: b.short_id, time: b.time }));
  return pageOf("backups", rows, a);
}

function captureRow(c: Row): Row {
  return {
    capture_id: toId(c.capture_id),
    created_at: c.created_at,
    git_commit: c.git_commit,
    pages: (asArray(c.pages) as Row[]).map((p) => ({ page: p.page, image_url: p.image_url })),
  };
}

export const operations = [
  defineOperation({
    name: "list_backups",
    toolset: "backups",
    method: "GET",
    path: "/site/{site_id}/{environment}/backups",
    summary: "List an environment's restic backups, newest first",
    words: "backups of a site restore points available backups when was the last backup when was it last backed up latest backup date",
    input: { site_id: SiteId, environment: Environment, limit: Limit(20, 100), offset: Offset },
    effect: "read",
    render: backupsPage,
  }),
  defineOperation({
    name: "get_backup",
    toolset: "backups",
    method: "GET",
    path: "/sites/{site_id}/{environment}/backups/{backup_id}",
    summary: "Get a backup's file list URL, or read one file",
    words: "files inside a backup read a file from backup browse backup contents what is in a backup",
    description: "With file: its text (capped, secrets redacted).",
    input: {
      site_id: SiteId,
      environment: Environment,
      backup_id: BackupId,
      file: checked("File path inside the backup", 1000).optional(),
    },
    effect: "read",
    run: async (a, ctx) => {
      if (!a.file) {
        const url = await ctx.call({});
        if (typeof url === "string" && url) {
          return { backup_id: a.backup_id, tree_url: url, note: "Pass a path from that list as file to read it." };
        }
        return { backup_id: a.backup_id, tree_url: null, note: "No URL came back: check backup_id with list_backups (or CaptainCore's CLI is down)." };
      }
      try {
        const content = await ctx.call({ query: { file: a.file } });
        const textOf = isSpecial(content) && content.kind === "text" ? content.text : content;
        // restic's own failures (unknown id, missing path) arrive as the streamed "file".
        if (typeof textOf === "string" && /^Fatal: /.test(textOf)) {
          throw new CaptainCoreError("api_error", `${textOf.trim().slice(0, 300)}. Check backup_id with list_backups and the path with tree_url`);
        }
        return fileResult(a.file, content);
      } catch (err) {
        // The plugin streams the bytes under WordPress's JSON content type; non-JSON content cannot be read back.
        if (err instanceof CaptainCoreError && err.code === "invalid_response" && err.status === 200) {
          return rendered({ file: a.file, content: null }, { note: "CaptainCore streamed this file labelled as JSON, so its content could not be read here. Read it on the live site with run_code." });
        }
        throw err;
      }
    },
  }),
  defineOperation({
    name: "set_backup_settings",
    toolset: "backups",
    method: "POST",
    path: "/sites/{site_id}/backup",
    summary: "Turn a site's backups on/off or change interval and mode",
    words: "turn backups on off enable disable pause backup frequency schedule interval",
    input: {
      site_id: SiteId,
      active: z.boolean().optional(),
      interval: checked("e.g. daily, weekly", 20).optional(),
      mode: checked("e.g. direct, local", 20).optional(),
    },
    effect: "write",
    idempotent: true,
    // The server replaces the whole settings object: merge with the current one so a partial change loses nothing.
    run: async (a, ctx) => {
      if (a.active === undefined && a.interval === undefined && a.mode === undefined) {
        throw new InputError("set_backup_settings needs at least one of active, interval, mode. Nothing was sent.");
      }
      let current: Row = {};
      if (a.active === undefined || a.interval === undefined || a.mode === undefined) {
        const details = (await ctx.call({ method: "GET", path: "/sites/{site_id}/details" })) as Row;
        const saved = ((details?.site as Row | undefined)?.backup_settings ?? {}) as Row | string;
        current = typeof saved === "string" ? (JSON.parse(saved || "{}") as Row) : saved;
      }
      const settings: Row = { ...current };
      if (a.active !== undefined) settings.active = a.active;
      if (a.interval !== undefined) settings.interval = a.interval;
      if (a.mode !== undefined) settings.mode = a.mode;
      const saved = await ctx.call({ body: { settings } });
      return { site_id: a.site_id, backup_settings: saved };
    },
  }),
  defineOperation({
    name: "list_snapshots",
    toolset: "backups",
    method: "GET",
    path: "/site/{site_id}/snapshots",
    summary: "List a site's snapshots (zip archives), newest first",
    words: "zip archives snapshots downloads of a site zip exports generated full site zips",
    input: { site_id: SiteId, limit: Limit(20, 100), offset: Offset },
    effect: "read",
    render: (data, a) => {
      const rows: Row[] = [];
      const grouped = data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
      for (const [env, list] of Object.entries(grouped)) {
        for (const snap of asArray(list) as Row[]) {
          const created = Number(snap.created_at);
          rows.push({
            snapshot_id: toId(snap.snapshot_id),
            environment: env,
            snapshot_name: snap.snapshot_name,
            created_at: Number.isFinite(created) && created > 0 ? new Date(created * 1000).toISOString() : snap.created_at,
            size_bytes: Number(snap.storage) || undefined,
            by: (snap.user as Row | undefined)?.name ?? snap.email,
            notes: snap.notes || undefined,
          });
        }
      }
      rows.sort((x, y) => String(y.created_at).localeCompare(String(x.created_at)));
      return pageOf("snapshots", rows, a);
    },
  }),
  defineOperation({
    name: "create_snapshot_link",
    toolset: "backups",
    method: "GET",
    path: "/sites/{site_id}/snapshot-link/{snapshot_id}",
    summary: "Mint a 24-hour download token for a snapshot",
    words: "download link for a snapshot zip share download",
    description: "Next: get_snapshot_download_url.",
    input: { site_id: SiteId, snapshot_id: SnapshotId },
    effect: "write",
    render: (data, a) => ({ snapshot_id: a.snapshot_id, ...(data as Row) }),
  }),
  defineOperation({
    name: "get_snapshot_download_url",
    toolset: "backups",
    method: "GET",
    path: "/site/{site_id}/snapshots/{snapshot_id}-{token}/{snapshot_name}",
    summary: "Get the signed download URL of a snapshot zip",
    words: "download url of snapshot zip",
    input: {
      site_id: SiteId,
      snapshot_id: SnapshotId,
      token: checked("Token from create_snapshot_link", 100, /^[A-Za-z0-9-]+$/, "the token from create_snapshot_link"),
      snapshot_name: checked("From list_snapshots", 200, /^[A-Za-z0-9-]+(\.zip)?$/, "a snapshot_name from list_snapshots").transform(
        (n) => n.replace(/\.zip$/, ""),
      ),
    },
    effect: "read",
    render: (data) => {
      const location = (data as Row)?.location;
      return typeof location === "string" ? { url: location, note: "Signed, short-lived URL of the .zip." } : data;
    },
  }),
  defineOperation({
    name: "list_captures",
    toolset: "backups",
    method: "GET",
    path: "/site/{site_id}/{environment}/captures",
    summary: "List visual captures (page screenshots), newest first",
    words: "screenshots history visual changes how the homepage looked visual regression",
    input: { site_id: SiteId, environment: Environment, limit: Limit(10, 50), offset: Offset },
    effect: "read",
    render: (data, a) => {
      return pageOf("captures", (asArray(data) as Row[]).map(captureRow), a);
    },
  }),
  defineOperation({
    name: "create_capture",
    toolset: "backups",
    method: "GET",
    path: "/sites/{site_id}/{environment}/captures/new",
    summary: "Take new screenshots of an environment's capture pages",
    words: "take screenshot now capture homepage",
    description: "Before and after an update, then compare_captures.",
    input: { site_id: SiteId, environment: Environment },
    effect: "write",
    core: true,
    render: (_data, a) => ({
      site_id: a.site_id,
      environment: a.environment,
      status: "started",
      note: "Runs in the background; see list_captures in a few minutes, then compare_captures.",
    }),
  }),
  defineOperation({
    name: "set_capture_pages",
    toolset: "backups",
    method: "POST",
    path: "/sites/{site_id}/{environment}/captures",
    summary: "Set which pages visual captures screenshot",
    words: "which pages to screenshot capture pages list monitor pages visually add page to screenshots",
    input: {
      site_id: SiteId,
      environment: Environment,
      pages: z
        .array(z.string().trim().refine((p) => p.length >= 1 && p.length <= 300, "a path of 1 to 300 characters"))
        .refine((l) => l.length >= 1 && l.length <= 50, "1 to 50 paths")
        .describe("Paths, e.g. / and /about"),
      auth: z
        .object({ username: z.string(), password: z.string() })
        .optional()
        .describe("HTTP basic auth"),
    },
    effect: "write",
    idempotent: true,
    body: (a) => ({
      pages: a.pages.map((p) => ({ page: p.startsWith("/") ? p : `/${p}` })),
      ...(a.auth ? { auth: a.auth } : {}),
    }),
    render: (data, a) => ({
      pages: a.pages.map((p) => (p.startsWith("/") ? p : `/${p}`)),
      captures: asArray(data).length,
      note: "Saved. create_capture takes screenshots now.",
    }),
  }),
  defineOperation({
    name: "sync_site_data",
    toolset: "backups",
    method: "GET",
    path: "/sites/{site_id}/{environment}/sync/data",
    summary: "Refresh an environment's plugins, themes and users in CaptainCore",
    words: "refresh site info resync plugins themes users stale data rescan",
    description: "Runs sync-data and waits like run_code.",
    input: { site_id: SiteId, environment: Environment },
    effect: "write",
    run: (args, ctx) =>
      startAndWait(ctx, {
        tool: "sync_site_data",
        path: "/sites/cli",
        body: { post_id: args.site_id, command: "sync-data", environment: args.environment === "staging" ? "Staging" : "Production" },
        what: "sync-data",
        where: `site ${args.site_id} (${args.environment})`,
        waitSeconds: DEFAULT_WAIT_SECONDS,
      }),
  }),
];
