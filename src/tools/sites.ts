/** Sites: the fleet. Compact rows by default; secrets redacted by the executor before any renderer runs. */
import { z } from "zod";
import { defineOperation } from "../operations/types.js";
import { Detail, Limit, Offset, Search, SiteId } from "../operations/schemas.js";
import { paginate } from "../operations/result.js";
import { asArray, compactComponents, matches, stripUi, summariseComponents, toId } from "../operations/render.js";

type Row = Record<string, unknown>;

/** One line of the fleet: what an agent needs to pick a site and target an environment. */
export function siteRow(site: Row): Row {
  const envs = asArray(site.environments) as Row[];
  const environment_ids: Record<string, unknown> = {};
  for (const e of envs) environment_ids[String(e.environment ?? "").toLowerCase()] = toId(e.environment_id);
  const row: Row = {
    site_id: toId(site.site_id),
    name: site.name,
    slug: site.site,
    account_id: toId(site.account_id),
    provider: site.provider,
    core: site.core,
    environment_ids,
  };
  if (site.outdated === true) row.outdated = true;
  if (Array.isArray(site.labels) && site.labels.length) row.labels = site.labels;
  if (site.removed === true) row.removed = true;
  return row;
}

/** An environment with plugins/themes summarised (counts and pending updates) unless the full list is asked for. */
export function environmentSummary(env: Row, detail: "summary" | "full" = "summary"): Row {
  const details = (env.details ?? {}) as Row;
  const base: Row = {
    environment_id: toId(env.environment_id),
    environment: env.environment,
    home_url: env.home_url,
    core: env.core,
    php_version: env.php_version ?? details.php_version,
    address: env.address,
    username: env.username,
    port: env.port,
    protocol: env.protocol,
    home_directory: env.home_directory,
    ssh: env.ssh,
    storage_bytes: env.storage !== undefined ? Number(env.storage) || undefined : undefined,
    visits: env.visits !== undefined ? Number(env.visits) || 0 : undefined,
    monitor_enabled: env.monitor_enabled !== undefined ? Boolean(Number(env.monitor_enabled)) : undefined,
    updates_enabled: env.updates_enabled !== undefined ? Boolean(Number(env.updates_enabled)) : undefined,
  };
  if (detail === "full") {
    base.plugins = compactComponents(env.plugins);
    base.themes = compactComponents(env.themes);
  } else {
    base.plugins = summariseComponents(env.plugins);
    base.themes = summariseComponents(env.themes);
  }
  for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
  return base;
}

function sitesPage(data: unknown, args: { search?: string; account_id?: number; limit: number; offset: number }) {
  const rows = (asArray(data) as Row[]).filter(
    (s) =>
      (args.account_id === undefined || Number(s.account_id) === args.account_id) &&
      matches([s.name, s.site, s.home_url, ...((s.labels as string[]) ?? [])], args.search),
  );
  const { items, ...paging } = paginate(rows.map(siteRow), args.offset, args.limit);
  return { sites: items, ...paging };
}

export const operations = [
  defineOperation({
    name: "list_sites",
    toolset: "sites",
    core: true,
    method: "GET",
    path: "/sites",
    summary: "List the sites this user can see, as compact rows",
    description:
      "Each row: site_id, name (domain), slug, account_id, provider, WordPress core, environment_ids {production, staging}. Filter with search (name/slug/URL/label) or account_id; page with limit/offset (returns total and next_offset). Next: get_site for one site, list_site_environments for plugins and connection details.",
    input: {
      search: Search,
      account_id: z.number().int().positive().optional().describe("Only sites of this account"),
      limit: Limit(25, 200),
      offset: Offset,
    },
    effect: "read",
    render: sitesPage,
  }),
  defineOperation({
    name: "get_site",
    toolset: "sites",
    core: true,
    method: "GET",
    path: "/sites/{site_id}",
    summary: "Get one site with its environments (plugins/themes summarised, secrets redacted)",
    description:
      "Returns the site, its account and each environment (core, PHP, URLs, SFTP host/user, plugin and theme counts with pending updates). detail=full lists every plugin and theme. Credentials are never shown.",
    input: { site_id: SiteId, detail: Detail },
    effect: "read",
    render: (data, args) => {
      const site = stripUi(data) as Row;
      const { environments, update_logs: _u, timeline: _t, usage_breakdown: _b, errors: _e, users: _users, ...rest } = site;
      const account = rest.account as Row | undefined;
      return {
        ...rest,
        site_id: toId(rest.site_id),
        account_id: toId(rest.account_id),
        account: account ? { account_id: toId(account.account_id), name: account.name } : undefined,
        environments: (asArray(environments) as Row[]).map((e) => environmentSummary(e, args.detail)),
      };
    },
  }),
  defineOperation({
    name: "get_site_details",
    toolset: "sites",
    method: "GET",
    path: "/sites/{site_id}/details",
    summary: "Get a site's account, linked domains, sharing and backup settings",
    description: "Lighter than get_site: no environments. Use it to find which account owns a site and which domains belong to it.",
    input: { site_id: SiteId },
    effect: "read",
    render: (data) => stripUi(data),
  }),
  defineOperation({
    name: "list_site_environments",
    toolset: "sites",
    core: true,
    method: "GET",
    path: "/sites/{site_id}/environments",
    summary: "List a site's environments: ids, URLs, versions, SFTP host, plugins and themes",
    description:
      "Plugins/themes are summarised (counts, pending updates); detail=full lists them all with versions. Use environment_id with run_code. Passwords and tokens are redacted.",
    input: { site_id: SiteId, detail: Detail },
    effect: "read",
    render: (data, args) => ({
      environments: (asArray(data) as Row[]).map((e) => environmentSummary(e, args.detail)),
    }),
  }),
  defineOperation({
    name: "fetch_sites",
    toolset: "sites",
    method: "POST",
    path: "/sites/fetch",
    summary: "Fetch several sites by id in one call (compact rows)",
    description: "Ids the user cannot see are left out silently by CaptainCore; the answer lists them under missing.",
    input: {
      post_ids: z.array(SiteId).min(1).max(500).describe("Site IDs to fetch"),
    },
    effect: "read",
    render: (data, args) => {
      const rows = (asArray(data) as Row[]).map(siteRow);
      const found = new Set(rows.map((r) => r.site_id));
      const missing = args.post_ids.filter((id) => !found.has(id));
      return missing.length ? { sites: rows, missing } : { sites: rows };
    },
  }),
  defineOperation({
    name: "get_me",
    toolset: "sites",
    core: true,
    method: "GET",
    path: "/me",
    summary: "Who am I: the API user's name, email, roles and accounts",
    description: "Administrators see every site; other users only their accounts' sites.",
    input: {},
    effect: "read",
  }),
];
