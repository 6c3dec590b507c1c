/** Serialisers to the real answer shapes (test/fixtures/live, checked by test/contract.test.ts): string ids, UI helper keys, "Loading" panels. */
import type { SimAccount, SimEnvironment, SimSite, SimState, SimUser } from "./state.js";
import { siteEnvironments } from "./state.js";

export const s = (n: number | string | null | undefined) => (n === null || n === undefined ? null : String(n));

/** What the plugin adds to every plan it answers: the account's live usage, as numbers. */
export function accountUsage(state: SimState, accountId: number) {
  const sites = state.sites.filter((x) => x.account_id === accountId && x.status === "active");
  const environments = sites.flatMap((x) => siteEnvironments(state, x.site_id));
  return {
    storage: environments.reduce((sum, e) => sum + Number(e.storage), 0),
    visits: sites.reduce((sum, x) => sum + x.visits, 0),
    sites: sites.length,
  };
}

/** The account as embedded in a site: an account without a plan still has `plan: {usage}`. */
export function accountShape(state: SimState, account: SimAccount | undefined) {
  if (!account) return null;
  return {
    account_id: s(account.account_id),
    name: account.name,
    plan: { ...(account.plan || {}), usage: accountUsage(state, account.account_id) },
    defaults: account.defaults,
  };
}

export function siteListRow(state: SimState, site: SimSite) {
  return {
    site_id: s(site.site_id),
    account_id: s(site.account_id),
    customer_id: s(site.customer_id),
    name: site.name,
    site: site.site,
    provider_id: null,
    provider_site_id: null,
    provider: site.provider,
    screenshot: "0",
    updated_at: site.updated_at,
    filtered: true,
    loading: false,
    key: "",
    core: site.core,
    username: "",
    home_url: `https://${site.name}`,
    console_errors: "",
    connection_errors: "",
    removed: site.status !== "active",
    subsites: "",
    storage: site.storage,
    visits: String(site.visits),
    labels: site.labels,
    outdated: site.core !== "6.7.1",
    environments: siteEnvironments(state, site.site_id).map((e) => ({
      environment_id: s(e.environment_id),
      environment: e.environment,
      home_url: e.home_url,
      core: e.core,
      php_version: e.php_version,
      subsites: "",
      storage: e.storage,
      visits: e.visits,
      username: e.username,
      address: e.address,
      port: e.port,
      screenshot: false,
      screenshot_base: "",
      restic_cache: 0,
      subsite_count: "",
    })),
  };
}

export function environmentShape(env: SimEnvironment) {
  return {
    environment_id: s(env.environment_id),
    site_id: s(env.site_id),
    created_at: env.created_at,
    updated_at: env.updated_at,
    environment: env.environment,
    address: env.address,
    username: env.username,
    password: env.password,
    protocol: env.protocol,
    port: env.port,
    fathom: [{ domain: "", code: "" }],
    home_directory: env.home_directory,
    database_name: env.database_username,
    database_username: env.database_username,
    database_password: env.database_password,
    offload_enabled: env.offload_enabled,
    offload_provider: env.offload_provider,
    offload_access_key: env.offload_access_key,
    offload_secret_key: env.offload_secret_key,
    offload_bucket: env.offload_bucket,
    offload_path: "",
    token: env.token,
    php_memory: env.php_memory,
    storage: env.storage,
    visits: env.visits,
    core: env.core,
    core_verify_checksums: "1",
    subsite_count: "",
    home_url: env.home_url,
    capture_pages: null,
    themes: env.themes,
    plugins: env.plugins,
    users: "Loading",
    details: {
      php_version: env.php_version,
      default_role: "subscriber",
      registration: "0",
    },
    screenshot: "0",
    monitor_enabled: env.monitor_enabled,
    updates_enabled: env.updates_enabled,
    updates_exclude_themes: [],
    updates_exclude_plugins: [],
    captures: 0,
    screenshots: [],
    screenshot_base: "",
    fathom_analytics: [],
    ssh: `ssh ${env.username}@${env.address} -p ${env.port}`,
    database: `https://mysqleditor-${env.username}.${env.address}`,
    link: env.home_url,
    stats: "Loading",
    stats_password: "",
    users_search: "",
    backups: "Loading",
    quicksaves: "Loading",
    snapshots: "Loading",
    update_logs: "Loading",
    server_logs: { files: [] },
    view_server_logs: false,
    loading_server_logs: false,
    server_log_limit: "1000",
    server_log_selected: "",
    server_log_response: "",
    server_log_lines: [],
    server_log_search: "",
    quicksave_panel: [],
    quicksave_search: "",
    themes_selected: [],
    plugins_selected: [],
    users_selected: [],
    expanded_backups: [],
    scheduled_scripts: [],
  };
}

export function siteFull(state: SimState, site: SimSite) {
  return {
    site_id: s(site.site_id),
    account_id: s(site.account_id),
    account: accountShape(state, state.accounts.find((a) => a.account_id === site.account_id)),
    created_at: site.created_at,
    updated_at: site.updated_at,
    name: site.name,
    key: "",
    environment_vars: "",
    site: site.site,
    provider: site.provider,
    usage_breakdown: [],
    timeline: [],
    loading_plugins: false,
    loading_themes: false,
    environment_selected: "Production",
    mailgun: site.mailgun,
    status: site.status,
    subsite_count: 0,
    tabs: "tab-Site-Management",
    tabs_management: "tab-Info",
    core: site.core,
    storage: site.storage,
    outdated: site.core !== "6.7.1",
    visits: site.visits,
    update_logs: [],
    update_logs_pagination: { descending: true, sortBy: "date" },
    pagination: { sortBy: "roles" },
    errors: [],
    users: [],
    environments: siteEnvironments(state, site.site_id).map(environmentShape),
    screenshot: false,
    screenshots: [],
  };
}

export function siteDetails(state: SimState, site: SimSite) {
  // The details row is the list row without its UI-only keys, and a null key.
  const { environments: _e, username: _u, home_url: _h, connection_errors: _c, labels: _l, ...row } = siteListRow(state, site);
  return {
    site: {
      ...row,
      key: null,
      mailgun: site.mailgun,
      environment_vars: [],
      backup_settings: site.backup_settings,
      screenshot_base: "",
    },
    account: accountShape(state, state.accounts.find((a) => a.account_id === site.account_id)),
    domains: state.domains
      .filter((d) => d.account_ids.includes(site.account_id) && d.name.includes(site.name.split(".")[0]!.split("-")[0]!))
      .map((d) => ({ domain_id: s(d.domain_id), name: d.name })),
    shared_with: [site.account_id, ...site.shared_with].map((id) => ({
      account_id: s(id),
      name: state.accounts.find((a) => a.account_id === id)?.name ?? "",
    })),
  };
}

export function meShape(user: SimUser) {
  return {
    user_id: user.user_id,
    account_ids: user.accounts.map((a) => s(a.account_id)),
    username: user.username,
    first_name: user.first_name,
    last_name: user.last_name,
    email: user.email,
    name: `${user.first_name} ${user.last_name}`,
    roles: user.roles,
    created_at: user.created_at,
  };
}
