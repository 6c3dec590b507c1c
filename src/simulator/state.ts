/**
 * The simulator's database: a seeded, believable fleet (accounts, users with application passwords, sites with
 * Production and Staging, plugins and themes, domains) and the access rules of docs/api/NOTES.md §3. Rows keep the real
 * server's conventions at the edges (serialisers turn ids into strings); inside, ids are numbers.
 */

export type Level = "full-billing" | "full" | "sites-only" | "domains-only";

export interface SimUser {
  user_id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  roles: string[];
  app_password: string;
  tfa_enabled: boolean;
  created_at: string;
  /** Account memberships with their level. */
  accounts: { account_id: number; level: Level }[];
}

export interface SimAccount {
  account_id: number;
  name: string;
  billing_user_id: number;
  plan: Record<string, unknown> | "";
  defaults: { email: string; timezone: string; recipes: unknown[]; users: unknown[] };
  created_at: string;
}

export interface Component {
  name: string;
  title: string;
  status: string;
  version: string;
  update: string;
}

export interface SimEnvironment {
  environment_id: number;
  site_id: number;
  environment: string; // "Production" | "Staging"
  address: string;
  username: string;
  password: string;
  port: string;
  protocol: string;
  home_directory: string;
  home_url: string;
  database_username: string;
  database_password: string;
  offload_enabled: string;
  offload_provider: string | null;
  offload_access_key: string;
  offload_secret_key: string;
  offload_bucket: string;
  token: string;
  php_version: string;
  php_memory: string;
  core: string;
  storage: string;
  visits: string;
  plugins: Component[];
  themes: Component[];
  monitor_enabled: number;
  updates_enabled: number;
  /** Slugs automatic updates skip (PUT /sites/{id}/settings). */
  updates_exclude_plugins?: string[];
  updates_exclude_themes?: string[];
  created_at: string;
  updated_at: string;
}

/** What a new environment lacks until its first sync: no offload, no plugins or themes; stock PHP and core. */
export function unsyncedEnvironment() {
  return {
    offload_enabled: "0",
    offload_provider: null,
    offload_access_key: "",
    offload_secret_key: "",
    offload_bucket: "",
    php_version: "8.2.26",
    php_memory: "256M",
    core: "6.7.1",
    storage: "0",
    visits: "0",
    plugins: [] as Component[],
    themes: [] as Component[],
  };
}

export interface SimSite {
  site_id: number;
  account_id: number;
  customer_id: number;
  name: string;
  site: string;
  provider: string;
  status: "active" | "inactive";
  core: string;
  labels: string[];
  shared_with: number[];
  created_at: string;
  updated_at: string;
  visits: number;
  storage: string;
  mailgun: string;
  backup_settings: { mode: string; interval: string; active: boolean };
}

export interface SimDomain {
  domain_id: number;
  name: string;
  remote_id: string | null;
  provider_id: string;
  status: string | null;
  price: string | null;
  account_ids: number[];
  created_at: string;
}

export interface SimState {
  users: SimUser[];
  accounts: SimAccount[];
  sites: SimSite[];
  environments: SimEnvironment[];
  domains: SimDomain[];
  /** Per-toolset tables added by route modules: state.ext("dns", () => …). */
  ext<T>(key: string, init: () => T): T;
  nextId(table: string): number;
}

/** Credentials of the seeded users. The demo and tests log in with these. */
export const SEED_USERS = {
  admin: { username: "ccadmin", password: "demo-admin-pass-0001-0002" },
  client: { username: "clara", password: "demo-clara-pass-0003-0004" },
  sitesOnly: { username: "sam", password: "demo-sam-pass-0005-0006" },
} as const;

const NOW = "2026-11-28 09:00:00";

/** "YYYY-MM-DD HH:MM:SS" in the simulator's server time (UTC), as MySQL datetimes are answered. */
export function mysqlNow(ms = Date.now()): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** The real plugin's `outdated`: the site's data (updated_at) was not refreshed for 48 hours. */
export function syncIsStale(updatedAt: string, now = Date.now()): boolean {
  const at = Date.parse(`${updatedAt.replace(" ", "T")}Z`);
  return Number.isFinite(at) && now - at > 48 * 3600_000;
}

/** Sites 4 and 11 of the seed were last synced days ago (CaptainCore flags them `outdated`); the rest hours ago. */
const STALE_SEED_SITES = new Set([4, 11]);

export interface StateOptions {
  /** Extra generated sites after the 12 seeded ones (fleet benchmarks: 500 sites). */
  extraSites?: number;
}

/** Generated sites for large fleets: believable names across the three seeded accounts. */
function generatedSites(count: number): [string, string, number, number, string][] {
  const providers = ["kinsta", "wpengine", "rocketdotnet"];
  return Array.from({ length: count }, (_, i) => {
    const account = 1 + (i % 3);
    return [`client-${i + 1}.example`, `client${i + 1}`, account, account, providers[i % 3]!];
  });
}

const PLUGIN_CATALOG: [string, string, string[]][] = [
  ["akismet", "Akismet Anti-spam: Spam Protection", ["5.3.5", "5.3.7"]],
  ["woocommerce", "WooCommerce", ["9.3.3", "9.4.2"]],
  ["wordpress-seo", "Yoast SEO", ["23.8", "23.9"]],
  ["wordfence", "Wordfence Security", ["7.11.7", "8.0.1"]],
  ["contact-form-7", "Contact Form 7", ["5.9.8", "6.0.1"]],
  ["elementor", "Elementor", ["3.24.7", "3.25.10"]],
  ["jetpack", "Jetpack", ["13.9.1", "14.0"]],
  ["advanced-custom-fields", "Advanced Custom Fields", ["6.3.9", "6.3.11"]],
  ["classic-editor", "Classic Editor", ["1.6.5", "1.6.7"]],
  ["redirection", "Redirection", ["5.5.0", "5.5.1"]],
  ["updraftplus", "UpdraftPlus", ["1.24.6", "1.24.11"]],
  ["wpforms-lite", "WPForms Lite", ["1.9.1.6", "1.9.2.1"]],
  ["litespeed-cache", "LiteSpeed Cache", ["6.5.1", "6.5.2"]],
  ["query-monitor", "Query Monitor", ["3.16.4", "3.17.0"]],
  ["wp-mail-smtp", "WP Mail SMTP", ["4.1.1", "4.2.0"]],
  ["really-simple-ssl", "Really Simple Security", ["9.1.1", "9.1.2"]],
];

const THEME_CATALOG: [string, string, string[]][] = [
  ["twentytwentyfour", "Twenty Twenty-Four", ["1.2", "1.3"]],
  ["twentytwentyfive", "Twenty Twenty-Five", ["1.0", "1.0"]],
  ["astra", "Astra", ["4.8.3", "4.8.7"]],
  ["generatepress", "GeneratePress", ["3.5.0", "3.5.1"]],
  ["kadence", "Kadence", ["1.2.9", "1.2.11"]],
];

const SITES: [string, string, number, number, string][] = [
  // domain, slug, account, customer, provider
  ["acme-shop.test", "acmeshop", 1, 1, "kinsta"],
  ["acme-blog.test", "acmeblog", 1, 1, "kinsta"],
  ["acme-careers.test", "acmecareers", 1, 1, "wpengine"],
  ["acme-docs.test", "acmedocs", 1, 1, "rocketdotnet"],
  ["acme-events.test", "acmeevents", 1, 1, "kinsta"],
  ["bluebird.media", "bluebird", 2, 2, "kinsta"],
  ["bluebird-studio.test", "bluebirdstudio", 2, 2, "wpengine"],
  ["bluebird-podcast.test", "bluebirdpodcast", 2, 2, "kinsta"],
  ["partners-portal.test", "partnersportal", 2, 2, "kinsta"],
  ["cedar.co", "cedarco", 3, 3, "rocketdotnet"],
  ["cedar-kitchen.test", "cedarkitchen", 3, 3, "kinsta"],
  ["cedar-garden.test", "cedargarden", 3, 3, "wpengine"],
];

const CORE_VERSIONS = ["6.7.1", "6.6.2", "6.7.1", "6.5.5"];
export const LATEST_CORE = "6.7.1";

/** The newest release of a catalog plugin/theme (what `wp plugin update` installs), or undefined if unknown. */
export function latestVersion(type: "plugin" | "theme", slug: string): string | undefined {
  const catalog = type === "plugin" ? PLUGIN_CATALOG : THEME_CATALOG;
  return catalog.find(([name]) => name === slug)?.[2][1];
}
const PHP_VERSIONS = ["8.2.26", "8.1.31", "8.3.14", "7.4.33"];

function components(catalog: [string, string, string[]][], seed: number, count: number, activeTheme = false): Component[] {
  const chosen: Component[] = [];
  for (let i = 0; i < count; i++) {
    const [name, title, versions] = catalog[(seed * 3 + i * 5) % catalog.length]!;
    if (chosen.some((c) => c.name === name)) continue;
    const outdated = (seed + i) % 3 === 0 && versions[0] !== versions[1];
    chosen.push({
      name,
      title,
      status: activeTheme ? (chosen.length === 0 ? "active" : "inactive") : (seed + i) % 5 === 4 ? "inactive" : "active",
      version: outdated ? versions[0]! : versions[1]!,
      update: outdated ? "available" : "none",
    });
  }
  return chosen;
}

/** The value kept for `id` in the state's table `key`, made by `seed` the first time it is asked for. */
export function seededPerId<T>(state: SimState, key: string, id: number, seed: () => T): T {
  const table = state.ext(key, () => new Map<number, T>());
  if (!table.has(id)) table.set(id, seed());
  return table.get(id)!;
}

/** A deterministic hex string of `len` digits for a seed (fake tokens, passwords, ids). */
export function hex(seed: number, len: number): string {
  let out = "";
  let x = seed * 2654435761;
  while (out.length < len) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += x.toString(16);
  }
  return out.slice(0, len);
}

export function createState(opts: StateOptions = {}): SimState {
  const users: SimUser[] = [
    {
      user_id: 1,
      username: SEED_USERS.admin.username,
      email: "ccadmin@example.test",
      first_name: "Ada",
      last_name: "Admin",
      roles: ["administrator"],
      app_password: SEED_USERS.admin.password,
      tfa_enabled: false,
      created_at: "2026-01-05 10:00:00",
      accounts: [],
    },
    {
      user_id: 2,
      username: SEED_USERS.client.username,
      email: "clara@acme.test",
      first_name: "Clara",
      last_name: "Client",
      roles: ["subscriber"],
      app_password: SEED_USERS.client.password,
      tfa_enabled: false,
      created_at: "2026-02-11 12:30:00",
      accounts: [{ account_id: 1, level: "full-billing" }],
    },
    {
      user_id: 3,
      username: SEED_USERS.sitesOnly.username,
      email: "sam@bluebird.media",
      first_name: "Sam",
      last_name: "Sites",
      roles: ["subscriber"],
      app_password: SEED_USERS.sitesOnly.password,
      tfa_enabled: false,
      created_at: "2026-03-02 08:15:00",
      accounts: [{ account_id: 2, level: "sites-only" }],
    },
  ];
  const accounts: SimAccount[] = [
    ["Acme Corp", 2],
    ["Bluebird Media", 0],
    ["Cedar & Co", 0],
  ].map(([name, billing], i) => ({
    account_id: i + 1,
    name: name as string,
    billing_user_id: billing as number,
    plan: i === 0 ? { name: "Agency Pro", price: "150", interval: "1", next_renewal: "2026-12-15", limits: { visits: 500000, storage: 50, sites: 10 } } : "",
    defaults: { email: "", timezone: "America/New_York", recipes: [], users: [] },
    created_at: "2026-01-05 10:00:00",
  }));

  const sites: SimSite[] = [];
  const environments: SimEnvironment[] = [];
  const syncedAt = (siteId: number) => mysqlNow(Date.now() - (STALE_SEED_SITES.has(siteId) ? 80 : 2 + (siteId % 5)) * 3600_000);
  [...SITES, ...generatedSites(opts.extraSites ?? 0)].forEach(([domain, slug, account, customer, provider], i) => {
    const site_id = i + 1;
    sites.push({
      site_id,
      account_id: account,
      customer_id: customer,
      name: domain,
      site: slug,
      provider,
      status: "active",
      core: CORE_VERSIONS[i % CORE_VERSIONS.length]!,
      labels: i % 4 === 0 ? ["ecommerce"] : [],
      shared_with: site_id === 9 ? [1] : [],
      created_at: `2026-0${1 + (i % 9)}-1${i % 9} 10:00:00`,
      updated_at: syncedAt(site_id),
      visits: 1000 * (i + 1),
      storage: String(150_000_000 + i * 17_000_000),
      mailgun: "",
      backup_settings: { mode: "direct", interval: "daily", active: true },
    });
    ["Production", "Staging"].forEach((envName, j) => {
      const environment_id = site_id * 2 - 1 + j;
      const staging = envName === "Staging";
      const host = provider === "kinsta" ? `${slug}.kinsta.cloud` : provider === "wpengine" ? `${slug}.ssh.wpengine.net` : `${slug}.rocket.net`;
      environments.push({
        environment_id,
        site_id,
        environment: envName,
        address: host,
        username: staging ? `${slug}-staging` : slug,
        password: `sftp-${slug}-${envName.toLowerCase()}-${hex(environment_id, 10)}`,
        port: staging ? "22002" : "22001",
        protocol: "sftp",
        home_directory: `/www/${slug}/public`,
        home_url: staging ? `https://staging-${domain}` : `https://${domain}`,
        database_username: slug,
        database_password: `db-${hex(environment_id + 100, 14)}`,
        offload_enabled: i % 3 === 0 ? "1" : "0",
        offload_provider: i % 3 === 0 ? "s3" : null,
        offload_access_key: i % 3 === 0 ? `AKIA${hex(environment_id + 200, 16).toUpperCase()}` : "",
        offload_secret_key: i % 3 === 0 ? `offload-secret-${hex(environment_id + 300, 24)}` : "",
        offload_bucket: i % 3 === 0 ? `${slug}-media` : "",
        token: `envtoken-${hex(environment_id + 400, 20)}`,
        php_version: PHP_VERSIONS[i % PHP_VERSIONS.length]!,
        php_memory: "256M",
        core: CORE_VERSIONS[(i + j) % CORE_VERSIONS.length]!,
        storage: String(120_000_000 + environment_id * 3_000_000),
        visits: staging ? "0" : String(1000 * (i + 1)),
        plugins: components(PLUGIN_CATALOG, i + j, 6 + (i % 5)),
        themes: components(THEME_CATALOG, i, 2, true),
        monitor_enabled: j === 0 ? 1 : 0,
        updates_enabled: j === 0 ? 1 : 0,
        created_at: "2026-01-10 10:00:00",
        updated_at: NOW,
      });
    });
  });

  const domains: SimDomain[] = [
    ["acme-shop.test", "100001", [1]],
    ["bluebird.media", "100002", [2]],
    ["cedar.co", "100003", [3]],
    ["acme-events.test", null, [1]],
  ].map(([name, remote, accountIds], i) => ({
    domain_id: i + 1,
    name: name as string,
    remote_id: remote as string | null,
    provider_id: remote ? "1" : "",
    status: "active",
    price: null,
    account_ids: accountIds as number[],
    created_at: "2026-01-12 10:00:00",
  }));

  const ext = new Map<string, unknown>();
  const counters = new Map<string, number>();
  const state: SimState = {
    users,
    accounts,
    sites,
    environments,
    domains,
    ext<T>(key: string, init: () => T): T {
      if (!ext.has(key)) ext.set(key, init());
      return ext.get(key) as T;
    },
    nextId(table: string): number {
      const next = (counters.get(table) ?? 1000) + 1;
      counters.set(table, next);
      return next;
    },
  };
  return state;
}

// ---------- access rules (docs/api/NOTES.md §3) ----------

export function isAdmin(user: SimUser | null | undefined): boolean {
  return !!user && user.roles.includes("administrator");
}

const SITE_LEVELS: Level[] = ["full-billing", "full", "sites-only"];
const DOMAIN_LEVELS: Level[] = ["full-billing", "full", "domains-only"];

export function accountLevel(state: SimState, user: SimUser, accountId: number): Level | undefined {
  const account = state.accounts.find((a) => a.account_id === accountId);
  if (account && account.billing_user_id === user.user_id) return "full-billing";
  return user.accounts.find((a) => a.account_id === accountId)?.level;
}

export function siteAccountIds(user: SimUser): number[] {
  return user.accounts.filter((a) => SITE_LEVELS.includes(a.level)).map((a) => a.account_id);
}

export function canAccessSite(state: SimState, user: SimUser, siteId: number): boolean {
  const site = state.sites.find((s) => s.site_id === siteId);
  if (!site) return false;
  if (isAdmin(user)) return true;
  const mine = siteAccountIds(user);
  if (mine.includes(site.account_id)) return true;
  if (site.status !== "active") return false;
  return mine.includes(site.customer_id) || site.shared_with.some((a) => mine.includes(a));
}

export function visibleSites(state: SimState, user: SimUser): SimSite[] {
  return state.sites.filter((s) => s.status === "active" && canAccessSite(state, user, s.site_id));
}

export function canAccessDomain(state: SimState, user: SimUser, domainId: number): boolean {
  const domain = state.domains.find((d) => d.domain_id === domainId);
  if (!domain) return false;
  if (isAdmin(user)) return true;
  const mine = user.accounts.filter((a) => DOMAIN_LEVELS.includes(a.level)).map((a) => a.account_id);
  if (domain.account_ids.some((a) => mine.includes(a))) return true;
  const customers = visibleSites(state, user).map((s) => s.customer_id);
  return domain.account_ids.some((a) => customers.includes(a));
}

export function visibleDomains(state: SimState, user: SimUser): SimDomain[] {
  return state.domains.filter((d) => canAccessDomain(state, user, d.domain_id));
}

export function canAccessAccount(state: SimState, user: SimUser, accountId: number): boolean {
  if (isAdmin(user)) return state.accounts.some((a) => a.account_id === accountId);
  return user.accounts.some((a) => a.account_id === accountId) ||
    state.accounts.some((a) => a.account_id === accountId && a.billing_user_id === user.user_id);
}

export function siteEnvironments(state: SimState, siteId: number): SimEnvironment[] {
  return state.environments.filter((e) => e.site_id === siteId);
}

export function findEnvironment(state: SimState, siteId: number, name: string): SimEnvironment | undefined {
  return siteEnvironments(state, siteId).find((e) => e.environment.toLowerCase() === name.toLowerCase());
}

/** Every secret the simulator can hand out, for tests that scan output for leaks. */
export function allSecrets(state: SimState): string[] {
  const out: string[] = [];
  for (const e of state.environments) {
    out.push(e.password, e.database_password, e.token);
    if (e.offload_access_key) out.push(e.offload_access_key);
    if (e.offload_secret_key) out.push(e.offload_secret_key);
  }
  for (const u of state.users) out.push(u.app_password);
  const extra = state.ext<string[]>("secrets", () => []);
  return [...out, ...extra];
}
