/**
 * Providers: host/DNS/email integrations, the host actions they run (provisioning, deploys) and Envato premium
 * plugins/themes. GET /providers hands back decoded API credentials: the executor redacts them and the rows here
 * never carry them. Bare answers (ids, booleans, operation ids, null, false) become explicit results or errors.
 */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { InputError } from "../operations/executor.js";
import { AccountId, domainName, id, Limit, Offset, SiteId } from "../operations/schemas.js";
import { dropEmpty, paginate } from "../operations/result.js";
import { asArray, toId } from "../operations/render.js";
import { defineOperation } from "../operations/types.js";
import { type Row } from "./shared.js";

const ProviderId = id();
const Host = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => /^[a-z0-9-]{2,40}$/.test(v), "a provider slug such as kinsta")
  .default("kinsta");
/** Only the Envato provider class implements premium plugins/themes; any other slug is a PHP fatal (HTTP 500). */
const ENVATO = "envato";
const EnvatoItem = id("Envato item id");
const Credentials = z
  .array(z.strictObject({ name: z.string().trim().max(60), value: z.string().max(2000) }))
  .max(20)
  .describe("API credentials as {name, value}");

function providerRow(p: Row): Row {
  return dropEmpty({
    provider_id: toId(p.provider_id),
    name: p.name,
    provider: p.provider,
    owner_user_id: toId(p.user_id),
    status: p.status,
    supports_import: p.supports_import === true,
  }) as Row;
}

function actionsList(data: unknown): Row {
  const actions = (asArray(data) as Row[]).map((a) => {
    const action = (a.action ?? {}) as Row;
    return dropEmpty({
      id: toId(a.provider_action_id),
      provider_id: toId(a.provider_id),
      status: a.status,
      command: action.command,
      message: action.message,
      site_id: toId(action.site_id),
      updated_at: a.updated_at,
    });
  });
  return { actions, next: "waiting = done at the host: run_provider_action finishes it" };
}

/** Host operations answer an operation id, false (host refused) or null (site unknown to that host). */
function hostOperation(what: string, whenNull = "the site is not known at {provider} (no provider site id); check the site's provider with get_site") {
  return (data: unknown, args: { provider: string }): Row => {
    if (typeof data === "string" && data) {
      return { status: "started", operation_id: data, next: "check_provider_actions until its status is waiting (done at the host), then run_provider_action to finish it; run_site_command sync-data then refreshes what CaptainCore shows of the site" };
    }
    if (data === null) {
      throw new CaptainCoreError("api_error", `${what}: ${whenNull.replace("{provider}", args.provider)}.`);
    }
    throw new CaptainCoreError("api_error", `${what}: ${args.provider} refused the request (check its credentials with verify_provider).`);
  };
}

function premiumRows(data: unknown, meta: string): Row {
  return {
    items: (asArray(data) as Row[]).map((i) => {
      const m = (i[meta] ?? {}) as Row;
      return dropEmpty({ id: i.id, name: m.plugin_name ?? m.theme_name ?? i.name, version: m.version, author: m.author ?? m.author_name, updated_at: i.updated_at });
    }),
  };
}

function downloadLink(kind: string) {
  return (data: unknown, args: { id: number }): Row => {
    if (typeof data === "string" && data) return { item_id: args.id, url: data, note: "Temporary signed link" };
    throw new CaptainCoreError("not_found", `Envato item ${args.id} is not among this account's purchased ${kind}s (list_premium_${kind}s).`);
  };
}

/** The Envato items of one kind this account bought, and a download link for one (only Envato implements these). */
type Words = { words: string };

function premiumOperations(kind: "plugin" | "theme", about: { list: Words; download: Words }) {
  return [
    defineOperation({
      name: `list_premium_${kind}s`,
      toolset: "providers",
      method: "GET",
      path: `/providers/{provider}/${kind}s`,
      summary: `Premium ${kind}s purchased on Envato`,
      ...about.list,
      input: {},
      effect: "read",
      fixed: { provider: ENVATO },
      render: (data) => premiumRows(data, `wordpress_${kind}_metadata`),
    }),
    defineOperation({
      name: `get_premium_${kind}_download`,
      toolset: "providers",
      method: "GET",
      path: `/providers/{provider}/${kind}/{id}/download`,
      summary: `Temporary download URL of a purchased Envato ${kind}`,
      ...about.download,
      input: { id: EnvatoItem },
      effect: "read",
      fixed: { provider: ENVATO },
      render: downloadLink(kind),
    }),
  ];
}

export const operations = [
  defineOperation({
    name: "list_providers",
    toolset: "providers",
    method: "GET",
    path: "/providers",
    summary: "List host, DNS and email provider integrations",
    words: "hosting providers integrations kinsta rocket.net connected hosts",
    description: "Non-admins see the ones they created.",
    input: {},
    effect: "read",
    render: (data) => ({ providers: (asArray(data) as Row[]).map(providerRow) }),
  }),
  defineOperation({
    name: "create_provider",
    toolset: "providers",
    method: "POST",
    path: "/providers",
    summary: "Add a provider integration with its API credentials",
    words: "add hosting provider integration api credentials",
    input: {
      name: z.string().trim().min(1).max(100).describe("Display name"),
      provider: Host.unwrap().describe("Type, e.g. kinsta, rocketdotnet, envato"),
      credentials: Credentials.optional(),
    },
    effect: "write",
    body: (a) => ({ provider: { name: a.name, provider: a.provider, credentials: a.credentials ?? [] } }),
    render: (data) => ({ provider_id: toId(data), next: "verify_provider checks the credentials" }),
  }),
  defineOperation({
    name: "update_provider",
    toolset: "providers",
    method: "PUT",
    path: "/providers/{provider_id}",
    summary: "Rename a provider or replace its credentials",
    words: "update provider credentials change api key of host rename provider",
    input: {
      provider_id: ProviderId,
      name: z.string().trim().min(1).max(100).optional(),
      credentials: Credentials.optional().describe("Replaces all credentials"),
    },
    effect: "write",
    idempotent: true,
    body: (a) => {
      const provider = dropEmpty({ name: a.name, credentials: a.credentials }) as Row;
      if (!Object.keys(provider).length) throw new InputError("Give name and/or credentials to change. Nothing was sent.");
      return { provider };
    },
    render: (data, args) => {
      if (data === false) {
        throw new CaptainCoreError("api_error", `Provider ${args.provider_id} was not updated (unknown id?). Check list_providers.`);
      }
      return { updated: true, provider_id: args.provider_id };
    },
  }),
  defineOperation({
    name: "delete_provider",
    toolset: "providers",
    method: "DELETE",
    path: "/providers/{provider_id}",
    summary: "Delete a provider integration and its stored credentials",
    words: "delete provider integration disconnect host",
    input: { provider_id: ProviderId },
    effect: "destructive",
    confirmText: "Deletes the provider and its credentials.",
    render: (data, args) =>
      Number(data) > 0
        ? { deleted: true, provider_id: args.provider_id }
        : { deleted: false, provider_id: args.provider_id, note: "No such provider (already deleted?)" },
  }),
  defineOperation({
    name: "verify_provider",
    toolset: "providers",
    method: "GET",
    path: "/providers/{provider_id}/verify",
    summary: "Check that a provider's stored credentials work",
    words: "test provider credentials working",
    input: { provider_id: ProviderId },
    effect: "read",
    render: (data, args) => (typeof data === "boolean" ? { provider_id: args.provider_id, valid: data } : { provider_id: args.provider_id, result: data }),
  }),
  defineOperation({
    name: "connect_provider",
    toolset: "providers",
    method: "POST",
    path: "/providers/{provider_id}/connect",
    summary: "Store a new API token on a provider and test it",
    words: "connect provider api token link hosting account authorize",
    input: { provider_id: ProviderId, token: z.string().trim().min(8).max(2000).describe("API token") },
    effect: "write",
    render: (data, args) =>
      data === true
        ? { provider_id: args.provider_id, connected: true }
        : { provider_id: args.provider_id, connected: false, note: "Token stored but the host rejected it" },
  }),
  defineOperation({
    name: "list_provider_remote_sites",
    toolset: "providers",
    method: "GET",
    path: "/providers/{provider_id}/remote-sites",
    summary: "Sites at the host that can be imported",
    words: "sites at the host to import",
    description: "Next: import_provider_sites.",
    input: { provider_id: ProviderId, limit: Limit(50, 500), offset: Offset },
    effect: "read",
    render: (data, args) => {
      const rows = (asArray(data) as Row[]).map((r) => dropEmpty({ remote_id: r.remote_id, name: r.name, status: r.status }));
      const { items, ...paging } = paginate(rows, args.offset, args.limit);
      return rows.length ? { sites: items, ...paging } : { sites: [], total: 0, note: "None: no import support or missing credentials" };
    },
  }),
  defineOperation({
    name: "import_provider_sites",
    toolset: "providers",
    method: "POST",
    path: "/providers/{provider_id}/import",
    summary: "Import host sites into an account",
    words: "import sites from host into captaincore bring sites over from a host into the dashboard move from kinsta wp engine rocket.net",
    description: "Sites already present are skipped.",
    input: {
      provider_id: ProviderId,
      account_id: AccountId,
      sites: z
        .array(z.strictObject({ remote_id: z.string().trim().max(100), name: z.string().trim().max(100) }))
        .min(1)
        .max(200)
        .describe("From list_provider_remote_sites"),
    },
    effect: "write",
  }),
  defineOperation({
    name: "create_provider_site",
    toolset: "providers",
    method: "POST",
    path: "/providers/{provider}/new-site",
    summary: "Provision a new WordPress site at the host",
    words: "spin up new wordpress site at host provision new install kinsta rocket.net create hosting",
    description: "Then check_provider_actions.",
    input: {
      provider: Host,
      name: z.string().trim().min(5).max(32).describe("Site name"),
      domain: domainName("Domain name, e.g. example.com"),
      account_id: AccountId,
      datacenter: z.string().trim().max(40).optional().describe("Region, e.g. us-central1"),
      provider_id: id("Use this provider row").optional(),
      clone_site_id: z.string().trim().max(100).optional().describe("Host site id to clone"),
    },
    effect: "write",
    body: ({ provider: _p, ...site }) => ({ site: dropEmpty(site) }),
    render: hostOperation("New site", "{provider} started no operation"),
  }),
  defineOperation({
    name: "deploy_staging_to_production",
    toolset: "providers",
    method: "POST",
    path: "/providers/{provider}/deploy-to-production",
    summary: "Push a site's staging over production at the host",
    words: "push staging live at host deploy to production publish staging promote staging to live make staging the live site",
    input: { provider: Host, site_id: SiteId },
    effect: "destructive",
    confirmText: "Overwrites the live production site with staging.",
    render: hostOperation("Deploy to production"),
  }),
  defineOperation({
    name: "deploy_production_to_staging",
    toolset: "providers",
    method: "POST",
    path: "/providers/{provider}/deploy-to-staging",
    summary: "Copy a site's production over staging at the host",
    words: "copy live to staging at host refresh staging clone live",
    input: { provider: Host, site_id: SiteId },
    effect: "destructive",
    confirmText: "Overwrites the staging site with production; what was only on staging is lost.",
    render: hostOperation("Deploy to staging"),
  }),
  defineOperation({
    name: "list_provider_actions",
    toolset: "providers",
    method: "GET",
    path: "/provider-actions",
    summary: "Your host operations in progress (provisioning, deploys)",
    words: "host operations in progress provisioning pending host jobs",
    input: {},
    effect: "read",
    render: actionsList,
  }),
  defineOperation({
    name: "check_provider_actions",
    toolset: "providers",
    method: "GET",
    path: "/provider-actions/check",
    summary: "Poll the host for your operations' progress and list them",
    words: "check provisioning progress is the new site ready",
    input: {},
    effect: "write",
    render: actionsList,
  }),
  defineOperation({
    name: "run_provider_action",
    toolset: "providers",
    method: "GET",
    path: "/provider-actions/{id}/run",
    summary: "Finish a completed host operation (e.g. import the new site)",
    words: "finish host operation import new site",
    input: { id: id() },
    effect: "write",
    render: (data, args) => {
      if (data === null) {
        throw new CaptainCoreError("not_found", `Provider action ${args.id} is unknown or not yours (list_provider_actions).`);
      }
      return actionsList(data);
    },
  }),
  ...premiumOperations("plugin", {
    list: {
      words: "envato premium plugins purchased themeforest codecanyon",
    },
    download: {
      words: "download premium plugin envato zip file",
    },
  }),
  ...premiumOperations("theme", {
    list: {
      words: "envato premium themes purchased themeforest",
    },
    download: {
      words: "download premium theme envato zip",
    },
  }),
];
