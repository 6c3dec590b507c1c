/** Sites: the fleet. Compact rows by default; secrets redacted by the executor before any renderer runs. */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { InputError, rendered } from "../operations/executor.js";
import { defineOperation, type OperationContext } from "../operations/types.js";
import {
  AccountId,
  bounded,
  Detail,
  Domain,
  Environment,
  EnvironmentDefaultProduction,
  EnvironmentId,
  Limit,
  Offset,
  positiveInt,
  Search,
  SiteId,
  text,
  UserId,
} from "../operations/schemas.js";
import { dropEmpty, pageOf, paginate } from "../operations/result.js";
import { asArray, environmentSummary, matches, stripUi, toId } from "../operations/render.js";
import { environmentRows, queuedTask, type Row } from "./shared.js";

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
  // CaptainCore's `outdated` means the site's data was not synced for 48 h, not that updates are pending.
  if (site.outdated === true) row.stale_sync = true;
  if (Array.isArray(site.labels) && site.labels.length) row.labels = site.labels;
  if (site.removed === true) row.removed = true;
  return row;
}

/** An environment with plugins/themes summarised (counts and pending updates) unless the full list is asked for. */
function sitesPage(data: unknown, args: { search?: string; account_id?: number; limit: number; offset: number }) {
  const rows = (asArray(data) as Row[]).filter(
    (s) =>
      (args.account_id === undefined || Number(s.account_id) === args.account_id) &&
      matches([s.name, s.site, s.home_url, ...((s.labels as string[]) ?? [])], args.search),
  );
  return pageOf("sites", rows.map(siteRow), args);
}

// ---------- helpers of the operations appended below (create/update, logins, users, push-target lists) ----------

const LOGIN_FAILED = "The site did not hand out a login link (is it up, with the CaptainCore helper plugin active?).";

/** A one-time URL answered as a bare string; "" or an HTML error page means the site did not hand one out. */
export function oneTimeUrl(data: unknown, what: string, failure: string): Row {
  if (typeof data !== "string" || !/^https?:\/\//.test(data.trim())) {
    const said = typeof data === "string" && data.trim() ? ` CaptainCore said: ${data.replace(/<[^>]+>/g, " ").trim().slice(0, 200)}` : "";
    throw new CaptainCoreError("api_error", `${failure}${said}`);
  }
  return { [what]: data.trim(), note: "One-time link: it logs in whoever opens it first, so give it only to the person it is for, and do not store it." };
}

const SLUG = /^[A-Za-z0-9._-]{1,200}$/;
export const SlugList = (what: string) =>
  z.array(z.string().refine((v) => SLUG.test(v), "a plugin/theme slug such as woocommerce")).max(200).describe(what);

const SiteSlug = z
  .string()
  .max(60)
  .refine((v) => /^[A-Za-z0-9]{3,}$/.test(v), "3+ letters or digits")
  .describe("Unique slug, letters/digits");

/**
 * Nested connection fields: the field names say what they are and the parent array is described, so bounds and
 * formats are checked in refinements that cost nothing in tools/list (these two tools are the largest of the set).
 */
const Port = z.string().refine((v) => /^\d{1,5}$/.test(v), "digits only, e.g. 22");

/** Connection fields of an environment as POST /sites and PUT /sites/update take them (protocol: sftp). */
const EnvConnection = {
  address: bounded(1, 253),
  username: bounded(1, 100),
  password: bounded(0, 200).optional(),
  port: Port,
  home_directory: bounded(0, 500).optional(),
};

const EnvEdit = z.strictObject({
  environment_id: positiveInt,
  address: EnvConnection.address.optional(),
  username: EnvConnection.username.optional(),
  password: EnvConnection.password,
  port: Port.optional(),
  home_directory: EnvConnection.home_directory,
});

/** Fields of an environment that PUT /sites/update rewrites (it deletes environments that are not listed). */
const ENV_FIELDS = [
  "environment_id",
  "environment",
  "address",
  "username",
  "password",
  "protocol",
  "port",
  "home_directory",
  "database_username",
  "database_password",
  "offload_enabled",
  "offload_provider",
  "offload_access_key",
  "offload_secret_key",
  "offload_bucket",
  "offload_path",
  "monitor_enabled",
  "updates_enabled",
  "updates_exclude_plugins",
  "updates_exclude_themes",
] as const;

interface SiteEdit {
  site_id: number;
  name?: string;
  slug?: string;
  account_id?: number;
  customer_id?: number;
  shared_with?: number[];
  environments?: { environment_id: number; [k: string]: unknown }[];
}

/**
 * PUT /sites/update replaces the whole record and deletes environments it is not given; credentials are redacted
 * from every read an agent sees. So the current record is read here (unredacted, server-side only) and the edit is
 * applied on top of it: fields not given keep their values and no environment is dropped.
 */
async function updateSite(args: SiteEdit, ctx: OperationContext) {
  const site = (await ctx.call({ method: "GET", path: "/sites/{site_id}" })) as Row;
  const details = (await ctx.call({ method: "GET", path: "/sites/{site_id}/details" })) as Row;
  const row = (details?.site ?? {}) as Row;
  const accountId = args.account_id ?? toId(site.account_id);
  const current = asArray(site.environments) as Row[];
  const edits = new Map((args.environments ?? []).map((e) => [e.environment_id, e]));
  for (const id of edits.keys()) {
    if (!current.some((e) => Number(e.environment_id) === id)) {
      throw new InputError(
        `environment_id ${id} is not an environment of site ${args.site_id} (it has ${current.map((e) => e.environment_id).join(", ")}). Nothing was changed.`,
      );
    }
  }
  const environments = current.map((e) => {
    const env: Row = {};
    for (const k of ENV_FIELDS) if (e[k] !== undefined) env[k] = e[k];
    env.environment_id = toId(e.environment_id);
    for (const [k, v] of Object.entries(edits.get(Number(e.environment_id)) ?? {})) if (v !== undefined) env[k] = v;
    return env;
  });
  const shared =
    args.shared_with ??
    (asArray(details?.shared_with) as Row[]).map((a) => Number(a.account_id)).filter((id) => id !== Number(accountId));
  const value = {
    site_id: args.site_id,
    account_id: accountId,
    customer_id: args.customer_id ?? toId(row.customer_id),
    name: args.name ?? site.name,
    site: args.slug ?? site.site,
    provider: site.provider,
    key: site.key ?? "",
    environment_vars: site.environment_vars ?? row.environment_vars ?? [],
    shared_with: shared,
    environments,
  };
  const answer = (await ctx.call({ method: "PUT", path: "/sites/update", body: { value } })) as Row;
  const changed = Object.keys(args).filter((k) => k !== "site_id" && (args as unknown as Row)[k] !== undefined);
  return rendered({ site_id: toId(answer?.site_id ?? args.site_id), message: answer?.response, changed });
}

interface UpdateSettings {
  site_id: number;
  environment: string;
  updates_enabled?: boolean;
  exclude_plugins?: string[];
  exclude_themes?: string[];
}

/** PUT /sites/{id}/settings takes the three settings together; missing ones are read first so they are kept. */
async function setUpdateSettings(args: UpdateSettings, ctx: OperationContext) {
  let env: Row | undefined;
  if (args.updates_enabled === undefined || !args.exclude_plugins || !args.exclude_themes) {
    const envs = asArray(await ctx.call({ method: "GET", path: "/sites/{site_id}/environments" })) as Row[];
    env = envs.find((e) => String(e.environment).toLowerCase() === args.environment);
    if (!env) {
      throw new InputError(
        `Site ${args.site_id} has no ${args.environment} environment (it has ${envs.map((e) => e.environment).join(", ") || "none"}). Nothing was changed.`,
      );
    }
  }
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  const value = {
    updates_enabled: args.updates_enabled === undefined ? Number(env?.updates_enabled) || 0 : args.updates_enabled ? 1 : 0,
    updates_exclude_plugins: args.exclude_plugins ?? list(env?.updates_exclude_plugins),
    updates_exclude_themes: args.exclude_themes ?? list(env?.updates_exclude_themes),
  };
  const token = await ctx.call({
    method: "PUT",
    path: "/sites/{site_id}/settings",
    body: { environment: args.environment, value },
  });
  return rendered({ ...queuedTask(token, "site sync"), settings: value });
}

/** GET /sites/{id}/users is keyed by the stored environment name ("Production"); pick one, filter and page it. */
function siteUsersPage(data: unknown, args: { environment: string; search?: string; role?: string; limit: number; offset: number }) {
  const byEnv = (data ?? {}) as Record<string, unknown>;
  const key = Object.keys(byEnv).find((k) => k.toLowerCase() === args.environment);
  const rows = (asArray(key ? byEnv[key] : []) as Row[])
    .filter((u) => matches([u.user_login, u.display_name, u.user_email], args.search))
    .filter((u) => !args.role || String(u.roles ?? "").split(",").map((r) => r.trim()).includes(args.role))
    .map((u) => ({ id: toId(u.ID), login: u.user_login, name: u.display_name, email: u.user_email, roles: u.roles }));
  const { items, ...paging } = paginate(rows, args.offset, args.limit);
  return { environment: key ?? args.environment, users: items, ...paging, environments: Object.keys(byEnv) };
}

function mailgunEvents(data: unknown, args: { limit: number; offset: number }) {
  const answer = (data ?? {}) as Row;
  const rows = (asArray(answer.items) as Row[]).map((e) => {
    const headers = ((e.message as Row | undefined)?.headers ?? {}) as Row;
    const ts = Number(e.timestamp);
    return dropEmpty({
      time: Number.isFinite(ts) ? new Date(ts * 1000).toISOString() : e.timestamp,
      event: e.event,
      to: headers.to ?? e.recipient,
      subject: headers.subject,
      reason: e.reason ?? (e["delivery-status"] as Row | undefined)?.description,
    });
  });
  const { items, ...paging } = paginate(rows, args.offset, args.limit);
  const next = (answer.pagination as Row | undefined)?.next;
  return { events: items, ...paging, ...(rows.length && typeof next === "string" ? { next_page: next } : {}) };
}

export const operations = [
  defineOperation({
    name: "list_sites",
    toolset: "sites",
    core: true,
    method: "GET",
    path: "/sites",
    summary: "List the sites this user can see",
    words: "all our websites clients sites fleet portfolio find a site by name domain which sites does an account have how many sites how many websites we host hosting",
    description:
      "stale_sync: not synced for 48 h (run_site_command sync-data). search: name/slug/URL/label. Next: get_site, list_pending_updates.",
    input: {
      search: Search,
      account_id: positiveInt.optional().describe("Only sites of this account"),
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
    summary: "Get one site with its environments, secrets redacted",
    words: "site overview everything about a site php version wordpress version hosting sftp plugins themes summary status",
    description:
      "Per environment: core, PHP, URLs, SFTP host/user, plugin/theme counts, pending updates; detail=full lists them all.",
    input: { site_id: SiteId, detail: Detail },
    effect: "read",
    render: (data, args) => {
      const site = stripUi(data) as Row;
      const { environments, update_logs: _u, timeline: _t, usage_breakdown: _b, errors: _e, users: _users, outdated, ...rest } = site;
      const account = rest.account as Row | undefined;
      return {
        ...rest,
        ...(outdated === true ? { stale_sync: "data not refreshed for 48 h — run_site_command sync-data" } : {}),
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
    words: "who owns this site which account linked domains sharing backup settings owner",
    description: "Lighter than get_site: owner and domains, no environments.",
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
    words: "staging copy live production environments of a site installed plugins themes versions sftp connection details does it have staging does a site have staging ssh sftp host port username credentials of live and staging",
    description:
      "detail=full lists every plugin/theme with versions. environment_id is what run_code takes.",
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
    summary: "Fetch several sites by id in one call",
    words: "several sites at once by ids batch lookup look up a few sites together compare sites",
    description: "Ids the user cannot see are listed under missing.",
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
    words: "whoami current user my own user my role am i admin my accounts logged in as which user am i signed in as my login am i an admin",
    description: "Admins see every site; others their accounts' sites.",
    input: {},
    effect: "read",
  }),
  defineOperation({
    name: "create_site",
    toolset: "sites",
    method: "POST",
    path: "/sites",
    summary: "Register an existing WordPress site (SFTP details) in CaptainCore",
    words: "add existing site to captaincore connect sftp onboard site import site manually register site",
    description: "Returns site_id. For a brand-new site use create_site_request.",
    input: {
      name: Domain,
      site: SiteSlug,
      account_id: AccountId.describe("Owner and billing account"),
      provider: text("Host, e.g. kinsta", 40).optional(),
      environments: z
        .array(z.strictObject({ environment: z.enum(["Production", "Staging"]), ...EnvConnection }))
        .min(1)
        .max(2)
        .describe("SFTP details, Production first"),
    },
    effect: "write",
    // customer_id = account_id: left empty, CaptainCore would create a new billing account named after the site.
    body: ({ environments, ...site }) => ({
      site: {
        provider: "",
        ...site,
        customer_id: site.account_id,
        shared_with: [],
        environments: environments.map((e) => ({ protocol: "sftp", ...e })),
      },
    }),
    render: (data) => ({ site_id: toId((data as Row).site_id), message: (data as Row).response }),
  }),
  defineOperation({
    name: "update_site",
    toolset: "sites",
    method: "PUT",
    path: "/sites/update",
    summary: "Admin: change a site's name, slug, accounts or SFTP details",
    words: "rename site change slug move site to another account change sftp host username password port",
    input: {
      site_id: SiteId,
      name: Domain.optional(),
      slug: SiteSlug.optional(),
      account_id: AccountId.optional(),
      customer_id: AccountId.optional().describe("Billing account"),
      shared_with: z.array(AccountId).max(50).optional().describe("Replaces shared accounts"),
      environments: z.array(EnvEdit).max(4).optional().describe("SFTP edits by environment_id"),
    },
    effect: "write",
    idempotent: true,
    run: updateSite,
  }),
  defineOperation({
    name: "update_site_details",
    toolset: "sites",
    method: "POST",
    path: "/sites/{site_id}",
    summary: "Merge keys into a site's details, e.g. {removed:true} to request removal",
    words: "request removal mark site removed flag site details notes",
    description: "It emails the admins; removed:false cancels.",
    input: { site_id: SiteId, details: z.record(z.string().max(64), z.unknown()) },
    effect: "write",
    idempotent: true,
    render: (_data, args) => ({ site_id: args.site_id, updated: Object.keys(args.details) }),
  }),
  defineOperation({
    name: "delete_site",
    toolset: "sites",
    method: "DELETE",
    path: "/sites/{site_id}",
    summary: "Admin: delete a site, also on the host backend",
    words: "delete site permanently remove site from captaincore offboard client left cancel site hosting take a site out of captaincore lost the client stop managing",
    input: { site_id: SiteId },
    effect: "destructive",
    confirmText: "Deactivates the site and deletes it on the backend.",
    render: (data) => ({ ...(data as Row), site_id: toId((data as Row)?.site_id) }),
  }),
  defineOperation({
    name: "set_site_update_settings",
    toolset: "sites",
    method: "PUT",
    path: "/sites/{site_id}/settings",
    summary: "Set an environment's automatic updates and excluded plugins/themes",
    words: "automatic updates auto-update on off exclude plugins themes from updates stop updating pause updates update schedule",
    input: {
      site_id: SiteId,
      environment: Environment,
      updates_enabled: z.boolean().optional(),
      exclude_plugins: SlugList("Plugin slugs to skip").optional(),
      exclude_themes: SlugList("Theme slugs to skip").optional(),
    },
    effect: "write",
    idempotent: true,
    run: setUpdateSettings,
  }),
  defineOperation({
    name: "grant_site_access",
    toolset: "sites",
    method: "POST",
    path: "/sites/{site_id}/grant-access",
    summary: "Share a site with more accounts",
    words: "share site with another account give access to an agency or team give an existing user access to another site",
    input: { site_id: SiteId, account_ids: z.array(AccountId).min(1).max(50) },
    effect: "write",
    idempotent: true,
    render: (data, args) => ({ site_id: toId(data), granted_account_ids: args.account_ids }),
  }),
  defineOperation({
    name: "invite_site_user",
    toolset: "sites",
    method: "POST",
    path: "/sites/{site_id}/invite",
    summary: "Email someone a full-access invite to the site's account",
    words: "invite someone to a site by email give access to one site collaborator invite someone to manage one site client access to their own site",
    input: {
      site_id: SiteId,
      email: z
        .string()
        .trim()
        .max(254)
        .refine((v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), "an email address"),
    },
    effect: "write",
  }),
  defineOperation({
    name: "preview_site_invite",
    toolset: "sites",
    method: "GET",
    path: "/sites/{site_id}/invite-preview",
    summary: "What an invite to this site's account would grant",
    words: "what access would an invite give before sending check invitation preview what they will see",
    input: { site_id: SiteId },
    effect: "read",
    render: (data) => {
      const p = data as Row;
      return {
        ...p,
        sites_list: (asArray(p.sites_list) as Row[]).map((x) => ({ site_id: toId(x.site_id), name: x.name })),
        domains_list: (asArray(p.domains_list) as Row[]).map((x) => ({ domain_id: toId(x.domain_id), name: x.name })),
      };
    },
  }),
  defineOperation({
    name: "list_site_users",
    toolset: "sites",
    method: "GET",
    path: "/sites/{site_id}/users",
    summary: "List an environment's WordPress users (id, login, email, roles)",
    words: "wordpress users admins administrators editors logins of a site who has access to wp-admin",
    input: {
      site_id: SiteId,
      environment: EnvironmentDefaultProduction,
      search: Search,
      role: z.string().max(60).optional().describe("e.g. administrator"),
      limit: Limit(50, 500),
      offset: Offset,
    },
    effect: "read",
    render: siteUsersPage,
  }),
  defineOperation({
    name: "get_magic_login_url",
    toolset: "sites",
    core: true,
    method: "GET",
    path: "/sites/{site_id}/{environment}/magiclogin",
    summary: "One-time WordPress admin login link",
    words: "log into wp-admin dashboard without password one-click login link admin access backend",
    input: { site_id: SiteId, environment: EnvironmentDefaultProduction },
    effect: "write",
    render: (data) => oneTimeUrl(data, "login_url", LOGIN_FAILED),
  }),
  defineOperation({
    name: "get_magic_login_url_for_user",
    toolset: "sites",
    method: "GET",
    path: "/sites/{site_id}/{environment}/magiclogin/{wp_user_id}",
    summary: "One-time WordPress login link as one user (id from list_site_users)",
    words: "log in as a specific wordpress user impersonate user login link",
    input: { site_id: SiteId, environment: EnvironmentDefaultProduction, wp_user_id: UserId.describe("WordPress user ID") },
    effect: "write",
    render: (data) => oneTimeUrl(data, "login_url", LOGIN_FAILED),
  }),
  defineOperation({
    name: "get_phpmyadmin_url",
    toolset: "sites",
    method: "GET",
    path: "/sites/{site_id}/{environment}/phpmyadmin",
    summary: "One-time phpMyAdmin link (Kinsta, Rocket.net)",
    words: "open the database phpmyadmin mysql tables wp_options sql access",
    input: { site_id: SiteId, environment: EnvironmentDefaultProduction },
    effect: "write",
    render: (data) => oneTimeUrl(data, "phpmyadmin_url", "No phpMyAdmin link: only Kinsta and Rocket.net sites have one."),
  }),
  defineOperation({
    name: "list_environments",
    toolset: "sites",
    method: "GET",
    path: "/environments",
    summary: "List environments of active Kinsta sites only (push targets)",
    words: "kinsta environments push targets all environments across sites list of staging and live environments",
    input: {
      source_environment_id: EnvironmentId.optional().describe("Leave this one out"),
      search: Search,
      limit: Limit(50, 500),
      offset: Offset,
    },
    effect: "read",
    render: (data, args) => {
      const rows = environmentRows(data).filter((e) => matches([e.name, e.home_url], args.search));
      return pageOf("environments", rows, args);
    },
  }),
  defineOperation({
    name: "set_site_mailgun_domain",
    toolset: "sites",
    method: "PUT",
    path: "/sites/{site_id}/mailgun",
    summary: "Admin: set a site's Mailgun sending domain",
    words: "which mailgun domain a site sends from set sending domain change mail domain for a site hook up connect a site to its mailgun domain outgoing email sending mail from",
    input: { site_id: SiteId, mailgun_domain: Domain },
    effect: "write",
    idempotent: true,
    body: (args) => ({ value: args.mailgun_domain }),
    render: (_data, args) => ({ site_id: args.site_id, mailgun_domain: args.mailgun_domain, success: true }),
  }),
  defineOperation({
    name: "list_site_mailgun_events",
    toolset: "sites",
    method: "GET",
    path: "/sites/{site_id}/mailgun-events",
    summary: "Recent email delivery events of the site's Mailgun domain",
    words: "did the email go out delivery log sent emails contact form delivered bounced failed site emails",
    input: {
      site_id: SiteId,
      page: z.url().max(2000).optional().describe("next_page from last call"),
      limit: Limit(50, 300),
      offset: Offset,
    },
    effect: "read",
    render: mailgunEvents,
  }),
];
