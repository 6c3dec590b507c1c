/**
 * Reads what every selected site has waiting: GET /sites once, then GET /sites/{id}/environments per site (the
 * plugin and theme lists the CaptainCore sync saved, each with `update: "available" | "none"`), fanned out with
 * bounded concurrency. Per-site answers are kept for a short time per session so that follow-up questions do not
 * read the fleet again; any run tool clears them (see clearFleetCache).
 */
import { CaptainCoreError } from "../client/errors.js";
import type { OperationContext } from "../operations/types.js";
import { asArray, matches, type Row, toId } from "../operations/render.js";
import { mapPool } from "./pool.js";

export interface Pending {
  type: "plugin" | "theme";
  slug: string;
  from?: string;
  /** Only when CaptainCore names the target version. */
  to?: string;
}

export interface EnvironmentUpdates {
  environment: string;
  environment_id?: number;
  core?: string;
  pending: Pending[];
  /** Every installed plugin/theme version, to learn the newest version seen across the fleet. */
  installed: { type: Pending["type"]; slug: string; version: string }[];
}

export interface SiteUpdates {
  site_id: number;
  name: string;
  account_id?: number;
  /** CaptainCore's `outdated`: the site's data was not refreshed for 48 h, so these lists may be old. */
  stale_sync?: boolean;
  environments: EnvironmentUpdates[];
}

export interface FleetFilter {
  account_id?: number;
  search?: string;
  site_ids?: number[];
  /** Only sites with one of these installed need reading (POST /filters/sites narrows the fan-out). */
  plugins?: string[];
  themes?: string[];
  refresh?: boolean;
}

export interface FleetRead {
  sites: SiteUpdates[];
  failed: { site_id: number; name: string; error: string }[];
  /** Requests sent to CaptainCore for this answer (cached sites cost none). */
  requests: number;
  cached: number;
  /** Every environment this session read recently, these sites' and others': what "newest in the fleet" means. */
  known: EnvironmentUpdates[];
}

export const CACHE_TTL_MS = 60_000;
const CACHE_KEY = "fleet_updates_cache";
const DEFAULT_CONCURRENCY = 6;
const MAX_CONCURRENCY = 16;

type Cache = Map<number, { at: number; environments: EnvironmentUpdates[] }>;

function cacheOf(services: Record<string, unknown>): Cache {
  return ((services[CACHE_KEY] as Cache | undefined) ??= new Map()) as Cache;
}

/** Forget the per-site answers: something may have changed them (updates, rollbacks, syncs). */
export function clearFleetCache(services: Record<string, unknown>): void {
  (services[CACHE_KEY] as Cache | undefined)?.clear();
}

/** CAPTAINCORE_FLEET_CONCURRENCY, 1-16; default 6 requests at once, polite to one WordPress host. */
export function fleetConcurrency(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.CAPTAINCORE_FLEET_CONCURRENCY);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_CONCURRENCY) : DEFAULT_CONCURRENCY;
}

const isVersion = (v: unknown): v is string => typeof v === "string" && /^\d+(\.[\w-]+)*$/.test(v);

function componentsOf(list: unknown, type: Pending["type"], env: EnvironmentUpdates): void {
  for (const c of asArray(list) as Row[]) {
    const slug = String(c.name ?? "");
    if (!slug) continue;
    const version = typeof c.version === "string" ? c.version : undefined;
    if (version) env.installed.push({ type, slug, version });
    const flag = c.update;
    if (flag === undefined || flag === null || flag === "" || flag === "none" || flag === false) continue;
    const to = isVersion(c.update_version) ? c.update_version : isVersion(flag) ? flag : undefined;
    env.pending.push({ type, slug, from: version, ...(to ? { to } : {}) });
  }
}

export function environmentUpdates(row: Row): EnvironmentUpdates {
  const env: EnvironmentUpdates = {
    environment: String(row.environment ?? "").toLowerCase(),
    environment_id: toId(row.environment_id) as number | undefined,
    core: typeof row.core === "string" && row.core ? row.core : undefined,
    pending: [],
    installed: [],
  };
  componentsOf(row.plugins, "plugin", env);
  componentsOf(row.themes, "theme", env);
  return env;
}

function selectSites(list: unknown, filter: FleetFilter): Row[] {
  const ids = filter.site_ids?.length ? new Set(filter.site_ids) : undefined;
  return (asArray(list) as Row[]).filter(
    (s) =>
      (!ids || ids.has(Number(s.site_id))) &&
      (filter.account_id === undefined || Number(s.account_id) === filter.account_id) &&
      matches([s.name, s.site, s.home_url, ...((s.labels as string[]) ?? [])], filter.search),
  );
}

function describeError(err: unknown): string {
  if (err instanceof CaptainCoreError) return `${err.message.replace(/\.+$/, "")}${err.status ? ` (HTTP ${err.status})` : ""}`;
  return String((err as Error)?.message ?? err);
}

/** Site ids with one of the slugs installed (any environment), or undefined when there is no slug filter or it failed. */
async function sitesWithComponents(ctx: OperationContext, filter: FleetFilter): Promise<Set<number> | undefined> {
  if (!filter.plugins?.length && !filter.themes?.length) return undefined;
  const named = (slugs: string[] = []) => slugs.map((name) => ({ name }));
  try {
    const answer = (await ctx.call({
      method: "POST",
      path: "/filters/sites",
      body: { plugins: named(filter.plugins), themes: named(filter.themes), logic: "OR" },
    })) as Row;
    return new Set((asArray(answer?.results) as Row[]).map((r) => Number(r.site_id)));
  } catch {
    return undefined; // read every selected site instead
  }
}

/** The selected sites and what each environment has waiting; failures are named, not fatal. */
export async function readFleet(ctx: OperationContext, filter: FleetFilter): Promise<FleetRead> {
  const [list, withSlugs] = await Promise.all([ctx.call({ method: "GET", path: "/sites" }), sitesWithComponents(ctx, filter)]);
  const rows = selectSites(list, filter).filter((s) => !withSlugs || withSlugs.has(Number(s.site_id)));
  const cache = cacheOf(ctx.services);
  const now = Date.now();
  let requests = withSlugs ? 2 : 1;
  let cached = 0;
  const step = Math.max(1, Math.floor(rows.length / 50));
  await ctx.progress(0, rows.length, `reading ${rows.length} sites`);
  const settled = await mapPool(
    rows,
    async (site) => {
      const id = Number(site.site_id);
      const hit = cache.get(id);
      if (hit && !filter.refresh && now - hit.at < CACHE_TTL_MS) {
        cached++;
        return hit.environments;
      }
      requests++;
      const answer = await ctx.call({ method: "GET", path: "/sites/{id}/environments", params: { id } });
      const environments = (asArray(answer) as Row[]).map(environmentUpdates);
      cache.set(id, { at: Date.now(), environments });
      return environments;
    },
    { concurrency: fleetConcurrency(), signal: ctx.signal },
    (done, total) => {
      if (done % step === 0 || done === total) void ctx.progress(done, total, `${done} of ${total} sites read`);
    },
  );
  const known = [...cache.values()].filter((e) => Date.now() - e.at < CACHE_TTL_MS).flatMap((e) => e.environments);
  const out: FleetRead = { sites: [], failed: [], requests, cached, known };
  settled.forEach((result, i) => {
    const site = rows[i]!;
    const base = { site_id: Number(site.site_id), name: String(site.name ?? "") };
    if (!result.ok) {
      out.failed.push({ ...base, error: describeError(result.error) });
      return;
    }
    const entry: SiteUpdates = { ...base, account_id: toId(site.account_id) as number, environments: result.value };
    if (site.outdated === true) entry.stale_sync = true;
    out.sites.push(entry);
  });
  out.requests = requests;
  out.cached = cached;
  return out;
}
