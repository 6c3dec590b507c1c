/** Simulated CaptainCore routes for the sites toolset. */
import { environmentRoute, missing, requireAdmin, requireSite } from "../guards.js";
import { WpError, type Router, type SimRequest } from "../router.js";
import { meShape, siteDetails, siteFull, siteListRow, environmentShape } from "../shapes.js";
import {
  canAccessAccount,
  canAccessSite,
  findEnvironment,
  isAdmin,
  seededPerId,
  siteEnvironments,
  unsyncedEnvironment,
  visibleSites,
  type SimEnvironment,
  type SimSite,
  type SimState,
} from "../state.js";

export function register(router: Router): void {
  router.get("/sites", "login", (req) => visibleSites(req.state, req.user).map((site) => siteListRow(req.state, site)));

  // Really /sites/(?P<site>[a-zA-Z0-9-]+): a numeric id or a slug, optionally suffixed -<environment>.
  router.get(
    "/sites/{site_id}",
    "login",
    (req) => {
      const key = req.params.site_id!;
      const site = /^\d+$/.test(key)
        ? req.state.sites.find((s) => s.site_id === Number(key))
        : req.state.sites.find((s) => s.site === key.toLowerCase().replace(/-(production|staging)$/, ""));
      if (!site || !canAccessSite(req.state, req.user, site.site_id)) throw new WpError("token_invalid", "Invalid Token", 403);
      return siteFull(req.state, site);
    },
    { site_id: "[a-zA-Z0-9-]+" },
  );

  router.get("/sites/{site_id}/details", "login", (req) => {
    const site = requireSite(req, req.params.site_id, "permission_denied");
    return siteDetails(req.state, site);
  });

  router.get("/sites/{site_id}/environments", "login", (req) => {
    const site = requireSite(req);
    return siteEnvironments(req.state, site.site_id).map(environmentShape);
  });

  // POST that only reads: unknown or foreign ids are skipped silently.
  router.post("/sites/fetch", "login", (req) => {
    const ids = req.param("post_ids");
    if (!Array.isArray(ids)) throw new WpError("missing_post_ids", "post_ids must be an array of site ids.", 400);
    return ids
      .map(Number)
      .filter((id) => canAccessSite(req.state, req.user, id))
      .map((id) => siteListRow(req.state, req.state.sites.find((s) => s.site_id === id)!));
  });

  router.get("/me", "login", (req) => meShape(req.user));

  registerSiteManagement(router);
}

// ---------------------------------------------------------------------------------------------------------------
// Site management beyond the fleet reads: create, update, delete, settings, sharing, invites, WordPress users,
// one-time logins, the Kinsta push-target list and Mailgun. Extra tables live in req.state.ext(...).
// ---------------------------------------------------------------------------------------------------------------

let tokenCounter = 0;

/** A 48-character alphanumeric task token like the CLI daemon's. */
export function taskToken(seed = ""): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let x = (Date.now() ^ (++tokenCounter * 2654435761) ^ seed.length) >>> 0;
  let out = "";
  while (out.length < 48) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

/** The environment named in the path, case-insensitively ("production", "Production"). */
export function envOf(req: SimRequest, site: SimSite, name = String(req.param("environment") ?? "")): SimEnvironment | undefined {
  return findEnvironment(req.state, site.site_id, name);
}

export interface SimWpUser {
  ID: number;
  user_login: string;
  display_name: string;
  user_email: string;
  roles: string;
}

/** WordPress users per environment id, as the last sync saw them; e-commerce sites have many customers. */
export function wpUsers(state: SimState, env: SimEnvironment): SimWpUser[] {
  return seededPerId(state, "wp_users", env.environment_id, () => {
    const site = state.sites.find((s) => s.site_id === env.site_id)!;
    const host = env.home_url.replace(/^https?:\/\//, "");
    const users: SimWpUser[] = [
      { ID: 1, user_login: "siteadmin", display_name: "Site Admin", user_email: `admin@${host}`, roles: "administrator" },
      { ID: 2, user_login: "editor1", display_name: "Ed Itor", user_email: `editor@${host}`, roles: "editor" },
      { ID: 3, user_login: "clara", display_name: "Clara Client", user_email: "clara@acme.test", roles: "administrator" },
    ];
    if (site.labels.includes("ecommerce") && env.environment === "Production") {
      for (let i = 1; i <= 120; i++) {
        users.push({ ID: 100 + i, user_login: `customer${i}`, display_name: `Customer ${i}`, user_email: `customer${i}@mail.test`, roles: "customer" });
      }
    }
    return users;
  });
}

/** Where an environment can be pushed: the environments of the user's Kinsta sites but `source`, with integer ids. */
export function pushTargets(req: SimRequest, source: number): Record<string, unknown>[] {
  return visibleSites(req.state, req.user)
    .filter((s) => s.provider === "kinsta")
    .flatMap((s) =>
      siteEnvironments(req.state, s.site_id)
        .filter((e) => e.environment_id !== source)
        .map((e) => ({ site_id: s.site_id, name: s.name, environment: e.environment, environment_id: e.environment_id, home_url: e.home_url })),
    );
}

function validateNewSite(state: SimState, input: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const name = String(input.name ?? "");
  const slug = String(input.site ?? "");
  if (!name) errors.push("Error: Domain can't be empty.");
  if (!slug) errors.push("Error: Site can't be empty.");
  else if (!/^[A-Za-z0-9]+$/.test(slug)) errors.push("Error: Site does not consist of all letters or digits.");
  else if (slug.length < 3) errors.push("Error: Site length less then 3 characters.");
  if (slug && state.sites.some((s) => s.site.toLowerCase() === slug.toLowerCase())) errors.push("Error: Site name needs to be unique.");
  const envs = Array.isArray(input.environments) ? (input.environments as Record<string, unknown>[]) : [];
  const production = envs.find((e) => String(e.environment ?? "").toLowerCase() === "production") ?? {};
  for (const field of ["address", "username", "protocol", "port"]) {
    if (!production[field]) errors.push(`Error: Production environment ${field} can't be empty.`);
  }
  if (production.port && !/^\d+$/.test(String(production.port))) errors.push("Error: Production environment port can only be numbers.");
  return errors;
}

function newEnvironment(state: SimState, site: SimSite, input: Record<string, unknown>): SimEnvironment {
  const staging = String(input.environment ?? "").toLowerCase() === "staging";
  const str = (k: string, fallback = "") => (input[k] === undefined || input[k] === null ? fallback : String(input[k]));
  return {
    environment_id: state.nextId("environments"),
    site_id: site.site_id,
    environment: staging ? "Staging" : "Production",
    address: str("address"),
    username: str("username"),
    password: str("password"),
    port: str("port"),
    protocol: str("protocol", "sftp"),
    home_directory: str("home_directory"),
    home_url: staging ? `https://staging-${site.name}` : `https://${site.name}`,
    database_username: str("database_username"),
    database_password: str("database_password"),
    token: `envtoken-new-${site.site_id}-${staging ? "s" : "p"}`,
    ...unsyncedEnvironment(),
    monitor_enabled: Number(input.monitor_enabled ?? 0),
    updates_enabled: Number(input.updates_enabled ?? 0),
    created_at: "2026-11-28 09:00:00",
    updated_at: "2026-11-28 09:00:00",
  };
}

function applyConnection(env: SimEnvironment, input: Record<string, unknown>): void {
  const fields = ["address", "username", "password", "port", "protocol", "home_directory", "database_username", "database_password"] as const;
  for (const k of fields) if (input[k] !== undefined && input[k] !== null) env[k] = String(input[k]);
  if (input.monitor_enabled !== undefined) env.monitor_enabled = Number(input.monitor_enabled);
  if (input.updates_enabled !== undefined) env.updates_enabled = Number(input.updates_enabled);
}

export function registerSiteManagement(router: Router): void {
  // Open to any logged-in user; account_id is not access-checked (docs/api/NOTES.md §10). Validation errors are in-band.
  router.post("/sites", "login", (req) => {
    const input = (req.param("site") ?? {}) as Record<string, unknown>;
    const errors = validateNewSite(req.state, input);
    if (errors.length) return { errors, response: "", site_id: "" };
    let customerId = Number(input.customer_id) || 0;
    if (!customerId) {
      customerId = Math.max(0, ...req.state.accounts.map((a) => a.account_id)) + 1;
      req.state.accounts.push({
        account_id: customerId,
        name: String(input.name),
        billing_user_id: 0,
        plan: "",
        defaults: { email: "", timezone: "", recipes: [], users: [] },
        created_at: "2026-11-28 09:00:00",
      });
    }
    const site: SimSite = {
      site_id: Math.max(0, ...req.state.sites.map((s) => s.site_id)) + 1,
      account_id: Number(input.account_id) || customerId,
      customer_id: customerId,
      name: String(input.name),
      site: String(input.site).toLowerCase(),
      provider: String(input.provider ?? ""),
      status: "active",
      core: "6.7.1",
      labels: [],
      shared_with: Array.isArray(input.shared_with) ? input.shared_with.map(Number) : [],
      created_at: "2026-11-28 09:00:00",
      updated_at: "2026-11-28 09:00:00",
      visits: 0,
      storage: "0",
      mailgun: "",
      backup_settings: { mode: "direct", interval: "daily", active: true },
    };
    req.state.sites.push(site);
    for (const env of input.environments as Record<string, unknown>[]) req.state.environments.push(newEnvironment(req.state, site, env));
    return { errors: [], response: "Successfully added new site", site_id: site.site_id };
  });

  // Merges arbitrary keys into the site's details JSON; success body is null.
  router.post("/sites/{site_id}", "login", (req) => {
    const site = requireSite(req);
    const details = req.param("details");
    const table = req.state.ext("site_details", () => new Map<number, Record<string, unknown>>());
    const merged = { ...(table.get(site.site_id) ?? {}), ...(details && typeof details === "object" ? details : {}) };
    table.set(site.site_id, merged);
    return null;
  });

  // Login at the gate; admin checked in the callback. Soft delete plus a background CLI "site delete".
  router.delete("/sites/{site_id}", "login", (req) => {
    requireAdmin(req, "permission_denied", "Only administrators can delete a site. Request removal instead.");
    const site = req.state.sites.find((s) => s.site_id === Number(req.params.site_id));
    if (!site) throw new WpError("not_found", "Site not found.", 404);
    site.status = "inactive";
    return { site_id: req.params.site_id, message: `Site ${site.name} deleted.` };
  });

  // Replaces the site and its environments: environments not listed are deleted, one without an id is added.
  router.put("/sites/update", "admin", (req) => {
    const value = (req.param("value") ?? {}) as Record<string, unknown>;
    const site = req.state.sites.find((s) => s.site_id === Number(value.site_id));
    if (!site) return { response: "Error: Site ID not found." };
    if (value.name) site.name = String(value.name);
    if (value.site) site.site = String(value.site).toLowerCase();
    if (value.account_id) site.account_id = Number(value.account_id);
    if (value.customer_id) site.customer_id = Number(value.customer_id);
    if (value.provider !== undefined) site.provider = String(value.provider);
    if (Array.isArray(value.shared_with)) site.shared_with = value.shared_with.map(Number).filter((id) => id !== site.account_id);
    const listed = Array.isArray(value.environments) ? (value.environments as Record<string, unknown>[]) : [];
    const keep = new Set<number>();
    for (const input of listed) {
      const existing = req.state.environments.find((e) => e.site_id === site.site_id && e.environment_id === Number(input.environment_id));
      if (existing) {
        applyConnection(existing, input);
        keep.add(existing.environment_id);
      } else {
        const env = newEnvironment(req.state, site, { ...input, environment: "Staging" });
        req.state.environments.push(env);
        keep.add(env.environment_id);
      }
    }
    for (let i = req.state.environments.length - 1; i >= 0; i--) {
      const e = req.state.environments[i]!;
      if (e.site_id === site.site_id && !keep.has(e.environment_id)) req.state.environments.splice(i, 1);
    }
    return { response: "Successfully updated site", site_id: site.site_id };
  });

  // Saves to the environment row, then answers a queued "site sync" task token (bare string).
  router.put("/sites/{site_id}/settings", "login", (req) => {
    const site = requireSite(req, req.params.site_id, "permission_denied");
    const env = envOf(req, site);
    if (!env) throw new WpError("invalid_environment", "Invalid environment.", 400);
    const value = (req.param("value") ?? {}) as Record<string, unknown>;
    if (value.updates_enabled !== undefined) env.updates_enabled = Number(value.updates_enabled) ? 1 : 0;
    const slugs = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    // Saved at once, like the real plugin (the queued task only re-syncs): reads show it.
    env.updates_exclude_plugins = slugs(value.updates_exclude_plugins);
    env.updates_exclude_themes = slugs(value.updates_exclude_themes);
    return taskToken(site.site);
  });

  router.post("/sites/{site_id}/grant-access", "login", (req) => {
    const site = requireSite(req);
    const raw = req.param("account_ids");
    const ids = (Array.isArray(raw) ? raw : [raw]).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    if (!ids.length) throw missing("account_ids");
    for (const id of ids) {
      if (!canAccessAccount(req.state, req.user, id)) throw new WpError("token_invalid", "Invalid Token", 403);
    }
    for (const id of ids) if (id !== site.account_id && !site.shared_with.includes(id)) site.shared_with.push(id);
    return req.params.site_id;
  });

  router.post("/sites/{site_id}/invite", "login", (req) => {
    const site = requireSite(req, req.params.site_id, "permission_denied");
    const email = String(req.param("email") ?? "");
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new WpError("invalid_email", "Please provide a valid email address.", 400);
    req.state.ext("site_invites", () => [] as { site_id: number; account_id: number; email: string; level: string }[])
      .push({ site_id: site.site_id, account_id: site.customer_id, email, level: "full" });
    return { message: "Invitation sent successfully." };
  });

  router.get("/sites/{site_id}/invite-preview", "login", (req) => {
    const site = requireSite(req, req.params.site_id, "permission_denied");
    const account = req.state.accounts.find((a) => a.account_id === site.customer_id);
    if (!account) throw new WpError("not_found", "Account not found.", 404);
    const member = isAdmin(req.user) || req.user.accounts.some((a) => a.account_id === account.account_id);
    const sites = req.state.sites.filter((s) => s.customer_id === account.account_id && s.status === "active");
    const domains = req.state.domains.filter((d) => d.account_ids.includes(account.account_id));
    return {
      site_name: site.name,
      account_name: account.name,
      total_sites: sites.length,
      total_domains: domains.length,
      has_account_access: member,
      sites_list: member ? sites.map((s) => ({ site_id: String(s.site_id), name: s.name, visits: String(s.visits), storage: s.storage })) : [],
      domains_list: member ? domains.map((d) => ({ domain_id: String(d.domain_id), name: d.name })) : [],
    };
  });

  // Keyed by the stored environment name (capitalised).
  router.get("/sites/{site_id}/users", "login", (req) => {
    const site = requireSite(req, req.params.site_id, "permission_denied");
    const out: Record<string, SimWpUser[]> = {};
    for (const env of siteEnvironments(req.state, site.site_id)) out[env.environment] = wpUsers(req.state, env);
    return out;
  });

  const magicLogin = (req: SimRequest, _site: SimSite, env: SimEnvironment | undefined) => {
    if (!env) return "";
    const users = wpUsers(req.state, env);
    const wanted = req.params.user_id ? users.find((u) => u.ID === Number(req.params.user_id)) : undefined;
    const user =
      wanted ??
      users.find((u) => u.roles.includes("administrator") && u.user_email === req.user.email) ??
      users.find((u) => u.roles.includes("administrator"))!;
    const token = taskToken(env.home_url).slice(0, 32).toLowerCase();
    req.state.ext("magic_logins", () => [] as { environment_id: number; user_id: number; token: string }[])
      .push({ environment_id: env.environment_id, user_id: user.ID, token });
    return `${env.home_url}/wp-login.php?user_id=${user.ID}&captaincore_login_token=${token}`;
  };
  // These name the environment as WordPress reads a parameter (body, then query, then path).
  const byParam = { environment: envOf };
  environmentRoute(router, "get", "/sites/{site_id}/{environment}/magiclogin", magicLogin, byParam);
  environmentRoute(router, "get", "/sites/{site_id}/{environment}/magiclogin/{user_id}", magicLogin, byParam);

  environmentRoute(router, "get", "/sites/{site_id}/{environment}/phpmyadmin", (_req, site, env) => {
    if (!env) return null;
    if (site.provider !== "kinsta") throw new WpError("not_kinsta_site", "This is not a Kinsta-managed site.", 400);
    const token = taskToken(env.username).slice(0, 24);
    return `https://mysqleditor-${env.username}.${env.address}/?token=${token}`;
  }, byParam);

  // The push-target picker: environments of ACTIVE Kinsta sites only, integer ids, capitalised names.
  router.get("/environments", "login", (req) => pushTargets(req, Number(req.param("source_environment_id")) || 0));

  router.put("/sites/{site_id}/mailgun", "admin", (req) => {
    const site = req.state.sites.find((s) => s.site_id === Number(req.params.site_id));
    if (site) site.mailgun = String(req.param("value") ?? "");
    return { success: true };
  });

  // Mailgun events, 300 per page; pagination is [] when there are no items.
  router.get("/sites/{site_id}/mailgun-events", "login", (req) => {
    const site = requireSite(req, req.params.site_id, "permission_denied");
    if (!site.mailgun) return { items: [], pagination: [] };
    const all = req.state.ext("mailgun_events", () => new Map<number, Record<string, unknown>[]>());
    if (!all.has(site.site_id)) {
      const kinds = ["delivered", "delivered", "delivered", "accepted", "failed", "rejected", "complained"];
      all.set(
        site.site_id,
        Array.from({ length: 320 }, (_, i) => ({
          timestamp: 1795000000 - i * 600 + 0.12,
          event: kinds[i % kinds.length],
          description: `WordPress <wordpress@${site.name}> -> user${i}@example.org`,
          recipient: `user${i}@example.org`,
          ...(kinds[i % kinds.length] === "failed" ? { "delivery-status": { description: "Mailbox full" } } : {}),
          message: { headers: { from: `WordPress <wordpress@${site.name}>`, to: `user${i}@example.org`, subject: `Order #${1000 + i}` } },
        })),
      );
    }
    const events = all.get(site.site_id)!;
    const page = String(req.param("page") ?? "");
    const index = /\/events\/page(\d+)$/.exec(page)?.[1];
    const start = index ? Number(index) * 300 : 0;
    const items = events.slice(start, start + 300);
    if (!items.length) return { items: [], pagination: [] };
    const next = `https://api.mailgun.net/v3/${site.mailgun}/events/page${start / 300 + 1}`;
    return { items, pagination: { next } };
  });
}
