/**
 * What more than one toolset uses: the answer shapes CaptainCore shares across routes and the client helpers a
 * toolset may use. Toolset modules import this module and src/operations, never each other or the client's internals.
 */
import { z } from "zod";
import { CaptainCoreError, type ErrorCode } from "../client/errors.js";
import { dropEmpty } from "../operations/result.js";
import { asArray, toId, type Row } from "../operations/render.js";
import { email, positiveInt } from "../operations/schemas.js";

export { htmlToText, isSpecial } from "../client/normalize.js";
export { REDACTED } from "../client/redact.js";

export type { Row } from "../operations/render.js";

/**
 * Runs `work`; a CaptainCore error that `matches` leaves as `code` with our `message` instead (its status and server
 * code kept): for answers whose own words would send the model the wrong way.
 */
export async function rewordError<T>(
  work: () => Promise<T>,
  matches: (err: CaptainCoreError) => boolean,
  code: ErrorCode,
  message: string,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CaptainCoreError && matches(err)) {
      throw new CaptainCoreError(code, message, { status: err.status, serverCode: err.serverCode });
    }
    throw err;
  }
}

/**
 * A bare task token (docs/api/NOTES.md §7.6): CaptainCore saved the change and queued a CLI task that only starts when the
 * CaptainCore web UI opens a WebSocket; from the API alone it stays queued.
 */
export function queuedTask(token: unknown, task: string): Row {
  return {
    status: "queued",
    token,
    note: `Saved. The follow-up "${task}" task is queued and starts only when someone opens the CaptainCore web UI; polling the token will show queued until then.`,
  };
}

/** GET /environments and push-targets: bare arrays with integer ids. */
export function environmentRows(data: unknown): Row[] {
  return (asArray(data) as Row[]).map((e) => ({
    site_id: toId(e.site_id),
    name: e.name,
    environment: e.environment,
    environment_id: toId(e.environment_id),
    home_url: e.home_url,
  }));
}

/**
 * A renderer for an answer that is one JSON object: `view` gets it as a Row (no answer: an empty one), so that each
 * renderer does not cast it again.
 */
export function renderRow<A>(view: (row: Row, args: A) => unknown): (data: unknown, args: A) => unknown {
  return (data, args) => view((data ?? {}) as Row, args);
}

/** Unix seconds (number or numeric string) → "2026-11-28T09:00:00Z"; anything else → undefined. */
export function iso(value: unknown): string | undefined {
  const n = typeof value === "string" && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) return undefined;
  return new Date(n * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export interface QsComponent {
  name?: string;
  title?: string;
  version?: string;
  status?: string;
  changed?: boolean;
  new?: boolean;
  changed_version?: string;
  changed_status?: string;
}

/**
 * What changed in one component list of a quicksave or update log. The CLI flags each component with `changed`,
 * `new` (added) and keeps the PREVIOUS value in `changed_version` / `changed_status`; deletions come separately.
 */
export function componentChanges(list: unknown, deleted: unknown, withUnchanged = true): Row {
  const items = asArray(list) as QsComponent[];
  const changed: Row[] = [];
  const added: Row[] = [];
  for (const c of items) {
    if (!c || !c.changed) continue;
    if (c.new) {
      added.push(dropEmpty({ name: c.name, version: c.version, status: c.status }) as Row);
      continue;
    }
    const row: Row = { name: c.name };
    if (c.changed_version && c.changed_version !== c.version) {
      row.from = c.changed_version;
      row.to = c.version;
    } else row.version = c.version;
    if (c.changed_status && c.changed_status !== c.status) row.status = `${c.changed_status} → ${c.status}`;
    changed.push(row);
  }
  const removed = (asArray(deleted) as QsComponent[]).map((c) => dropEmpty({ name: c?.name, version: c?.version }));
  const out: Row = { changed, added, removed };
  if (withUnchanged) out.unchanged = items.length - changed.length - added.length;
  return dropEmpty(out) as Row;
}

/**
 * The plugins and themes of a quicksave or update log: what changed (componentChanges), and with `all` every one of
 * them as well.
 */
export function componentSections(data: Row, all: boolean | undefined): Row {
  const out: Row = {
    plugins: componentChanges(data.plugins, data.plugins_deleted),
    themes: componentChanges(data.themes, data.themes_deleted),
  };
  if (all) {
    out.all_plugins = componentList(data.plugins);
    out.all_themes = componentList(data.themes);
  }
  return out;
}

function componentList(list: unknown): Row[] {
  return (asArray(list) as QsComponent[]).map((c) => dropEmpty({ name: c?.name, version: c?.version, status: c?.status }) as Row);
}

/** The stored defaults a member can change (also used by the global defaults in config.ts). */
export const DefaultsInput = {
  email: email().optional(),
  timezone: z.string().trim().max(64).optional().describe("e.g. America/New_York"),
  recipes: z.array(positiveInt).max(100).optional().describe("Recipe IDs run on new sites"),
  users: z
    .array(
      z
        .partialRecord(z.enum(["email", "username", "first_name", "last_name", "role"]), z.string().max(200))
        .refine((u) => !!u.email && !!u.username, "each user needs email and username"),
    )
    .max(50)
    .optional()
    .describe("WP users made on new sites"),
};

/** Merges changed fields into the current defaults: the API replaces the whole object. */
export function mergeDefaults(current: unknown, args: Row): Row {
  const base = current && typeof current === "object" && !Array.isArray(current) ? (current as Row) : {};
  const out: Row = { email: base.email ?? "", timezone: base.timezone ?? "", recipes: base.recipes ?? [], users: base.users ?? [] };
  for (const k of ["email", "timezone", "recipes", "users"]) if (args[k] !== undefined) out[k] = args[k];
  return out;
}
