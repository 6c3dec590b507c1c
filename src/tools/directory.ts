/** WordPress.org plugin/theme directory search, fleet security logs (admin) and the cold-storage archive (admin). */
import { z } from "zod";
import { defineOperation } from "../operations/types.js";
import { Limit, Offset, Search, checked } from "../operations/schemas.js";
import { pageOf } from "../operations/result.js";
import { asArray, matches, toId } from "../operations/render.js";
import { htmlToText, type Row } from "./shared.js";

const Term = checked("Search term; omit for popular", 200).optional();
const Page = z.number().int().min(1).default(1);

const short = (v: unknown, max = 160) => {
  if (typeof v !== "string") return undefined;
  const plain = v.includes("<") || v.includes("&") ? htmlToText(v, 10_000) : v.trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
};

/** WordPress.org answers {info: {page, pages, results}, plugins|themes: [...]}: keep what picks a component. */
function directoryPage(data: unknown, key: "plugins" | "themes", row: (r: Row) => Row): Row {
  const obj = (data ?? {}) as Row;
  const info = (obj.info ?? {}) as Row;
  const page = Number(info.page) || 1;
  const pages = Number(info.pages) || 0;
  const out: Row = { total: Number(info.results) || 0, page, pages, [key]: (asArray(obj[key]) as Row[]).map(row) };
  if (page < pages) out.next_page = page + 1;
  return out;
}

const pluginRow = (p: Row): Row => ({
  slug: p.slug,
  name: short(p.name, 100),
  version: p.version,
  author: short(p.author, 60),
  rating: p.rating,
  active_installs: p.active_installs,
  last_updated: p.last_updated,
  description: short(p.short_description),
});

const themeRow = (t: Row): Row => ({
  slug: t.slug,
  name: short(t.name, 100),
  version: t.version,
  author: typeof t.author === "object" && t.author ? ((t.author as Row).display_name ?? (t.author as Row).user_nicename) : t.author,
  rating: t.rating,
  preview_url: t.preview_url,
  description: short(t.description),
});

/** Search of the WordPress.org directory of plugins or themes (popular ones without a term). */
function directorySearch(kind: "plugins" | "themes", about: { words: string }, row: (r: Row) => Row) {
  return defineOperation({
    name: `search_wp_${kind}`,
    toolset: "directory",
    method: "GET",
    path: `/wp-${kind}`,
    summary: `Search the WordPress.org ${kind.slice(0, -1)} directory`,
    ...about,
    input: { search: Term, page: Page },
    effect: "read",
    rename: { search: "value" },
    render: (data) => directoryPage(data, kind, row),
  });
}

export const operations = [
  directorySearch(
    "plugins",
    {
      words: "find a plugin on wordpress.org plugin directory search free plugins",
    },
    pluginRow,
  ),
  directorySearch(
    "themes",
    {
      words: "find a theme on wordpress.org theme directory free themes look for a theme",
    },
    themeRow,
  ),
  defineOperation({
    name: "list_web_risk_logs",
    toolset: "directory",
    method: "GET",
    path: "/web-risk-logs",
    summary: "Google Web Risk scan history of the fleet, newest first (admin)",
    words: "google safe browsing malware phishing flagged blacklisted unsafe site security scan",
    input: { limit: Limit(10, 100), offset: Offset },
    effect: "read",
    render: (data, a) => {
      const rows = (asArray(data) as Row[]).map((l) => {
        const details = (l.details ?? {}) as Row;
        const errors = asArray(details.errors);
        const row: Row = {
          web_risk_log_id: toId(l.web_risk_log_id),
          created_at: l.created_at,
          total_sites: Number(l.total_sites),
          threats_found: Number(l.threats_found),
          errors_count: Number(l.errors_count),
        };
        if (asArray(details.threats).length) row.threats = details.threats;
        if (errors.length) row.errors = errors.slice(0, 5);
        return row;
      });
      return pageOf("logs", rows, a);
    },
  }),
  defineOperation({
    name: "list_checksum_failures",
    toolset: "directory",
    method: "GET",
    path: "/checksum-failures",
    summary: "Environments whose WordPress core checksums failed (admin)",
    words: "core files modified hacked tampered integrity checksum compromised core",
    description: "Check with run_code: wp core verify-checksums.",
    input: { search: Search, limit: Limit(25, 200), offset: Offset },
    effect: "read",
    render: (data, a) => {
      const rows = (asArray(data) as Row[])
        .filter((f) => matches([f.site_name, f.home_url], a.search))
        .map((f) => {
          const files = asArray(((f.core_checksum_details ?? {}) as Row).files);
          return {
            site_id: toId(f.site_id),
            site_name: f.site_name,
            environment: f.environment,
            environment_id: toId(f.environment_id),
            home_url: f.home_url,
            files: files.slice(0, 10),
            files_total: files.length,
          };
        });
      return pageOf("failures", rows, a);
    },
  }),
  defineOperation({
    name: "list_archive",
    toolset: "directory",
    method: "GET",
    path: "/archive",
    summary: "List archived sites in cold storage (admin)",
    words: "archived sites cold storage old sites",
    input: { search: Search, limit: Limit(50, 500), offset: Offset },
    effect: "read",
    render: (data, a) => {
      if (data === null || data === undefined) {
        return { files: [], total: 0, note: "CaptainCore's CLI gave no answer; try again later." };
      }
      const rows = (asArray(data) as Row[])
        .filter((f) => matches([f.Path, f.Name], a.search))
        .map((f) => (f.IsDir ? { path: f.Path, dir: true } : { path: f.Path, size_bytes: f.Size, modified: f.ModTime }));
      return pageOf("files", rows, a);
    },
  }),
  defineOperation({
    name: "share_archive_file",
    toolset: "directory",
    method: "POST",
    path: "/archive/share",
    summary: "Create a public download link for an archive file (admin)",
    words: "share archive download link send archived site file",
    input: {
      file: checked("Path from list_archive", 500, /^[A-Za-z0-9._/-]+$/, "a path from list_archive (letters, digits, . _ / -)").refine(
        (f) => !f.split("/").includes(".."),
        "no .. segments: use a path from list_archive",
      ),
    },
    effect: "write",
    render: (data, a) => {
      const link = (data as Row | null)?.link;
      return typeof link === "string" && link
        ? { file: a.file, link, note: "Anyone with this link can download the file." }
        : { file: a.file, link: null, note: "No link came back: check the path with list_archive." };
    },
  }),
];
