/**
 * Filters: find sites by the plugins/themes they run (name, version, status), core and PHP version, and count the
 * versions/statuses of a plugin across the fleet. POST /filters/sites only reads; POST /filters is broken on the
 * real server (always a PHP fatal, HTTP 500; endpoints.json doc_vs_code) and says so.
 */
import { z } from "zod";
import { InputError } from "../operations/executor.js";
import { defineOperation } from "../operations/types.js";
import { Limit, Offset } from "../operations/schemas.js";
import { paginate } from "../operations/result.js";
import { asArray } from "../operations/render.js";
import { rewordError, type Row } from "./shared.js";

const isObject = (v: unknown): v is Row => typeof v === "object" && v !== null && !Array.isArray(v);

const SLUG = /^[A-Za-z0-9._-]{1,200}$/;
const SLUG_AT = /^[A-Za-z0-9._-]{1,200}(@[A-Za-z0-9._+-]{1,40})?$/;

/** Slug lists without a per-item pattern/description in the JSON Schema (tokens); checked by refinement. */
const SlugList = (what: string, re = SLUG_AT) =>
  z
    .array(z.string().refine((s) => re.test(s), "a plugin/theme slug such as woocommerce (or slug@value)"))
    .refine((a) => a.length >= 1 && a.length <= 20, "1 to 20 items")
    .describe(what);

/** [{name, versions:[{name, slug, type, count}]}] → [{slug, type, versions:{"9.4.2": 3}}] */
function countsBy(data: unknown, key: "versions" | "statuses", slugs: string[]): Row {
  const components: Row[] = [];
  for (const entry of asArray(data) as Row[]) {
    const byType = new Map<string, Record<string, number>>();
    for (const v of asArray(entry?.[key]) as Row[]) {
      const type = String(v.type ?? "plugins").replace(/s$/, "");
      const counts = byType.get(type) ?? {};
      counts[String(v.name)] = Number(v.count) || 0;
      byType.set(type, counts);
    }
    for (const [type, counts] of byType) components.push({ slug: entry.name, type, [key]: counts });
  }
  const found = new Set(components.map((c) => c.slug));
  const missing = slugs.filter((s) => !found.has(s));
  return missing.length ? { components, not_installed: missing } : { components };
}

interface Filter {
  slug: string;
  name: string;
  type: "plugins" | "themes";
}

function splitAt(entry: string): { slug: string; value?: string } {
  const at = entry.indexOf("@");
  return at < 0 ? { slug: entry } : { slug: entry.slice(0, at), value: entry.slice(at + 1) };
}

const VersionList = (what: string) =>
  z
    .array(z.string().refine((s) => /^\d+(\.\d+){0,3}$/.test(s), "a version such as 6.7.1"))
    .refine((a) => a.length >= 1 && a.length <= 20, "1 to 20 items")
    .optional()
    .describe(what);

/**
 * One logic for a list of slug@value filters: several values of one slug can only be OR-ed (a site runs one version
 * of a plugin); different slugs are AND-ed. A mix of both cannot be said in one request.
 */
function logicFor(filters: { slug: string }[], what: string): "AND" | "OR" | undefined {
  if (filters.length < 2) return undefined;
  const slugs = new Set(filters.map((f) => f.slug));
  if (slugs.size === 1) return "OR";
  if (slugs.size === filters.length) return "AND";
  throw new InputError(
    `${what}: several values of one slug (OR) mixed with other slugs (AND) cannot be combined in one call; split it into two calls. Nothing was sent.`,
  );
}

/** Counts of the installed versions or statuses of some plugins/themes across the fleet. */
function componentCounts(key: "versions" | "statuses", about: { core?: boolean; summary: string; words: string; description?: string }) {
  return defineOperation({
    name: `list_component_${key}`,
    toolset: "filters",
    ...(about.core ? { core: true } : {}),
    method: "GET",
    path: `/filters/{name}/${key}`,
    summary: about.summary,
    words: about.words,
    ...(about.description ? { description: about.description } : {}),
    input: { slugs: SlugList("", SLUG) },
    effect: "read",
    rename: { slugs: "name" },
    render: (data, args) => countsBy(data, key, args.slugs),
  });
}

export const operations = [
  componentCounts("versions", {
    core: true,
    summary: "Count the installed versions of plugins/themes across your environments",
    words: "which versions of a plugin theme are installed across all sites versions in use fleet",
    description: "Next: find_sites_by_component.",
  }),
  componentCounts("statuses", {
    summary: "Count plugin/theme statuses (active, inactive…) across your environments",
    words: "how many sites have a plugin active or deactivated across fleet status",
  }),
  defineOperation({
    name: "filter_sites_legacy",
    toolset: "filters",
    method: "POST",
    path: "/filters",
    summary: "Legacy filter; BROKEN on current CaptainCore (HTTP 500): use find_sites_by_component",
    words: "legacy filter old filter",
    input: {
      plugins: SlugList("", SLUG).optional(),
      themes: SlugList("", SLUG).optional(),
      core: VersionList("WordPress versions"),
    },
    effect: "read",
    run: async (args, ctx) => {
      const body: Row = {};
      if (args.plugins) body.plugins = args.plugins.map((name) => ({ name }));
      if (args.themes) body.themes = args.themes.map((name) => ({ name }));
      if (args.core) body.core = args.core;
      // api_error: a retry will not help (the hint for server_error would suggest one).
      return rewordError(
        () => ctx.call({ body }),
        (err) => err.code === "server_error",
        "api_error",
        "POST /filters crashes on current CaptainCore (it calls methods that no longer exist). Use find_sites_by_component, which answers the same question",
      );
    },
  }),
  defineOperation({
    name: "find_sites_by_component",
    toolset: "filters",
    core: true,
    method: "POST",
    path: "/filters/sites",
    summary: "Find sites by installed plugin/theme (slug or slug@version), status or WordPress version",
    words: "which sites use a plugin theme version vulnerable outdated plugin sites running plugin find sites with",
    description: "All criteria must match; versions of one slug match any.",
    input: {
      plugins: SlugList("Slugs or slug@version").optional(),
      themes: SlugList("Slugs or slug@version").optional(),
      statuses: SlugList("slug@status, e.g. akismet@inactive").optional(),
      core: VersionList("WordPress versions"),
      limit: Limit(50, 500),
      offset: Offset,
    },
    effect: "read",
    run: async (args, ctx) => {
      // slug@version inside plugins/themes becomes a version filter on that slug (the server's `versions`).
      const versions: Filter[] = [];
      const slugsOf = (list: string[] | undefined, type: "plugins" | "themes") => {
        const out = new Set<string>();
        for (const entry of list ?? []) {
          const { slug, value } = splitAt(entry);
          out.add(slug);
          if (value) versions.push({ slug, name: value, type });
        }
        return out;
      };
      const plugins = slugsOf(args.plugins, "plugins");
      const themes = slugsOf(args.themes, "themes");
      const statuses: Filter[] = [];
      for (const entry of args.statuses ?? []) {
        const { slug, value } = splitAt(entry);
        if (!value) throw new InputError(`statuses entry "${entry}" needs slug@status, e.g. akismet@inactive. Nothing was sent.`);
        const type = themes.has(slug) ? "themes" : "plugins";
        if (type === "plugins") plugins.add(slug);
        statuses.push({ slug, name: value, type });
      }
      if (!plugins.size && !themes.size && !args.core) {
        throw new InputError("Give at least one criterion: plugins, themes, statuses or core. Nothing was sent.");
      }
      const body: Row = { logic: "AND" };
      if (plugins.size) body.plugins = [...plugins].map((name) => ({ name }));
      if (themes.size) body.themes = [...themes].map((name) => ({ name }));
      if (versions.length) body.versions = versions;
      if (statuses.length) body.statuses = statuses;
      if (args.core) body.core = args.core;
      const versionLogic = logicFor(versions, "versions");
      const statusLogic = logicFor(statuses, "statuses");
      if (versionLogic) body.version_logic = versionLogic;
      if (statusLogic) body.status_logic = statusLogic;

      const data = await ctx.call({ body });
      const results = asArray(isObject(data) ? data.results : data) as Row[];

      // Group by site (the server orders by site name), page, then name the page's sites and environments with
      // one POST /sites/fetch (GET /environments only lists Kinsta sites). Best effort: ids stay if it fails.
      const bySite = new Map<number, number[]>();
      for (const r of results) {
        const siteId = Number(r.site_id);
        bySite.set(siteId, [...(bySite.get(siteId) ?? []), Number(r.environment_id)]);
      }
      const { items, ...paging } = paginate([...bySite.entries()], args.offset, args.limit);
      let fetched: Map<number, Row> | undefined;
      let note: string | undefined;
      if (items.length) {
        try {
          const rows = asArray(await ctx.call({ method: "POST", path: "/sites/fetch", body: { post_ids: items.map(([id]) => id) } })) as Row[];
          fetched = new Map(rows.map((row) => [Number(row.site_id), row]));
        } catch {
          note = "Names could not be read (POST /sites/fetch failed): ids only.";
        }
      }
      const sites = items.map(([siteId, envIds]) => {
        const site = fetched?.get(siteId);
        if (!site) return { site_id: siteId, environment_ids: envIds };
        const named: Row = {};
        for (const envId of envIds) {
          const env = (asArray(site.environments) as Row[]).find((e) => Number(e.environment_id) === envId);
          named[env ? String(env.environment).toLowerCase() : String(envId)] = envId;
        }
        return { site_id: siteId, name: site.name, environments: named };
      });
      const out: Row = { sites, ...paging, total_environments: results.length };
      if (note) out.note = note;
      return out;
    },
  }),
];
