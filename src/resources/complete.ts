/**
 * Argument completions (completion/complete) for site ids, environments, plugin/theme slugs and domain ids.
 * Backed by short-lived caches per server so that typing does not turn into a request per keystroke.
 */
import { readApi } from "./api.js";
import type { ServerContext } from "../context.js";
import { buildPath } from "../operations/request.js";
import { asArray, type Row } from "../operations/render.js";

/** Ids a completion context may name: anything else (`..`, `1/../x`) would reach another endpoint. */
const ID = /^[0-9]{1,12}$/;

export function isId(value: unknown): value is string {
  return typeof value === "string" && ID.test(value);
}

const TTL_MS = 30_000;
const MAX = 100;

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

function cached<T>(ctx: ServerContext, key: string, load: () => Promise<T>): Promise<T> {
  const store = (ctx.services.completionCache ??= new Map<string, Cached<unknown>>()) as Map<string, Cached<unknown>>;
  const hit = store.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  store.set(key, { at: Date.now(), value });
  value.catch(() => store.delete(key));
  return value;
}

export interface SiteChoice {
  site_id: string;
  name: string;
  slug: string;
  home_url: string;
}

export function fleet(ctx: ServerContext): Promise<SiteChoice[]> {
  return cached(ctx, "sites", async () => {
    const rows = asArray(await readApi(ctx, { path: "/sites" })) as Row[];
    return rows.map((r) => ({
      site_id: String(r.site_id),
      name: String(r.name ?? ""),
      slug: String(r.site ?? ""),
      home_url: String(r.home_url ?? ""),
    }));
  });
}

const rank = (value: string, candidates: { value: string; haystack: string[] }[]): string[] => {
  const needle = value.trim().toLowerCase();
  const starts: string[] = [];
  const contains: string[] = [];
  for (const c of candidates) {
    const hay = c.haystack.map((h) => h.toLowerCase());
    if (!needle || hay.some((h) => h.startsWith(needle))) starts.push(c.value);
    else if (hay.some((h) => h.includes(needle))) contains.push(c.value);
  }
  return [...new Set([...starts, ...contains])].slice(0, MAX);
};

/** Site ids matching what the user typed: the id itself, the site's domain, slug or URL. */
export async function completeSiteId(ctx: ServerContext, value: string): Promise<string[]> {
  const sites = await fleet(ctx).catch(() => []);
  return rank(
    value,
    sites.map((s) => ({ value: s.site_id, haystack: [s.site_id, s.name, s.slug, s.home_url.replace(/^https?:\/\//, "")] })),
  );
}

export function completeEnvironment(value: string): string[] {
  return ["production", "staging"].filter((e) => e.startsWith(value.trim().toLowerCase()));
}

/** Plugin or theme slugs in use: from the given site, or the first sites of the fleet. */
export async function completeComponent(
  ctx: ServerContext,
  kind: "plugins" | "themes",
  value: string,
  siteId?: string,
): Promise<string[]> {
  if (siteId !== undefined && !isId(siteId)) return [];
  const slugs = await cached(ctx, `components:${siteId ?? "fleet"}`, async () => {
    const ids = siteId ? [siteId] : (await fleet(ctx)).slice(0, 10).map((s) => s.site_id);
    const found = { plugins: new Set<string>(), themes: new Set<string>() };
    await Promise.all(
      ids.map(async (id) => {
        const envs = asArray(
          await readApi(ctx, { path: buildPath("/sites/{site_id}/environments", { site_id: id }) }).catch(() => []),
        ) as Row[];
        for (const env of envs) {
          for (const k of ["plugins", "themes"] as const) {
            for (const c of asArray(env[k]) as Row[]) if (typeof c.name === "string") found[k].add(c.name);
          }
        }
      }),
    );
    return { plugins: [...found.plugins].sort(), themes: [...found.themes].sort() };
  }).catch(() => ({ plugins: [], themes: [] }));
  return rank(
    value,
    slugs[kind].map((slug) => ({ value: slug, haystack: [slug] })),
  );
}

export async function completeDomainId(ctx: ServerContext, value: string): Promise<string[]> {
  const domains = await cached(ctx, "domains", async () =>
    (asArray(await readApi(ctx, { path: "/domains" })) as Row[]).map((d) => ({
      id: String(d.domain_id),
      name: String(d.name ?? ""),
    })),
  ).catch(() => []);
  return rank(
    value,
    domains.map((d) => ({ value: d.id, haystack: [d.id, d.name] })),
  );
}
