/**
 * Shapes a fleet read into the answer: one row per component (which sites need X) and one row per site and
 * environment (what does site Y need), both compact strings like "woocommerce 9.3.3→9.4.2", paged by site.
 */
import { paginate } from "../operations/result.js";
import type { FleetRead, Pending, SiteUpdates } from "./collect.js";
import { compareVersions } from "../versions.js";

export interface ViewOptions {
  environment: "production" | "staging" | "all";
  plugins?: string[];
  themes?: string[];
  limit: number;
  offset: number;
}

const MAX_COMPONENTS = 40;

const newer = (a: string | undefined, b: string) => (a === undefined || compareVersions(b, a) > 0 ? b : a);

function newestSeen(read: FleetRead): { versions: Map<string, string>; core?: string } {
  const versions = new Map<string, string>();
  let core: string | undefined;
  for (const env of [...read.known, ...read.sites.flatMap((s) => s.environments)]) {
    if (env.core) core = newer(core, env.core);
    for (const c of env.installed) versions.set(`${c.type}:${c.slug}`, newer(versions.get(`${c.type}:${c.slug}`), c.version));
  }
  return { versions, core };
}

function wanted(p: Pending, opts: ViewOptions): boolean {
  if (!opts.plugins && !opts.themes) return true;
  const list = p.type === "plugin" ? opts.plugins : opts.themes;
  return !!list && list.some((s) => s.toLowerCase() === p.slug.toLowerCase());
}

function targetOf(p: Pending, seen: Map<string, string>): string | undefined {
  if (p.to) return p.to;
  const best = seen.get(`${p.type}:${p.slug}`);
  return best && p.from && compareVersions(best, p.from) > 0 ? best : undefined;
}

/** "akismet 5.3.5→5.3.7"; "→newer" when CaptainCore flags an update but no version newer than this one is known. */
const label = (p: Pending, to: string | undefined) => `${p.slug}${p.from ? ` ${p.from}` : ""}→${to ?? "newer"}`;

const UNKNOWN_TARGETS =
  "→newer: CaptainCore flags an update but names no version, and no site read in this session has a newer one; the same call without site or plugin filters reads more sites and usually names it.";

interface ComponentRow {
  type: string;
  slug: string;
  sites: number;
  from: Set<string>;
  to?: string;
}

export function pendingView(read: FleetRead, opts: ViewOptions): Record<string, unknown> {
  const seen = newestSeen(read);
  const components = new Map<string, ComponentRow>();
  const rows: Record<string, unknown>[] = [];
  const slugFilter = !!(opts.plugins || opts.themes);
  let unknownTarget = false;
  for (const site of read.sites) {
    for (const env of site.environments) {
      if (opts.environment !== "all" && env.environment !== opts.environment) continue;
      const row = siteRow(site, env.environment, opts);
      const plugins: string[] = [];
      const themes: string[] = [];
      for (const p of env.pending) {
        if (!wanted(p, opts)) continue;
        const to = targetOf(p, seen.versions);
        if (!to) unknownTarget = true;
        (p.type === "plugin" ? plugins : themes).push(label(p, to));
        const key = `${p.type}:${p.slug}`;
        const c = components.get(key) ?? { type: p.type, slug: p.slug, sites: 0, from: new Set<string>(), to };
        c.sites++;
        if (p.from) c.from.add(p.from);
        components.set(key, c);
      }
      if (plugins.length) row.plugins = plugins;
      if (themes.length) row.themes = themes;
      const coreBehind = !slugFilter && env.core && seen.core && compareVersions(seen.core, env.core) > 0;
      if (coreBehind) row.core = `${env.core}→${seen.core}`;
      if (plugins.length || themes.length || coreBehind) rows.push(row);
    }
  }
  const componentRows = [...components.values()]
    .sort((a, b) => b.sites - a.sites || a.slug.localeCompare(b.slug))
    .map((c) => ({ type: c.type, slug: c.slug, sites: c.sites, from: [...c.from].sort(compareVersions).slice(0, 5), ...(c.to ? { to: c.to } : {}) }));
  const { items, ...paging } = paginate(rows, opts.offset, opts.limit);
  const out: Record<string, unknown> = {
    // Said every time: staging often lags production, and "nothing pending" must not read as "nothing anywhere".
    environment: opts.environment === "production" ? "production (environment: staging or all for the rest)" : opts.environment,
    checked_sites: read.sites.length + read.failed.length,
    sites_with_updates: new Set(rows.map((r) => r.site_id)).size,
    components: componentRows.slice(0, MAX_COMPONENTS),
    sites: items,
    ...paging,
  };
  if (componentRows.length > MAX_COMPONENTS) out.components_cut = `${componentRows.length - MAX_COMPONENTS} more; filter with plugins/themes`;
  if (read.failed.length) out.failed = read.failed;
  if (unknownTarget) out.targets = UNKNOWN_TARGETS;
  if (rows.some((r) => r.stale_sync)) out.stale_sync = "stale_sync: CaptainCore has not refreshed that site's data for 48 h, so its list may be old — run_site_command sync-data refreshes it.";
  return out;
}

function siteRow(site: SiteUpdates, environment: string, opts: ViewOptions): Record<string, unknown> {
  const row: Record<string, unknown> = { site_id: site.site_id, name: site.name };
  if (opts.environment === "all") row.environment = environment;
  if (site.stale_sync) row.stale_sync = true;
  return row;
}
