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
function directorySearch(kind: "plugins" | "themes", about: { words: string; asks: readonly string[] }, row: (r: Row) => Row) {
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
      asks: [
        "find a plugin for booking appointments", "search wordpress.org for a good SMTP plugin",
        "is there a free plugin for cookie consent", "look up Yoast on the plugin directory",
        "best caching plugin options", "search plugins: contact form", "any plugin that does redirects",
        "find a free backup plugin", "is there a free add-on to put a donate button on my website",
        "look through wordpress.org for membership/paywall plugins", "something free for pop-up newsletter signups",
        "two-factor authentication plugins in the official repo", "what plugin could make the site bilingual",
        "image compression plugin suggestions from the directory", "search the wordpress.org plugin directory",
        "search wordpress.org for a good caching plugin",
        "find me a good free wordpress plugin for a booking calendar",
        "browse the plugin directory for redirect managers",
      ],
    },
    pluginRow,
  ),
  directorySearch(
    "themes",
    {
      words: "find a theme on wordpress.org theme directory free themes look for a theme",
      asks: [
        "find a free theme for a restaurant", "search wordpress.org for Astra", "lightweight themes for a blog",
        "is GeneratePress in the theme directory", "theme for a yoga studio", "search themes: portfolio",
        "find a block theme", "free WooCommerce-ready themes", "what free designs are there for a vet clinic website",
        "find Kadence in the official theme repository", "free portfolio-style themes for a photographer",
        "minimal blogging themes from wordpress.org",
        "I want a new look for my website that doesn't cost anything — what themes are there",
        "theme repo search, page 2: 'restaurant'", "find a nice free theme for a restaurant on wordpress.org",
        "show available wordpress themes, looking for something minimal for a portfolio",
        "search the theme library for astra",
      ],
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
    asks: [
      "has Google flagged any of our sites as unsafe?", "show the web risk scan history",
      "any sites on the google malware blacklist", "latest safe browsing check results",
      "did the phishing scan find anything", "google web risk logs",
      "is any client site flagged as dangerous by chrome", "list malware scan results for the fleet",
      "visitors get a red 'deceptive site' warning — has Google listed any of our sites",
      "which websites came up in the latest Google threat scan",
      "history of Google's security scans on our client sites", "safebrowsing flags, newest first",
      "has any site been reported for harmful content by Google",
      "did the last Google check find any compromised client websites",
      "has google flagged any of our sites as malware or phishing?",
      "has google flagged any of our sites as dangerous?",
      "has google flagged any of our sites as dangerous or malware lately?",
      "check safe browsing warnings history — client got a red warning page in Chrome on cedarpointcamp.org",
    ],
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
    asks: [
      "which sites have modified WordPress core files?", "list core checksum failures",
      "any sites with tampered core files", "possible hacks: core files that don't match",
      "show sites where verify-checksums failed", "has anyone changed wp-includes on a site",
      "integrity check failures", "core file mismatches across the fleet",
      "which websites have WordPress system files that don't match the official download",
      "sites with altered core code, possible infection", "list environments where core verification came back bad",
      "has anyone tinkered with wp-admin files on lakeviewvet", "checksum mismatches, search 'florist'",
      "are any of our wordpress installs corrupted or tampered with",
      "are there any sites where wordpress core files were hacked", "which sites have tampered wordpress core files?",
      "any sites where wordpress core files don't match the official copies? worried one got hacked",
      "are there any sites where wordpress core files don't match the official release? worried about a hack",
      "show me core file integrity failures across the fleet",
    ],
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
    asks: [
      "list the archived sites in cold storage", "do we have an archive of oldclient.com",
      "show sites we've archived", "find the old bakery archive", "what's in cold storage", "archived sites list",
      "is the deleted dentist site archived somewhere", "search archives for mapleyoga",
      "which decommissioned client sites do we still have stored",
      "is there a long-term stored copy of lakeviewvet.com", "search the deep storage for the florist",
      "old sites kept after cancellation — list them",
      "a former customer from 2021 wants their site back, do we still have it?", "retired website storage, page 3",
      "show archived sites", "what old sites have we archived?", "which old client sites have we archived?",
      "where can I find the archived copies of sites we've shut down?",
      "list archive files from decommissioned clients",
    ],
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
    asks: [
      "make a public download link for the archived site", "share the archive file with the former client",
      "give me a link to download oldclient.com.zip from cold storage",
      "the client wants their old site files, share the archive", "create a download url for the archive",
      "send a link to the archived backup", "share that cold storage file", "public link for the archive zip",
      "a former customer wants a copy of their old website, generate a link they can use",
      "public url for lakeviewvet.com.zip from long-term storage",
      "give the ex-client a way to grab their retired site files",
      "hand off the stored zip of the florist site with a shareable link",
      "let an outside person download one of our archived site files",
      "make the retired site's archive downloadable for anyone with the link",
      "send the client a link to their archived site zip",
      "share the archived copy of oldtownpizza.net with the former client",
      "send the client a download link for their archived old site",
      "share the archive file from the decommissioned wintergardens.net site with their new host",
    ],
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
