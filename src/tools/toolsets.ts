/**
 * The toolsets, declared once: name, description, the modules that hold their operations (loaded on demand) and
 * order (the order of tools/list, the catalog and the reference). The index, the loader and the docs derive from it.
 */
/** A toolset module (typed here, not inferred: the modules' own types depend on ToolsetName). */
type Loaded = Promise<{ operations: readonly object[] }>;
type ToolsetModule = () => Loaded;

const toolset = (description: string, ...modules: ToolsetModule[]) => ({ description, modules });

export const TOOLSET_LIST = {
  sites: toolset("Sites: list, inspect, create, update and remove sites", (): Loaded => import("./sites.js"), (): Loaded => import("./fleet.js")),
  environments: toolset("Environments: connection details, push between environments, domains per environment", (): Loaded => import("./environments.js")),
  jobs: toolset("Running code: WP-CLI scripts, site commands, bulk tools, and the jobs they start", (): Loaded => import("./jobs.js")),
  quicksaves: toolset("Quicksaves: what changed between versions of plugins/themes, file diffs, rollbacks", (): Loaded => import("./quicksaves.js")),
  updates: toolset("Update logs, activity logs, process logs, processes, running tasks", (): Loaded => import("./updates.js")),
  filters: toolset("Filters: find sites by plugin/theme name, version and status", (): Loaded => import("./filters.js")),
  scripts: toolset("Scheduled scripts and recipes (saved WP-CLI scripts)", (): Loaded => import("./scripts.js")),
  backups: toolset("Backups, snapshots and visual captures", (): Loaded => import("./backups.js"), (): Loaded => import("./captures.js")),
  stats: toolset("Traffic stats, usage, timeline, logs and monitoring", (): Loaded => import("./stats.js")),
  site_requests: toolset("Requests for new sites", (): Loaded => import("./site_requests.js")),
  directory: toolset("WordPress.org plugin/theme directory, web-risk logs, checksum failures, archive", (): Loaded => import("./directory.js")),
  domains: toolset("Domains and registrar actions: lock, privacy, auth code, contacts, nameservers", (): Loaded => import("./domains.js")),
  dns: toolset("DNS zones and records", (): Loaded => import("./dns.js")),
  email: toolset("Email forwarding and Mailgun", (): Loaded => import("./email.js")),
  accounts: toolset("Accounts, users, invites and access levels", (): Loaded => import("./accounts.js")),
  profile: toolset("Your profile, pins, application passwords, two-factor, email subscriptions", (): Loaded => import("./profile.js")),
  billing: toolset("Billing, payment methods, ACH, invoices, subscriptions", (): Loaded => import("./billing.js")),
  providers: toolset("Hosting providers and provider actions", (): Loaded => import("./providers.js")),
  reports: toolset("Reports and scheduled reports", (): Loaded => import("./reports.js")),
  config: toolset("Global configurations, defaults and SSH keys", (): Loaded => import("./config.js")),
};

export type ToolsetName = keyof typeof TOOLSET_LIST;

export const TOOLSET_NAMES = Object.keys(TOOLSET_LIST) as ToolsetName[];

/** Each toolset's one-line description, by name. */
export const TOOLSETS = Object.fromEntries(TOOLSET_NAMES.map((name) => [name, TOOLSET_LIST[name].description])) as {
  readonly [K in ToolsetName]: string;
};
