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
      return { status: "started", operation_id: data, next: "check_provider_actions until waiting, then run_provider_action" };
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
type Words = { words: string; asks: readonly string[] };

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
    asks: [
      "which hosting providers have we connected?", "show our provider integrations",
      "do we have Kinsta and WP Engine hooked up", "list the DNS and email integrations",
      "what hosts are configured in captaincore", "is Cloudflare set up as a provider",
      "what API connections do we have to hosts", "list the provider accounts I created",
      "which hosting accounts are linked to the dashboard", "what third-party services is captaincore hooked into",
      "do we have a Mailgun integration set up already", "integrations list",
      "which hosts have I personally connected", "is Rocket.net among our configured hosting companies",
      "list hosting providers", "which hosting companies are we connected to?",
      "which hosting providers are connected to our dashboard?", "list providers",
    ],
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
    asks: [
      "connect our Kinsta account with this API key", "add WP Engine as a hosting provider",
      "set up a new Rocket.net integration", "add Cloudflare so we can manage DNS", "integrate our Mailgun account",
      "I have a new host account, add it with these credentials",
      "register a second Kinsta company for the other agency", "add a new provider with api credentials",
      "we signed up with Rocket.net, connect the account with this api user and password",
      "link our new cloudflare account for dns management", "add a hosting company integration called 'Kinsta EU'",
      "I have an API key from our new host, add it as a connection", "hook up our email sending service account",
      "new wp engine integration with these creds", "add a new hosting provider connection for rocket.net",
      "connect our Kinsta account so we can start pulling sites in",
      "add our Kinsta account as a hosting provider, here's the API key",
      "set up Rocket.net as a new provider with this token",
    ],
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
    asks: [
      "rename the Kinsta provider to 'Kinsta - Agency'", "replace the api credentials on our WP Engine integration",
      "the host rotated our keys, update the stored credentials", "change the name of provider 3",
      "fix the password saved for the Rocket.net connection", "update the Cloudflare provider's credentials",
      "edit the label on our hosting integration", "swap in new api user and secret for the provider",
      "we regenerated the WP Engine API password, store the new one", "relabel provider 5 as 'Rocket - Main'",
      "the kinsta company id changed, update that integration",
      "the cloudflare secret in captaincore is outdated, update it",
      "change the display name of our hosting connection", "edit the saved login for the dns integration",
      "swap the kinsta api key for the new one", "update the api key we use for kinsta",
      "the kinsta api key got regenerated, update it on our provider",
      "rename the wp engine provider to 'WPE - legacy'",
    ],
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
    asks: [
      "remove the old WP Engine integration", "delete the Kinsta provider and its saved keys",
      "we left that host — get rid of the provider", "disconnect and delete our Cloudflare provider",
      "delete provider 6", "remove the stale hosting connection entirely", "drop the test provider we added",
      "forget the stored credentials for the old host",
      "we closed our WP Engine account, remove that connection from captaincore",
      "wipe the cloudflare integration and its secrets", "remove provider 9 permanently",
      "get rid of the duplicate kinsta connection", "we're moving hosts, so the old host's integration can go",
      "delete the mailgun provider we no longer use", "disconnect the old rocket.net integration",
      "we cancelled our Kinsta account, remove it as a hosting provider", "disconnect the old WP Engine provider",
    ],
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
    asks: [
      "are our Kinsta credentials still working?", "test the WP Engine connection",
      "check that the provider api key is valid", "imports are failing — is the host integration authenticated?",
      "verify the Rocket.net credentials", "is the Cloudflare token expired",
      "make sure provider 4 can still connect", "health check on the hosting integration",
      "is our hosting connection still authorized", "double-check the kinsta api credentials are accepted",
      "does the dns integration still have valid access", "provider 2 auth test",
      "the site list from the host is empty — are the saved keys bad?",
      "confirm the WP Engine login stored in captaincore works", "check our kinsta api key still works",
      "I just rotated the WP Engine API key, make sure the connection still works", "test provider creds",
    ],
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
    asks: [
      "here's a new Kinsta API token, save it and test it", "plug this token into the Rocket.net provider",
      "reconnect the host with a fresh api token", "the token expired, I generated a new one — connect it",
      "store this access token on the Cloudflare integration", "authorize the provider with a new key",
      "paste in the api token for our host and check it works", "reauthenticate the hosting provider",
      "kinsta revoked our old key, here is the replacement — hook it up and confirm",
      "set a fresh token on provider 4 and validate it", "apply a new cloudflare api token to that integration",
      "our host access stopped working, I made a new token — attach it",
      "update the wp engine token and see if it connects", "link the rocket.net connection using this new token",
      "the WP Engine provider I added says not connected, link it up",
      "authenticate our rocket.net provider so we can start pulling sites",
    ],
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
    asks: [
      "which sites at Kinsta aren't in CaptainCore yet?",
      "what sites are on our WP Engine account that we could import", "show the sites on the host side",
      "list what's on Rocket.net so I can pick which to bring over", "what can I import from this provider",
      "browse the host's site list", "are there sites on the hosting account that we're not managing",
      "see remote sites for provider 2", "what's sitting on our Kinsta account that isn't in the dashboard",
      "list installs on the WP Engine side available to bring in", "importable sites from provider 7",
      "before I import, show what the hosting company has",
      "which websites are on rocket.net but not being managed yet",
      "sites at the host for the new integration, next page",
      "which sites on our WP Engine account aren't in the dashboard yet?",
      "show me the sites sitting in our Kinsta account that aren't in the dashboard yet",
      "what sites does the rocket.net connection have on it",
    ],
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
    asks: [
      "import all the Kinsta sites into the Agency account", "bring these sites over from WP Engine",
      "pull in bakery.com and mapleyoga.com from the host", "import the Rocket.net sites into CaptainCore",
      "add the host's sites to the Smile Dental account",
      "sync new sites from the hosting account into our dashboard", "import those three remote sites",
      "onboard everything on our host account in one go",
      "bring lakeviewvet.com and the florist site from Kinsta into the Harbor Realty account",
      "copy every site on our WP Engine account into the dashboard",
      "pull the remote installs into account 14, skip ones we already have",
      "we're changing hosts, so load all the new host's sites into captaincore",
      "add the rocket.net sites to our fleet under the agency account", "import sites from provider 3",
      "import all our kinsta sites into captaincore", "bring fitlabgym over from kinsta into the dashboard",
      "bring the three Juniper Dental sites over from rocket.net",
      "pull all my existing Kinsta sites into CaptainCore",
      "import the 12 sites sitting in our wp engine account so we can manage them here",
    ],
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
    asks: [
      "spin up a brand new WordPress site on Kinsta for newclient.com", "create a fresh site at Rocket.net",
      "provision a new install for the bakery in the US datacenter",
      "launch a new WordPress site at the host by cloning the starter template",
      "new website for a new client — set it up on our host", "make a blank WP site on Kinsta in Frankfurt",
      "build a new site for mapleyoga.com on the hosting account", "clone site 12 into a new hosted site",
      "set up hosting and a fresh wordpress for lakeviewvet.com",
      "a new client needs a website — create one on Kinsta in London",
      "new rocket.net install for the florist, domain bloomco.com",
      "duplicate our starter site into a new hosted install",
      "provision wordpress at the host in the Sydney data center",
      "can you create a new website for my second shop on our hosting",
      "spin up a brand new site on kinsta for harbor cafe",
      "spin up a brand new wordpress site on rocket.net for greenleaf",
      "spin up a fresh install on Kinsta for Juniper's new microsite",
      "spin up a brand new site on kinsta for our client Juniper Co",
      "create a fresh wordpress install on rocket.net called pawsandclaws",
    ],
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
    asks: [
      "push staging live for bakery.com", "deploy the staging changes to production",
      "the redesign is approved, overwrite the live site with staging",
      "publish the staging copy to live on Rocket.net", "move staging to production at the host",
      "go live with what's on staging", "copy the staging site over the live one on WP Engine",
      "ship staging to prod for mapleyoga",
      "the client signed off on the new design, make it live for lakeviewvet.com",
      "replace the live site with the test version", "publish test copy over production for the florist on WP Engine",
      "promote staging to live on Kinsta", "stg → prod for the shop",
      "we finished updates on the test site, can you put them on the real site",
      "publish lakeside's staging to live on kinsta", "promote the rocket.net staging of greenleaf to live",
      "push the kinsta staging for mapleleafdental.com live",
      "deploy staging to prod on rocket.net, the summer menu changes are approved",
    ],
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
    asks: [
      "refresh staging from live", "copy production down to staging for bakery.com",
      "staging is out of date, overwrite it with the live site", "make a fresh staging copy of the live site",
      "pull live into staging before I test the update", "sync prod to staging on Rocket.net",
      "clone the live site onto the staging environment", "reset staging to match production",
      "the test site is way behind the real one, bring it up to date",
      "copy live over staging on Kinsta for lakeviewvet.com", "prod → stg for the florist site",
      "I need an up-to-date test copy before trying the new plugin",
      "overwrite the staging site with today's production at WP Engine",
      "refresh the sandbox from the live site on rocket.net",
      "refresh the kinsta staging env for tidewater yoga from live",
      "copy production down to staging at the host before I test the new theme version",
    ],
    input: { provider: Host, site_id: SiteId },
    effect: "write",
    render: hostOperation("Deploy to staging"),
  }),
  defineOperation({
    name: "list_provider_actions",
    toolset: "providers",
    method: "GET",
    path: "/provider-actions",
    summary: "Your host operations in progress (provisioning, deploys)",
    words: "host operations in progress provisioning pending host jobs",
    asks: [
      "what host operations are running right now?", "is the new site still provisioning",
      "show my in-progress deploys", "any pending jobs at the host", "list my provider actions",
      "what's queued on Kinsta from me", "is the staging push still going",
      "what's the status of things I started at the host", "anything of mine still running at Kinsta",
      "which hosting tasks have I started that haven't finished", "show my open provisioning and deploy operations",
      "current host-side operations I kicked off", "is my staging deployment still in progress",
      "list what I've got going at the hosting company", "are there pending actions at the host we're waiting on?",
      "what's pending with our hosting providers right now?", "list provider actions",
    ],
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
    asks: [
      "is the new site done yet? check with the host", "poll Kinsta for progress on my deploy",
      "refresh the status of my host operations", "has the provisioning finished",
      "check if the staging-to-live deploy completed", "ask the host for an update on my running tasks",
      "update progress on the site I'm creating", "is it finished? re-check the provider",
      "go ask Kinsta whether my new site is ready", "refresh progress on my host deployments",
      "has the host finished copying staging to live yet — check again",
      "poll the provider for updates on my site build", "did the host finish creating lakeviewvet.com",
      "check host progress now", "is the new kinsta site done provisioning yet",
      "check if any of the provider jobs finished — like the new Kinsta site we requested",
      "refresh status on outstanding provider actions",
    ],
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
    asks: [
      "the new site finished provisioning — import it now", "finalize the completed host operation",
      "complete action 55 and add the site", "finish setting up the site now that Kinsta is done",
      "wrap up the finished provider task", "run the follow-up step for the completed deploy",
      "bring the newly created site into CaptainCore", "the host says done, finish it",
      "kinsta finished building the site, add it to our dashboard", "complete the pending host action 71",
      "finish importing the freshly provisioned florist site", "the deploy finished at the host, do the last step",
      "the new install is ready, pull it in and finish setup", "finalize host operation for the new client site",
      "go ahead and execute provider action 37", "run the queued hosting provider action so the import finishes",
    ],
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
      asks: [
        "which premium plugins have we bought on Envato?", "list our CodeCanyon plugin purchases",
        "show the paid plugins we own", "do we have a license for Slider Revolution",
        "what premium plugins are available from our Envato account", "list purchased plugins",
        "what codecanyon stuff do we have", "do we own WPBakery already",
        "what paid plugins do we own licenses for on envato market", "is LayerSlider among the things we've paid for",
        "list plugins bought from CodeCanyon", "do we already have the premium version of Essential Grid",
        "show purchased plugins so I don't buy it twice", "premium plugin licenses we hold",
        "premium plugins we bought on envato", "what plugins does our premium plugin provider offer?",
        "what premium plugins can we pull from our Envato connection?", "list plugins available through provider",
      ],
    },
    download: {
      words: "download premium plugin envato zip file",
      asks: [
        "download the Slider Revolution zip from Envato", "get me the latest file for our purchased WPBakery plugin",
        "I need the zip of the premium plugin to upload manually", "download link for CodeCanyon item 2751380",
        "grab the newest version of the paid plugin", "fetch the plugin package from our envato purchases",
        "where can I download the premium plugin we bought", "temporary download url for the purchased plugin",
        "I need the installer for LayerSlider we bought on codecanyon",
        "get a zip of our licensed Essential Grid plugin",
        "download the paid plugin so I can update it manually on the florist site",
        "link to download codecanyon item 13827", "get the current version of our purchased slider plugin as a file",
        "fetch the premium plugin archive from envato", "download the premium elementor pro plugin zip",
        "grab the premium plugin package from the provider so I can install it",
        "grab the zip of the premium slider plugin from our connected plugin source",
        "download latest Gravity Forms package from the provider so I can install it manually",
      ],
    },
  }),
  ...premiumOperations("theme", {
    list: {
      words: "envato premium themes purchased themeforest",
      asks: [
        "what ThemeForest themes have we purchased?", "list our premium themes", "do we own Avada",
        "show the envato themes on the account", "which paid themes do we have licenses for", "themeforest purchases",
        "is the Flatsome theme in our purchases", "list the bought themes",
        "which paid themes have we bought on envato", "do we have a license for BeTheme",
        "list purchased themeforest items", "have we already paid for the Enfold theme",
        "what designs from the envato marketplace do we already have rights to",
        "what themes did we buy that we can use on client sites", "which premium themes did we buy",
        "which premium themes can we get through our marketplace provider?",
        "which themes do we have access to through the provider?",
        "show the theme catalog from our connected marketplace",
      ],
    },
    download: {
      words: "download premium theme envato zip",
      asks: [
        "download the Avada theme zip", "get the latest Flatsome from ThemeForest",
        "I need the purchased theme file to reinstall it", "download link for envato theme 5177775",
        "grab the newest version of our premium theme", "fetch the theme package we bought",
        "give me the zip for the paid theme", "temporary url to download the themeforest theme",
        "I need the Enfold zip to reinstall it on the florist site", "download our purchased BeTheme",
        "get the newest copy of the themeforest theme we own", "link to download envato theme item 4519990",
        "fetch the paid theme file so I can upload it", "the theme got corrupted, get me a fresh download of it",
        "download the latest zip of that premium theme from the provider",
        "download the Avada theme zip from our provider account",
        "need the theme package file for Divi from the provider, client's site is missing it",
      ],
    },
  }),
];
