/**
 * Simulated CaptainCore routes for the providers toolset: provider integrations (with decoded credentials, as the
 * real GET /providers returns them), remote sites for import, Envato premium plugins/themes, host provisioning and
 * deploys tracked as provider actions. Every seeded or stored credential value is registered in
 * state.ext("secrets") so leak tests know it.
 */
import { phpFatal, requireSite } from "../guards.js";
import { RawAnswer, WpError, type Router, type SimRequest } from "../router.js";
import { s } from "../shapes.js";
import { canAccessAccount, hex, isAdmin, unsyncedEnvironment, type SimEnvironment, type SimState } from "../state.js";

export interface SimProvider {
  provider_id: number;
  user_id: number;
  name: string;
  provider: string;
  status: string | null;
  details: string | null;
  credentials: { name: string; value: string }[];
  created_at: string;
  updated_at: string;
}

export interface ProviderAction {
  provider_action_id: number;
  provider_id: number;
  provider_key: string;
  user_id: number;
  status: "waiting" | "started" | "done" | "failed";
  action: Record<string, unknown>;
  attempts: number;
  created_at: string;
  updated_at: string;
}

export interface RemoteSite {
  remote_id: string;
  name: string;
  label: string;
  slug: string;
  status: string;
}

export interface ProviderTables {
  providers: SimProvider[];
  actions: ProviderAction[];
  /** Remote sites each provider has (by provider_id). */
  remote: Map<number, RemoteSite[]>;
  /** provider_site_id of sites already in CaptainCore (site_id → remote id). */
  imported: Map<number, string>;
}

const NOW = "2026-11-28 09:00:00";
const IMPORTS = ["kinsta", "gridpane", "rocketdotnet"];

const ENVATO_PLUGINS = [
  {
    id: 2751380,
    name: "Slider Revolution",
    number_of_sales: 1,
    author_username: "themepunch",
    url: "https://codecanyon.net/item/slider-revolution-responsive-wordpress-plugin/2751380",
    updated_at: "2026-11-01T00:00:00+10:00",
    wordpress_plugin_metadata: { plugin_name: "Slider Revolution", author: "ThemePunch", version: "6.7.20", description: "Create responsive sliders, carousels and hero scenes." },
  },
  {
    id: 242431,
    name: "WPBakery Page Builder for WordPress",
    number_of_sales: 1,
    author_username: "wpbakery",
    url: "https://codecanyon.net/item/wpbakery-visual-composer-for-wordpress/242431",
    updated_at: "2026-10-12T00:00:00+10:00",
    wordpress_plugin_metadata: { plugin_name: "WPBakery Page Builder", author: "Michael M - WPBakery.com", version: "8.1", description: "Drag and drop page builder for WordPress." },
  },
];

const ENVATO_THEMES = [
  {
    id: 2833226,
    name: "Avada | Website Builder For WordPress & eCommerce",
    number_of_sales: 1,
    author_username: "ThemeFusion",
    url: "https://themeforest.net/item/avada-responsive-multipurpose-theme/2833226",
    updated_at: "2026-11-10T00:00:00+10:00",
    wordpress_theme_metadata: { theme_name: "Avada", author_name: "ThemeFusion", version: "7.11.12", description: "The #1 selling WordPress theme." },
  },
];

function secrets(state: SimState): string[] {
  return state.ext<string[]>("secrets", () => []);
}

function remember(state: SimState, credentials: { value: string }[]): void {
  for (const c of credentials) if (c.value && c.value.length >= 6) secrets(state).push(c.value);
}

function seed(state: SimState): ProviderTables {
  const provider = (provider_id: number, user_id: number, name: string, slug: string, credentials: [string, string][]): SimProvider => ({
    provider_id,
    user_id,
    name,
    provider: slug,
    status: null,
    details: null,
    credentials: credentials.map(([n, value]) => ({ name: n, value })),
    created_at: "2026-01-05 10:00:00",
    updated_at: "2026-01-05 10:00:00",
  });
  const providers = [
    provider(1, 1, "Kinsta", "kinsta", [["api", `kinsta-api-${hex(1, 24)}`], ["company_id", `c0ffee-${hex(2, 8)}`]]),
    provider(2, 1, "Envato", "envato", [["token", `envato-token-${hex(3, 24)}`]]),
    provider(3, 2, "Acme Rocket.net", "rocketdotnet", [["username", "acme-ops"], ["password", `rocket-pass-${hex(4, 16)}`]]),
    provider(4, 0, "Mailgun", "mailgun", [["api_key", `key-${hex(5, 32)}`]]),
  ];
  for (const p of providers) remember(state, p.credentials);
  const remote = new Map<number, RemoteSite[]>();
  const site = (remote_id: string, name: string, status = "live"): RemoteSite => ({ remote_id, name, label: name, slug: name, status });
  remote.set(1, [
    site("5b1c2f1e-0000-4000-8000-000000000001", "acmeshop"),
    site("5b1c2f1e-0000-4000-8000-000000000002", "newclient-portal"),
    site("5b1c2f1e-0000-4000-8000-000000000003", "newclient-blog"),
  ]);
  remote.set(3, [site("rk-88121", "acme-landing"), site("rk-88122", "acme-docs")]);
  const imported = new Map<number, string>([
    [1, "5b1c2f1e-0000-4000-8000-000000000001"],
    [4, "rk-88122"],
  ]);
  const actions: ProviderAction[] = [
    {
      provider_action_id: 14,
      provider_id: 3,
      provider_key: "op-7f3a",
      user_id: 2,
      status: "started",
      action: { command: "new-site", message: "Creating site acme-careers2 at Rocket.net", name: "acme-careers2", domain: "careers2.acme.test", account_id: 1 },
      attempts: 0,
      created_at: "2026-11-28 08:50:00",
      updated_at: "2026-11-28 08:50:00",
    },
    {
      provider_action_id: 15,
      provider_id: 1,
      provider_key: "op-91c2",
      user_id: 1,
      status: "waiting",
      action: { command: "deploy-to-staging", message: "Deploy production to staging for acmeblog", site_id: 2 },
      attempts: 3,
      created_at: "2026-11-28 08:30:00",
      updated_at: "2026-11-28 08:40:00",
    },
  ];
  return { providers, actions, remote, imported };
}

/** The provider tables of a simulator (seeded on first use; registers the seeded credentials as secrets). */
export function providerTables(state: SimState): ProviderTables {
  return state.ext("providers", () => seed(state));
}

function providerRow(p: SimProvider) {
  return {
    provider_id: s(p.provider_id),
    user_id: s(p.user_id),
    name: p.name,
    provider: p.provider,
    status: p.status,
    details: p.details,
    credentials: p.credentials,
    configurations: null,
    created_at: p.created_at,
    updated_at: p.updated_at,
    supports_import: IMPORTS.includes(p.provider),
  };
}

function actionRow(a: ProviderAction) {
  return {
    provider_action_id: s(a.provider_action_id),
    provider_id: s(a.provider_id),
    provider_key: a.provider_key,
    user_id: s(a.user_id),
    status: a.status,
    action: a.action,
    created_at: a.created_at,
    updated_at: a.updated_at,
  };
}

function activeActions(req: SimRequest) {
  return providerTables(req.state)
    .actions.filter((a) => a.user_id === req.user.user_id && (a.status === "waiting" || a.status === "started"))
    .map(actionRow);
}

function owns(req: SimRequest, p: SimProvider): boolean {
  return isAdmin(req.user) || (p.user_id !== 0 && p.user_id === req.user.user_id);
}

/** Owner or admin; access is checked before existence for non-admins (403), admins get 404 for unknown ids. */
function requireProvider(req: SimRequest): SimProvider {
  const p = providerTables(req.state).providers.find((x) => x.provider_id === Number(req.params.provider_id));
  if (!isAdmin(req.user) && (!p || !owns(req, p))) throw new WpError("permission_denied", "Permission denied.", 403);
  if (!p) throw new WpError("not_found", "Provider not found.", 404);
  return p;
}

/** The /providers/{provider}/… routes resolve a slug to the LAST provider row with that slug. */
function bySlug(req: SimRequest): SimProvider | undefined {
  return providerTables(req.state).providers.filter((p) => p.provider === req.params.provider!.toLowerCase()).at(-1);
}

function fatal(): Error {
  return phpFatal("not an Envato provider");
}

function verify(p: SimProvider): boolean {
  const name = ["api", "token", "api_key", "password"].find((n) => p.credentials.some((c) => c.name === n));
  const key = p.credentials.find((c) => c.name === name)?.value ?? "";
  return key.length >= 8 && !/^(bad|invalid|expired)/i.test(key);
}

function cleanCredentials(value: unknown): { name: string; value: string }[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((c) => ({ name: String((c as Record<string, unknown>)?.name ?? ""), value: String((c as Record<string, unknown>)?.value ?? "") }))
    .filter((c) => c.name && c.value);
}

/** Adds a site with a Production environment, as an import or a finished provisioning does. */
function addSite(state: SimState, name: string, accountId: number, provider: string, remoteId: string): number {
  const site_id = Math.max(...state.sites.map((x) => x.site_id)) + 1;
  const slug = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  state.sites.push({
    site_id,
    account_id: accountId,
    customer_id: accountId,
    name: `${slug}.test`,
    site: slug,
    provider,
    status: "active",
    core: "6.7.1",
    labels: [],
    shared_with: [],
    created_at: NOW,
    updated_at: NOW,
    visits: 0,
    storage: "0",
    mailgun: "",
    backup_settings: { mode: "direct", interval: "daily", active: true },
  });
  const environment_id = Math.max(...state.environments.map((e) => e.environment_id)) + 1;
  const env: SimEnvironment = {
    environment_id,
    site_id,
    environment: "Production",
    address: `${slug}.${provider}.test`,
    username: slug,
    password: `sftp-${slug}-${hex(environment_id, 12)}`,
    port: "22",
    protocol: "sftp",
    home_directory: `/www/${slug}/public`,
    home_url: `https://${slug}.test`,
    database_username: slug,
    database_password: `db-${hex(environment_id + 7, 14)}`,
    token: `envtoken-${hex(environment_id + 9, 20)}`,
    ...unsyncedEnvironment(),
    monitor_enabled: 1,
    updates_enabled: 1,
    created_at: NOW,
    updated_at: NOW,
  };
  state.environments.push(env);
  providerTables(state).imported.set(site_id, remoteId);
  return site_id;
}

function newAction(req: SimRequest, provider: SimProvider, action: Record<string, unknown>): ProviderAction {
  const t = providerTables(req.state);
  const row: ProviderAction = {
    provider_action_id: req.state.nextId("provider_action"),
    provider_id: provider.provider_id,
    provider_key: `${hex(req.state.nextId("op"), 8)}-${hex(req.state.nextId("op"), 4)}-operation`,
    user_id: req.user.user_id,
    status: "started",
    action,
    attempts: 0,
    created_at: NOW,
    updated_at: NOW,
  };
  t.actions.push(row);
  return row;
}

function deploy(req: SimRequest, command: "deploy-to-production" | "deploy-to-staging"): unknown {
  const site = requireSite(req, req.param("site_id"));
  const provider = bySlug(req);
  if (!provider) throw fatal();
  // Sites hosted elsewhere have no provider_site_id at this host.
  if (site.provider !== provider.provider) return null;
  if (!verify(provider)) return false;
  const message = command === "deploy-to-production" ? `Deploy staging to production for ${site.site}` : `Deploy production to staging for ${site.site}`;
  return newAction(req, provider, { command, message, site_id: site.site_id }).provider_key;
}

export function register(router: Router): void {
  router.get("/providers", "login", (req) =>
    providerTables(req.state).providers.filter((p) => owns(req, p)).map(providerRow),
  );

  // Any logged-in user may create; the row belongs to the caller. Errors come back in-band with HTTP 200.
  router.post("/providers", "login", (req) => {
    const input = (req.param("provider") ?? {}) as Record<string, unknown>;
    const errors: string[] = [];
    if (!input.name) errors.push("Error: Provider name can't be empty.");
    if (!input.provider) errors.push("Error: Provider can't be empty.");
    if (errors.length) return { errors };
    const credentials = cleanCredentials(input.credentials);
    remember(req.state, credentials);
    const provider_id = Math.max(0, ...providerTables(req.state).providers.map((p) => p.provider_id)) + 1;
    providerTables(req.state).providers.push({
      provider_id,
      user_id: req.user.user_id,
      name: String(input.name),
      provider: String(input.provider).toLowerCase(),
      status: null,
      details: null,
      credentials,
      created_at: NOW,
      updated_at: NOW,
    });
    return provider_id;
  });

  router.put("/providers/{provider_id}", "login", (req) => {
    const p = providerTables(req.state).providers.find((x) => x.provider_id === Number(req.params.provider_id));
    if (p && !owns(req, p)) throw new WpError("permission_denied", "Permission denied.", 403);
    if (!p) {
      if (!isAdmin(req.user)) throw new WpError("permission_denied", "Permission denied.", 403);
      return false;
    }
    const input = (req.param("provider") ?? {}) as Record<string, unknown>;
    const allowed = ["name", "provider", "credentials", "status", "details"];
    if (Object.keys(input).some((k) => !allowed.includes(k) && k !== "provider_id" && k !== "created_at")) return false;
    if (typeof input.name === "string") p.name = input.name;
    if (typeof input.provider === "string") p.provider = input.provider.toLowerCase();
    if (input.status !== undefined) p.status = input.status === null ? null : String(input.status);
    if (input.details !== undefined) p.details = input.details === null ? null : String(input.details);
    if (input.credentials !== undefined) {
      p.credentials = cleanCredentials(input.credentials);
      remember(req.state, p.credentials);
    }
    p.updated_at = NOW;
    return 1;
  });

  router.delete("/providers/{provider_id}", "login", (req) => {
    const t = providerTables(req.state);
    const index = t.providers.findIndex((x) => x.provider_id === Number(req.params.provider_id));
    const p = t.providers[index];
    if (!isAdmin(req.user) && (!p || !owns(req, p))) throw new WpError("permission_denied", "Permission denied.", 403);
    if (index < 0) return 0;
    t.providers.splice(index, 1);
    return 1;
  });

  // An unknown id crashes the real plugin for admins (PHP fatal → 500), as recorded.
  router.get("/providers/{provider_id}/verify", "login", (req) => {
    if (isAdmin(req.user) && !providerTables(req.state).providers.some((x) => x.provider_id === Number(req.params.provider_id))) {
      throw phpFatal("verify() on null");
    }
    return verify(requireProvider(req));
  });

  router.post("/providers/{provider_id}/connect", "login", (req) => {
    const p = requireProvider(req);
    const token = String(req.param("token") ?? "");
    if (!token) throw new WpError("missing_token", "Missing required parameter: token", 400);
    secrets(req.state).push(token);
    const name = p.credentials.some((c) => c.name === "api") || p.provider === "kinsta" ? "api" : "token";
    p.credentials = [...p.credentials.filter((c) => c.name !== name), { name, value: token }];
    p.updated_at = NOW;
    return verify(p);
  });

  router.get("/providers/{provider_id}/remote-sites", "login", (req) => {
    if (isAdmin(req.user) && !providerTables(req.state).providers.some((x) => x.provider_id === Number(req.params.provider_id))) return [];
    const p = requireProvider(req);
    if (!IMPORTS.includes(p.provider) || !verify(p)) return [];
    return providerTables(req.state).remote.get(p.provider_id) ?? [];
  });

  // account_id is NOT access-checked by the real server (endpoints.json doc_vs_code); only provider ownership is.
  router.post("/providers/{provider_id}/import", "login", (req) => {
    const p = requireProvider(req);
    const accountId = Number(req.param("account_id"));
    if (!accountId) throw new WpError("missing_account_id", "Missing required parameter: account_id", 400);
    const list = req.param("sites");
    if (!Array.isArray(list) || list.length === 0) throw new WpError("missing_sites", "Missing required parameter: sites", 400);
    const t = providerTables(req.state);
    const existing = new Set(t.imported.values());
    let imported = 0;
    let skipped = 0;
    for (const entry of list as Record<string, unknown>[]) {
      const remoteId = String(entry?.remote_id ?? "");
      if (!remoteId || existing.has(remoteId)) {
        skipped++;
        continue;
      }
      addSite(req.state, String(entry.name ?? remoteId), accountId, p.provider, remoteId);
      existing.add(remoteId);
      imported++;
    }
    const plural = (n: number) => (n === 1 ? "site" : "sites");
    let message = `Imported ${imported} ${plural(imported)} successfully.`;
    if (skipped) message += ` ${skipped} ${plural(skipped)} skipped (already exist).`;
    return { success: true, imported, skipped, message };
  });

  router.get("/providers/{provider}/plugins", "login", (req) => {
    if (req.params.provider!.toLowerCase() !== "envato") throw fatal();
    return ENVATO_PLUGINS;
  }, { provider: "[a-zA-Z0-9-]+" });

  router.get("/providers/{provider}/themes", "login", (req) => {
    if (req.params.provider!.toLowerCase() !== "envato") throw fatal();
    return ENVATO_THEMES;
  }, { provider: "[a-zA-Z0-9-]+" });

  const download = (items: { id: number }[]) => (req: SimRequest) => {
    if (req.params.provider!.toLowerCase() !== "envato") throw fatal();
    const item = items.find((i) => String(i.id) === req.params.id);
    if (!item) return null;
    return `https://marketplace-downloads.envato.test/files/${item.id}.zip?response-content-disposition=attachment&Expires=1764320400&Signature=${hex(item.id, 40)}`;
  };
  router.get("/providers/{provider}/plugin/{id}/download", "login", download(ENVATO_PLUGINS), { provider: "[a-zA-Z0-9-]+", id: "[a-zA-Z0-9-]+" });
  router.get("/providers/{provider}/theme/{id}/download", "login", download(ENVATO_THEMES), { provider: "[a-zA-Z0-9-]+", id: "[a-zA-Z0-9-]+" });

  // Validation failures are HTTP 200 {errors:[…]} (docs/api/NOTES.md §4).
  router.post("/providers/{provider}/new-site", "login", (req) => {
    const site = (req.param("site") ?? {}) as Record<string, unknown>;
    const name = String(site.name ?? "");
    const errors: string[] = [];
    if (!name) errors.push("Missing name");
    else if (name.length < 5 || name.length > 32) errors.push("Name must be between 5 and 32 characters in length");
    if (!site.domain) errors.push("Missing domain");
    if (!isAdmin(req.user) && !canAccessAccount(req.state, req.user, Number(site.account_id))) errors.push("Permission denied");
    if (errors.length) return { errors };
    const t = providerTables(req.state);
    const provider = site.provider_id
      ? t.providers.find((p) => p.provider_id === Number(site.provider_id) && p.provider === req.params.provider!.toLowerCase())
      : bySlug(req);
    if (!provider) throw fatal();
    const datacenter = String(site.datacenter ?? "us-central1");
    return newAction(req, provider, {
      command: "new-site",
      message: `Creating site ${name} at ${provider.name} datacenter ${datacenter}`,
      name,
      domain: site.domain,
      account_id: Number(site.account_id),
      datacenter,
    }).provider_key;
  }, { provider: "[a-zA-Z0-9-]+" });

  router.post("/providers/{provider}/deploy-to-production", "login", (req) => deploy(req, "deploy-to-production"), { provider: "[a-zA-Z0-9-]+" });
  router.post("/providers/{provider}/deploy-to-staging", "login", (req) => deploy(req, "deploy-to-staging"), { provider: "[a-zA-Z0-9-]+" });

  router.get("/provider-actions", "login", (req) => activeActions(req));

  // State-changing GET: polls the host; finished operations move to "waiting" (ready for their follow-up step).
  router.get("/provider-actions/check", "login", (req) => {
    for (const a of providerTables(req.state).actions) {
      if (a.user_id !== req.user.user_id || a.status !== "started") continue;
      a.attempts++;
      a.status = "waiting";
      a.updated_at = NOW;
    }
    return activeActions(req);
  });

  // State-changing GET: runs the follow-up step of a finished action (null when it is not the caller's).
  router.get("/provider-actions/{id}/run", "login", (req) => {
    const t = providerTables(req.state);
    const a = t.actions.find((x) => x.provider_action_id === Number(req.params.id) && x.user_id === req.user.user_id);
    if (!a) return new RawAnswer(200, "", { "content-type": "application/json; charset=UTF-8" }); // empty body, as recorded
    if (a.status === "waiting") {
      if (a.action.command === "new-site") {
        const provider = t.providers.find((p) => p.provider_id === a.provider_id);
        addSite(req.state, String(a.action.name), Number(a.action.account_id), provider?.provider ?? "kinsta", a.provider_key);
      }
      a.status = "done";
      a.updated_at = NOW;
    }
    return activeActions(req);
  });
}
