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
  return { [what]: data.trim(), note: "One-time link for the user to open soon; do not store or share it." };
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
    asks: [
      "show me all the sites we manage", "which websites are in my account?",
      "list every WordPress site for the Maple Yoga client", "how many sites do we have on Kinsta right now",
      "find the site with bakery in the name", "what sites haven't synced in a couple days",
      "give me a rundown of our whole fleet", "do we still host anything for oldfriendsdiner.com?",
      "can you pull up a directory of every website we look after", "what domains are on our books at the moment",
      "sites under the Harbor Realty account", "is tidepoolsurf.com one of ours?",
      "my boss wants a count of client websites we maintain, grouped by host",
      "inventory of all wordpress installs, page 2", "show me all websites", "which sites are on account 3",
      "list all our sites", "how many websites are we hosting right now?",
      "can you list every site we're hosting right now?", "list all my sites",
      "how many websites do we manage right now? I need the full list for the insurance form",
    ],
    description:
      "stale_sync: not synced for 48 h (run_site_command sync-data). search: name/slug/URL/label. Next: get_site, list_site_environments, list_pending_updates.",
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
    asks: [
      "pull up everything about bakery.com", "what PHP version is mapleyoga.com running on the live site?",
      "what are the SFTP host and username for the bakery site",
      "how many plugins and themes are installed on riverdental.com",
      "show me the full plugin list with versions for sunsetcafe.com",
      "what WordPress version is the client's site on, and is there anything waiting to update?",
      "site info for greenthumbgardens.com including staging",
      "give me the overview of site 1423 — urls, core, php, all of it",
      "everything you've got on lakeviewvet.com — versions, addresses, ftp login host",
      "what's the live and staging url for the florist's website and which wp core is it on",
      "site profile for the shop, with every plugin listed",
      "is there anything outdated on the bike repair site? give me its full breakdown",
      "my developer is asking what hosting details my website has, can you get them",
      "dump the specs of site 902 including theme versions", "details of one site",
      "what version of wordpress is the bakery site on", "show me everything about bakery.com",
      "what version of WordPress and PHP is tidewaterdental.com running?", "pull up site 47",
      "what's the basic info on the northfieldlibrary.org site — name, account, status?",
    ],
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
    asks: [
      "which client account owns bakery.com?", "what domains are linked to the mapleyoga site",
      "who is this site shared with", "is backup turned on for sunsetcafe.com and how often does it run",
      "quick look at the account and domain info for riverdental.com, don't need plugin stuff",
      "which customer is billed for this website", "tell me the owner and connected domains for site 88",
      "what are the backup settings on the pizza shop site", "whose customer is lakeviewvet.com under",
      "which account is that website attached to, and what other accounts can see it",
      "domains tied to the florist site, plus the backup schedule",
      "is the shop website being backed up and who has it shared",
      "which billing account does the bike repair site roll up to",
      "owner account + linked domains for site 301, skip environments", "which account is the bakery site billed to",
      "whats the php verison and wordpress version on harborviewdental.com",
      "give me the full details for harborviewmarina: php version, storage, core version, everything",
      "I need SFTP host and port plus the wp version for the Kettle & Crumb site",
    ],
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
    asks: [
      "show me the production and staging environments for bakery.com", "does mapleyoga.com have a staging copy?",
      "what's the staging url for the dentist site",
      "list the environment ids for sunsetcafe so I can run a command on staging",
      "compare the plugin versions on live vs staging for greenthumb",
      "what php and wp version is each environment of the bakery site on",
      "which environments exist for site 512 and their sftp hosts",
      "the staging site looks different from live — what versions are on each?",
      "is there a test copy of my website somewhere I can try things on",
      "env list for lakeviewvet.com with plugin versions",
      "what's the sftp address for the test version of the florist site",
      "give me the ids of live and test copies of the shop so I can target one",
      "which themes are installed on each copy of the bike repair site",
      "how many copies of site 77 exist and what wordpress version does each run",
      "what plugins are installed on this site", "does bakery.com have a staging copy or only live?",
      "give me the sftp details for bakery staging", "does bakery.com have a staging copy?",
      "give me the ssh host, port and username for the live and staging versions of mapleyoga.com",
      "does clearwaterortho have a staging environment or just production?",
      "show both environments for site 135 with their urls",
    ],
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
    asks: [
      "get me sites 101, 204 and 377 in one go", "look up these site ids: 12, 45, 98",
      "pull the rows for this batch of site ids I pasted",
      "which of these ids do I actually have access to: 5, 6, 7, 8", "bulk lookup of several sites by their numbers",
      "I have a list of site ids from the report, show me their names and hosts",
      "resolve site ids 2201 2202 2203 to domains", "fetch sites 14 and 19 together",
      "here are six ids from the invoice export, tell me what site each one is", "batch resolve: 311, 318, 402",
      "which of ids 90, 91, 92 are missing or hidden from me",
      "translate these numeric site ids into domain names and providers",
      "can you look up several sites at once by number instead of one at a time",
      "the spreadsheet only has site numbers 55 66 77 — what are they", "pull up sites 12, 14 and 20 together",
      "pull up sites 412, 418 and 530 side by side", "get me details for sites 12, 48 and 305 in one go",
      "load info for just these four client sites, not the whole list",
    ],
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
    asks: [
      "who am I logged in as?", "what's my role — am I an administrator?", "which accounts do I belong to",
      "what email is on my CaptainCore user", "check my permissions", "whoami",
      "am I an admin or can I only see my own client sites", "what user is this API key connected to",
      "which login is this assistant using", "what name and email does captaincore have for me",
      "do I have full admin rights or just customer access", "what client accounts am I a member of",
      "my profile info please", "why can't I see all the sites — what's my access level", "who am i logged in as",
      "which user am I signed in as, and am I an admin?", "what email is my login under and do I have 2FA turned on?",
      "show my profile",
    ],
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
    asks: [
      "add an existing WordPress site to CaptainCore using its SFTP login",
      "register bakery.com with us — it's already live on SiteGround, here are the ftp credentials",
      "hook up a client's site we just took over so we can manage it", "onboard mapleyoga.com into the dashboard",
      "I want to start managing a site hosted elsewhere, add it with these sftp details",
      "put riverdental.com into our fleet under the Smile Dental account",
      "add a new site record for a WordPress install that already exists",
      "connect a WP site to captaincore — host sftp.example.net port 2222 user wpadmin",
      "we just took on a new client whose site lives on GoDaddy, add it so we can maintain it",
      "bring lakeviewvet.com under management, sftp port 22, user vetadmin",
      "new maintenance customer — add their existing wordpress to our list under their account",
      "I want to start looking after my friend's florist website, it's already built, here's the ftp",
      "set up a record for a site hosted on Bluehost using its file transfer login",
      "register a pre-existing wp install with live and staging ftp creds", "add a new site",
      "We just signed Harbor Lights Yoga! Add them as a new site so Kayla can start onboarding tomorrow.",
      "add a new site to the dashboard: cedarcreekcabins.com",
      "create a site entry for our new client Wolfe Architecture",
    ],
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
    asks: [
      "rename the site from bakery.com to sweetbakery.com in the dashboard", "change the slug of the mapleyoga site",
      "move this site to a different client account",
      "the sftp password changed on the host, update it in captaincore",
      "fix the sftp port for staging on the dentist site", "switch the billing customer for sunsetcafe.com",
      "update the site's shared accounts list and its name",
      "edit site 340's connection details, the host moved servers",
      "the client rebranded, change the site's label to tidepoolsurf.com",
      "reassign the florist website to the Bloom & Co account",
      "the host gave us a new ftp password for the shop, save it",
      "correct the sftp username on the live copy of site 204",
      "change which customer gets invoiced for the bike repair website",
      "ftp host changed after their server migration — update the connection info",
      "move the yoga site to the Wellness Co account", "update the home directory path on the Maple site details",
      "save new host and ssh username for kingsbury.com",
    ],
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
    asks: [
      "request removal of bakery.com — the client cancelled", "flag this site to be removed from our plan",
      "the client no longer needs the site, mark it for removal so the admins get notified",
      "cancel the removal request for mapleyoga.com, they changed their mind", "undo 'removed' on the dentist site",
      "we're not hosting sunsetcafe anymore, put in a removal request", "set a custom detail key on the site record",
      "please ask to take this website off our account",
      "the bakery owner is closing the business, tell the admins to drop their website",
      "submit a cancellation for lakeviewvet.com", "scratch that removal, the florist is staying with us",
      "we want to stop paying for one of our websites — can you start that",
      "mark site 415 as removed so the team gets an email", "retract the delete request on the shop website",
      "rename 'kline-law-old' to Kline & Associates in the dashboard",
      "rename the site 'Test 2' to 'Rivera Family Dental'",
      "lakeshore moved hosts, update the sftp address and port on their site",
    ],
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
    asks: [
      "delete bakery.com completely, including at the host", "permanently remove the old test site",
      "wipe this site out of CaptainCore and Kinsta", "get rid of site 77 for good", "nuke the abandoned demo site",
      "the client left — delete their website", "destroy the staging-only site we spun up last month",
      "remove mapleyoga.com from the system entirely, I'm sure",
      "erase tidepoolsurf.com from our records and from the host server", "purge the florist's website, confirmed",
      "we no longer need the old test install, permanently destroy it everywhere",
      "completely take down and delete the bike repair site, no undo needed", "hard delete site 612",
      "client didn't pay for a year, remove the site and its hosting for good", "delete a site",
      "joesplumbing left us, remove their site from captaincore completely",
      "we lost the oldtownpizza.net client, take that site out of captaincore",
      "maple street bakery closed for good in october, get rid of their site",
      "take oldportfolio.jamesreed.design off our hosting completely, client is done with it",
      "delete site — client didn't renew",
    ],
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
    asks: [
      "turn off automatic updates for bakery.com", "exclude WooCommerce from auto updates on the shop site",
      "stop updating the theme automatically, the client customized it",
      "enable auto-updates on staging for mapleyoga", "don't let Elementor Pro update on its own anymore",
      "the form stopped working after last night's auto update — pause updates for Gravity Forms on that site",
      "skip the Divi theme when running updates on sunsetcafe.com", "change the update settings so ACF is held back",
      "freeze plugin updates on lakeviewvet.com, we're in the middle of a launch",
      "hold back Yoast from the scheduled updates on the florist site",
      "whitelist-out the custom child theme from automatic patching",
      "my online store broke last time things auto-updated, can you stop that from happening",
      "re-enable scheduled updates for production on the shop",
      "auto-update rules: skip WPML and Polylang on site 88",
      "stop auto-updating greenleaf, they have a custom plugin that breaks every time",
      "Can we stop auto-updating plugins on Lakeshore Rowing Club? They run a custom fork of The Events Calendar and every automatic update wipes out Greg's changes to the registration page.",
      "exclude woocommerce from auto updates on this site",
      "turn off automatic updates for the church site, they want to approve them",
    ],
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
    asks: [
      "share bakery.com with the Sweet Treats account too", "give the marketing agency's account access to this site",
      "let another client account see mapleyoga.com", "add account 45 to the site's access",
      "our partner agency needs to manage this site as well, share it with them",
      "grant a second account permission on the dentist website",
      "make this site visible to the franchise owner's account", "link the site to two more accounts",
      "the franchise HQ should also be able to manage lakeviewvet.com",
      "add the Bloom & Co account alongside the current owner for the florist site",
      "our SEO contractor's company account needs to see this website", "co-manage the shop with account 112 and 113",
      "allow a different customer account to view the bike repair site",
      "can you give the sister business's account visibility on my website",
      "give the client's marketing agency access to the bakery site",
      "Marco already has a login — give him access to pawsvet.com too",
      "Ana already has a login with us — give her access to just the Pemberton site",
      "give the Smith Marketing account access to wildflower.co",
      "let my contractor's account see the bayside site too",
    ],
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
    asks: [
      "invite jane@bakery.com to manage her website",
      "send the client an invitation so they can log into the dashboard",
      "email my new staffer an invite to the mapleyoga account", "give the owner full access by email invite",
      "add tom@riverdental.com as a user on their account", "can you invite our freelancer to this site",
      "send an access invite to the new office manager", "onboard the client contact — email them a login invite",
      "the new guy needs to get into the dashboard for lakeviewvet.com, his email is sam@lakeviewvet.com",
      "send a welcome email to my business partner so she can manage the website too",
      "add maria@bloomco.com with full access to the florist account",
      "our marketing hire needs a login to captaincore for the shop",
      "can you email an invite so my assistant can see our site", "invite dev@tidepoolsurf.com to the account",
      "invite the client's web guy to only the florist site by email",
      "invite anna@bakery.com so she can manage bakery.com herself",
      "invite the bakery's marketing person, lucy@maplestreetbakery.com, so she can manage their site",
      "invite jane@fernwoodbakery.com so she can manage her own site",
      "send the client an invite to view their site in the portal",
    ],
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
    asks: [
      "if I invite someone to bakery.com what will they be able to see?",
      "what access does an invite to this site's account give",
      "before I send the invite, which sites would they get", "preview what the client would get if invited",
      "would inviting a user here expose other sites on the account?",
      "check the scope of an invitation for mapleyoga",
      "what does an invite grant — just this site or all of the account's sites",
      "dry run an invite to the dentist site",
      "what exactly will the new office manager see if I add her to lakeviewvet.com",
      "show the list of sites someone gains by being invited to the florist account",
      "is it safe to invite the freelancer — will they see our other clients' sites",
      "invite scope check for the shop before I send anything",
      "what permissions come with an invitation to site 220",
      "which websites would be exposed through an invite to this account",
      "before I invite her, what would she get access to on the florist site",
      "before I send it, what would the invite email to the bakery owner look like?",
      "preview the invite before I send access to Mark for the lakeshorepediatrics site",
      "if I invite jen@brightpathcpa.com to this site what will she be able to see? check first, don't send",
    ],
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
    asks: [
      "who are the WordPress users on bakery.com", "list the admins on the client's website",
      "is there a user with the email jane@gmail.com on the site?", "show me all the editors on mapleyoga staging",
      "how many wordpress accounts does the shop have", "find the wp user id for the client's login",
      "there's an admin I don't recognize — list everyone with administrator role",
      "which logins exist on the live site", "who can log into the back end of my website",
      "wp users on lakeviewvet.com with role shop_manager",
      "find the wordpress account for bob@bloomco.com on the florist site",
      "which people have administrator rights on the shop's wordpress", "list subscribers on staging for site 33",
      "did the old developer's login ever get removed from the website?",
      "who are the wordpress admins on the yoga studio site?", "who has access to wp-admin on the yoga site",
      "which wordpress users exist on bakery.com?", "who has admin logins on the Hartwell Insurance wordpress?",
      "who has admin accounts in wordpress on the sunsetcyclery site?",
      "list the wp users on thorntonlawgroup.com, I think there's an old employee still on there",
    ],
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
    asks: [
      "log me into the wp-admin of bakery.com", "give me a one-click login link to the dashboard",
      "I need to get into the WordPress backend without the password", "magic login for mapleyoga staging",
      "open wp admin on the live site for me", "sign in link to the client's WordPress",
      "I forgot the admin password, just get me in", "generate an auto login url for sunsetcafe.com",
      "I can't remember my password, can you get me into my website's admin area",
      "passwordless wp-admin access to lakeviewvet.com production",
      "give me a quick link to the back office of the florist site",
      "login to the wordpress dashboard of the shop staging", "how do I get into the backend of site 501 right now",
      "one-time admin link so I can fix a menu on the bike repair site", "log in to wp-admin without a password",
      "log me into the dashboard of bakery.com", "I need a quick login link to the staging dashboard of pawsvet.com",
      "log me into wp-admin on bakery.com",
      "my client Priya is locked out of wp-admin on pinecrestpediatrics.com and the password reset email never shows up. can you just get me in?",
      "client can't get into wp-admin on crumbandcoffee.com, get me in",
      "my client can't get into wp-admin, just log me in to mapleridgedental",
      "one click login to the staging dashboard for Hollis Bakery pls",
      "client can't get into wp-admin at rosewoodinn.com, need a way in asap",
    ],
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
    asks: [
      "log me in as the client's user so I can see what they see", "get a login link as user id 7 on bakery.com",
      "impersonate the shop manager account in wp-admin",
      "I want to sign in as jane on the site to reproduce her issue",
      "one-time login as the editor user on mapleyoga", "login link for a specific WordPress user, not the admin",
      "switch to the customer's wp account to check their permissions",
      "give me a link to sign in as the author who says they can't publish",
      "the store manager says her menu is missing something, let me see the admin as her",
      "view wp-admin from the perspective of the author account on lakeviewvet.com",
      "log in as wp user 14 on the florist site staging",
      "I need to be the contributor account to test what they can edit",
      "masquerade as the customer's wordpress login on the shop", "can you get me in as bob instead of as admin",
      "login link for a specific editor on the yoga site",
      "log me into wordpress as the shop manager user (ID 14) on the Fable & Fern store so I can see what she sees",
      "I need to sign in as Karen's wp account on bramblewoodinn.com to reproduce her bug",
      "log me in as the shop manager user on the kettle & co store",
    ],
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
    asks: [
      "open phpmyadmin for bakery.com", "I need to get into the database of the live site",
      "give me a link to the MySQL admin on Kinsta", "access the db for mapleyoga staging",
      "phpMyAdmin login for the Rocket.net site", "I need to edit a row in wp_options directly",
      "database access link please", "let me browse the site's tables",
      "I need to run an SQL query against the live database of lakeviewvet.com",
      "open the database manager for the florist site on Kinsta", "sql access for staging on the shop",
      "let me look at the wp_users table directly", "the site is stuck on a bad siteurl, I need to fix it in the db",
      "get me into the mysql tables for site 77", "open the database of acme staging so I can poke at wp_options",
      "open the bakery.com database in phpmyadmin",
      "need to poke around the wp_options table on site 782, open the db browser",
      "open the database for redfoxroofing in phpmyadmin",
      "I need to poke around the wp_options table directly on staging for Lantern Books",
      "open the database for greenway so I can look at wp_options",
    ],
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
    asks: [
      "list all the Kinsta environments I could push to", "which Kinsta sites and environments are active",
      "show every Kinsta environment across the fleet", "find the environment id of the mapleyoga staging on Kinsta",
      "what push targets exist across all our Kinsta sites", "search Kinsta environments for 'bakery'",
      "which environments can receive a push from env 880", "give me the list of kinsta production and staging envs",
      "every kinsta site copy in the whole account I could deploy onto", "kinsta environments matching 'florist'",
      "what other kinsta installs could receive a copy of environment 1201",
      "directory of all live and test copies we host on kinsta",
      "I need the kinsta env id for lakeviewvet production",
      "which active kinsta sites are available as destinations", "list every kinsta environment we could push to",
      "list all production and staging environments across every site",
      "give me every environment id we have, need them for a bulk run",
    ],
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
    asks: [
      "set the Mailgun sending domain for bakery.com to mg.bakery.com", "hook up mailgun on the mapleyoga site",
      "change which mailgun domain this site sends from", "configure outgoing email through Mailgun for the dentist",
      "contact form emails aren't arriving — point the site at our mailgun domain",
      "use mail.sunsetcafe.com as the mailgun domain", "assign a transactional email domain to the site",
      "switch the site's mailgun domain to the new one",
      "emails from lakeviewvet.com should go out via mg.lakeviewvet.com",
      "the thing that sends our emails — set it up to use our own domain",
      "set up reliable mail sending for the florist website through mailgun",
      "change the outbound mail domain on the shop to notify.shop.com",
      "order emails go to spam, connect the site to a proper sending domain",
      "mailgun domain for site 412 = mail.tidepoolsurf.com", "make the yoga site send mail from mg.yogastudio.com",
      "hook the bakery.com site up to the mailgun domain we made for its outgoing email",
      "contact forms on tinsleyphoto.com aren't sending, set up mailgun for the site",
      "point the site's mailgun setting at mg.tinsleyphoto.com",
    ],
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
    asks: [
      "did the contact form emails from bakery.com actually get delivered?", "show recent mailgun logs for the site",
      "the client says they never got the order confirmation email — check the delivery log",
      "which emails bounced from mapleyoga this week", "email delivery events for the dentist website",
      "are WooCommerce emails being rejected or going out", "check if mail sent from the site reached gmail",
      "recent failed email deliveries on sunsetcafe.com",
      "customers say they aren't getting our emails — can you see if they were sent",
      "mailgun activity for lakeviewvet.com, last 50",
      "did the password reset email to bob@gmail.com get through from the florist site",
      "which outgoing messages from the shop failed or got dropped", "email log for the website",
      "was the booking confirmation delivered or marked as spam",
      "did the contact form email from the yoga site go out yesterday?",
      "Contact form emails from pinecrestpediatrics aren't reaching the front desk. Did they even send?",
      "did the contact form emails from willowcreekvet.com actually go out? client says nobody's getting them",
      "show outgoing email delivery log for the Salt & Pine site — bounces, failures, etc",
    ],
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
