/**
 * The captures of an environment as CaptainCore lists them (GET /site/{id}/{env}/captures: a bare array, newest
 * first, ids as strings, created_at as the server's local "YYYY-MM-DD HH:MM:SS"), and the choice of captures and
 * pages a tool works on.
 */
import { CaptureError } from "./errors.js";
import { buildPath } from "../operations/request.js";
import type { Row } from "../operations/render.js";

export interface CapturePage {
  page: string;
  image_url: string;
}

export interface CaptureRecord {
  capture_id: number;
  created_at: string;
  git_commit?: string;
  image_base_url?: string;
  pages: CapturePage[];
}

export function capturesPath(siteId: number, environment: string): string {
  return buildPath("/site/{site_id}/{environment}/captures", { site_id: siteId, environment });
}

export function parseCaptures(data: unknown): CaptureRecord[] {
  const rows = Array.isArray(data) ? (data as Row[]) : [];
  return rows
    .filter((r) => r && typeof r === "object" && Number(r.capture_id) > 0)
    .map((r) => ({
      capture_id: Number(r.capture_id),
      created_at: String(r.created_at ?? ""),
      git_commit: typeof r.git_commit === "string" && r.git_commit ? r.git_commit : undefined,
      image_base_url: typeof r.image_base_url === "string" && r.image_base_url ? r.image_base_url : undefined,
      pages: (Array.isArray(r.pages) ? (r.pages as Row[]) : [])
        .filter((p) => p && typeof p.page === "string" && typeof p.image_url === "string")
        .map((p) => ({ page: p.page as string, image_url: p.image_url as string })),
    }))
    .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.capture_id - a.capture_id);
}

/** "2026-11-28T09:00:00Z" or "2026-11-28 09:00" → "2026-11-28 09:00:00", comparable with created_at. */
export function normaliseTime(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(value.trim());
  if (!m) throw new CaptureError("capture_not_found", `"${value}" is not a time like 2026-11-28 09:00:00.`);
  return `${m[1]} ${m[2] ?? "00"}:${m[3] ?? "00"}:${m[4] ?? "00"}`;
}

function byId(list: CaptureRecord[], id: number, where: string): CaptureRecord {
  const found = list.find((c) => c.capture_id === id);
  if (!found) {
    throw new CaptureError("capture_not_found", `Capture ${id} is not among the ${list.length} captures of ${where}; list_captures shows their ids.`);
  }
  return found;
}

export function pickCapture(list: CaptureRecord[], captureId: number | undefined, where: string): CaptureRecord {
  if (captureId !== undefined) return byId(list, captureId, where);
  if (!list.length) throw new CaptureError("capture_not_found", `${where} has no captures yet; take one with create_capture.`);
  return list[0]!;
}

export interface PairChoice {
  before?: number;
  after?: number;
  /** A time between the two: the latest capture up to it, and the latest one after it. */
  at?: string;
}

/** The two captures to compare, older first. */
export function pickPair(list: CaptureRecord[], choice: PairChoice, where: string): [CaptureRecord, CaptureRecord] {
  let after: CaptureRecord | undefined;
  let pool = list;
  if (choice.at !== undefined) {
    const at = normaliseTime(choice.at);
    after = choice.after !== undefined ? byId(list, choice.after, where) : list.find((c) => c.created_at > at);
    if (!after) throw new CaptureError("capture_not_found", `${where} has no capture after ${at}; take one with create_capture (it may take a few minutes to appear).`);
    pool = list.filter((c) => c.created_at <= at);
  } else {
    after = choice.after !== undefined ? byId(list, choice.after, where) : list[0];
  }
  if (!after) throw new CaptureError("capture_not_found", `${where} has no captures yet; take one with create_capture.`);
  const before =
    choice.before !== undefined
      ? byId(list, choice.before, where)
      : pool.find((c) => c !== after && (c.created_at < after!.created_at || (c.created_at === after!.created_at && c.capture_id < after!.capture_id)));
  if (!before) throw new CaptureError("capture_not_found", `${where} has no capture older than ${after.capture_id} (${after.created_at}) to compare with; take one with create_capture.`);
  if (before === after) throw new CaptureError("capture_not_found", "before and after are the same capture; pick two different ones.");
  return before.created_at <= after.created_at ? [before, after] : [after, before];
}

/** "/about/" and "about" name the page "/about". */
export function normalisePage(page: string): string {
  const p = page.trim();
  const slash = p.startsWith("/") ? p : `/${p}`;
  return slash.length > 1 ? slash.replace(/\/+$/, "") : slash;
}

export function findPage(capture: CaptureRecord, page: string): CapturePage {
  const wanted = normalisePage(page);
  const found = capture.pages.find((p) => normalisePage(p.page) === wanted);
  if (!found) {
    const pages = capture.pages.map((p) => p.page).join(", ") || "none";
    throw new CaptureError("page_not_found", `Capture ${capture.capture_id} has no page ${wanted}; its pages: ${pages}.`);
  }
  return found;
}
