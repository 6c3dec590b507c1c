/**
 * Global configuration, global defaults for new sites, and the SSH keys CaptainCore connects with. Admin data:
 * the API answers [] to others for /defaults and /keys. Private keys go in, never come back.
 */
import { z } from "zod";
import { CaptainCoreError } from "../client/errors.js";
import { defineOperation } from "../operations/types.js";
import { Detail, id, nonEmpty } from "../operations/schemas.js";
import { dropEmpty } from "../operations/result.js";
import { asArray, toId } from "../operations/render.js";
import { DefaultsInput, mergeDefaults, type Row } from "./shared.js";

const KeyId = id();
const PrivateKey = z
  .string()
  .max(20_000)
  .refine((v) => /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(v), "must be a PEM or OpenSSH private key")
  .describe("Private key text");
const Configurations = z.record(z.string().max(100), z.unknown()).describe("e.g. {\"name\":\"Acme\"}");

const BRANDING = ["colors", "logo", "logo_width", "logo_only", "intercom_embed_id"];
const ADMIN_ONLY = "Administrators only: CaptainCore answers other users with an empty list.";

function compactConfig(data: unknown, detail: "summary" | "full" = "summary"): unknown {
  if (!data || typeof data !== "object" || Array.isArray(data)) return data;
  if (detail === "full") return data;
  const out: Row = { ...(data as Row) };
  for (const k of BRANDING) delete out[k];
  return dropEmpty(out);
}

function keyRow(k: unknown): Row {
  const r = (k ?? {}) as Row;
  return {
    key_id: toId(r.key_id),
    title: r.title,
    fingerprint: r.fingerprint,
    primary: String(r.main) === "1",
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export const operations = [
  defineOperation({
    name: "get_configurations",
    toolset: "config",
    method: "GET",
    path: "/configurations",
    summary: "Get the global configuration: plans, pricing, DNS settings",
    words: "global configuration settings plans pricing dns settings branding",
    asks: [
      "what are our hosting plans and prices", "show the global configuration",
      "what DNS settings are configured platform wide", "list the plans we offer",
      "how much do we charge for the basic plan", "show config including branding",
      "what are the current pricing tiers", "view captaincore's global settings",
      "how much is each hosting package we sell, per month and per year",
      "platform-wide settings dump incl. logo and brand colours",
      "what nameservers and dns defaults are set for the whole system",
      "how many visitors and how much storage does the starter package allow",
      "our price sheet for maintenance tiers — what's in it right now",
      "what's the overage charge per extra site or gigabyte", "show the global configuration of our captaincore",
      "what does each plan cost in our configuration",
      "what are our global dashboard settings — logo, colors, plans?",
      "what are our global dashboard settings right now, like branding and logo",
      "check current hosting dashboard config",
    ],
    description: "Branding is left out unless detail=full.",
    input: { detail: Detail },
    effect: "read",
    render: (data, args) => compactConfig(data, args.detail),
  }),
  defineOperation({
    name: "update_configurations",
    toolset: "config",
    method: "POST",
    path: "/configurations",
    summary: "Change global configuration keys (admin)",
    words: "change global configuration settings",
    asks: [
      "raise the price of the Standard plan to $40/month", "add a new hosting plan",
      "change the global DNS nameservers setting", "edit a global config key", "update the plan limits for storage",
      "rename the Pro plan", "tweak the global settings, keep everything else", "change the usage overage rate",
      "bump the Business package to $60 a month", "create a new Premium tier with 10 sites included",
      "our accountant says the overage fee should be $2 per GB now, change it",
      "adjust the starter package's storage cap, leave the rest alone",
      "admin change: swap the nameserver values in global settings", "retitle the 'Growth' package to 'Agency'",
      "save the new platform configuration settings", "update our dashboard branding colors and logo config",
    ],
    description: "Returns the saved configuration.",
    input: { configurations: Configurations },
    effect: "write",
    idempotent: true,
    render: (data) => ({ updated: true, configuration: compactConfig(data) }),
  }),
  defineOperation({
    name: "save_configurations",
    toolset: "config",
    method: "PUT",
    path: "/configurations/global",
    summary: "Change global configuration keys and sync them to the CLI (admin)",
    words: "save global configuration sync cli",
    asks: [
      "save the config and push it to the CLI too", "update the global configuration and sync it to the server",
      "change the settings so the command line side gets them",
      "apply the new config everywhere including captaincore CLI",
      "change a global key and make sure the backend picks it up", "persist config changes to the CLI",
      "update plan pricing and sync to cli", "write global settings to the CLI config",
      "change the plan prices and also write them to the server-side tool",
      "the command-line side still has the old settings — save and sync the new ones",
      "update global keys and propagate them to the backend config file",
      "store the new branding settings and make sure the cli knows about them",
      "edit the config so both the dashboard and the server scripts use it",
      "sync the revised platform settings down to the captaincore command line",
      "change the dashboard logo and brand colors for our agency",
      "update the hosting plan options we offer in global settings",
    ],
    input: { configurations: Configurations },
    effect: "write",
    idempotent: true,
    // The API stores the body as the WHOLE configuration: merge into the current one first.
    run: async (args, ctx) => {
      const current = await ctx.call({ method: "GET", path: "/configurations" });
      const base = current && typeof current === "object" && !Array.isArray(current) ? (current as Row) : {};
      await ctx.call({ body: { ...base, ...args.configurations } });
      return { updated: true, keys: Object.keys(args.configurations) };
    },
  }),
  defineOperation({
    name: "get_defaults",
    toolset: "config",
    method: "GET",
    path: "/defaults",
    summary: "Get global defaults for new sites: email, timezone, recipes, users",
    words: "global defaults for new sites default users plugins timezone email",
    asks: [
      "what are the default settings for new sites", "which timezone do new sites get",
      "what default admin users are added to new sites", "which recipes run on new sites",
      "what's the default email for new installs", "show the global defaults", "new site defaults?",
      "who gets added automatically when a site is created",
      "when we add a website, what timezone and admin email does it start with",
      "which starter wordpress logins get created on every fresh site",
      "what hardening scripts run on a site automatically when it's added",
      "out-of-the-box setup for newly created sites — what is it",
      "is our support account automatically added to new client websites?", "default new-site email + tz",
      "what are the default settings new sites get",
      "what plugins and users get set up automatically on brand new sites?",
      "remind me what our default timezone and admin email are for new installs",
    ],
    input: {},
    effect: "read",
    render: (data) =>
      Array.isArray(data) ? { defaults: null, note: ADMIN_ONLY } : data,
  }),
  defineOperation({
    name: "set_global_defaults",
    toolset: "config",
    method: "PUT",
    path: "/defaults/global",
    summary: "Change global defaults for new sites (admin)",
    words: "change global defaults for new sites default users plugins settings added to every new site",
    asks: [
      "set the default timezone for new sites to America/New_York",
      "change the default admin email to ops@agency.com", "add our support user to every new site by default",
      "make the security recipe run on all new sites", "update the defaults for new sites",
      "stop adding the old staffer by default", "new sites should use Europe/London",
      "change which recipes are applied by default", "new websites should start with America/Chicago as the timezone",
      "from now on put support@studio.com as the admin email on any new site",
      "every site we create should automatically include our developer's wp login",
      "the new hire should be added to all future websites by default",
      "apply the performance recipe automatically whenever a site is created",
      "the ex-contractor keeps getting added to fresh installs, take him off the starting users",
      "change the default timezone for all new sites", "add our support user to the defaults for every new site",
      "set the plugins and recipes every new site gets, across all accounts",
      "change the global default admin users that get added to new sites",
    ],
    input: { ...DefaultsInput },
    effect: "write",
    idempotent: true,
    // The API replaces the whole object: start from the current defaults.
    run: async (args, ctx) => {
      const defaults = mergeDefaults(await ctx.call({ method: "GET", path: "/defaults" }), args);
      await ctx.call({ body: defaults });
      return { updated: true, defaults };
    },
  }),
  defineOperation({
    name: "list_ssh_keys",
    toolset: "config",
    method: "GET",
    path: "/keys",
    summary: "List the SSH keys CaptainCore connects to sites with (admin)",
    words: "ssh keys",
    asks: [
      "what ssh keys does captaincore use", "list our ssh keys", "which key is primary",
      "show the keys we connect to servers with", "ssh keys?", "do we have a key for the WP Engine servers",
      "fingerprints of our stored keys", "list private keys configured",
      "which private keys are on file for reaching client servers",
      "what's the default key for connecting to servers right now",
      "show the saved keys with their titles and fingerprints", "is there a key stored for our Rocket.net boxes",
      "how many server keys have we uploaded to the platform", "keys used for shell access to sites",
      "which ssh key do we use to connect to sites", "which ssh keys have we saved?",
      "which SSH keys do we have on file?", "list saved ssh keys, which one is primary",
    ],
    input: {},
    effect: "read",
    render: (data) => {
      const keys = asArray(data).map(keyRow);
      return keys.length ? { keys, total: keys.length } : { keys, total: 0, note: ADMIN_ONLY };
    },
  }),
  defineOperation({
    name: "add_ssh_key",
    toolset: "config",
    method: "POST",
    path: "/keys",
    summary: "Add an SSH private key (admin); returns its fingerprint",
    words: "add ssh key private key",
    asks: [
      "add a new ssh private key called 'Kinsta 2024'", "upload this private key",
      "store a new ssh key for connecting to sites", "register our new deploy key", "add key for the new server",
      "here's an id_rsa, save it", "add an ed25519 key", "import an ssh key",
      "save a new private key named 'WP Engine 2025'",
      "the sysadmin sent me a key for the new hosting box, put it in the system",
      "I generated a keypair for server access, store the private half", "upload a key and tell me its fingerprint",
      "we need another credential for shell access to the new host — add it",
      "paste-in of a BEGIN OPENSSH PRIVATE KEY block, please save it", "add an ssh key", "add my new ssh public key",
      "add the ssh key from my new laptop", "add my new SSH public key so I can sftp into the sites",
      "upload the ed25519 key for our new dev Priya, she starts monday",
    ],
    input: { title: nonEmpty("", 100), key: PrivateKey },
    effect: "write",
    render: keyRow,
  }),
  defineOperation({
    name: "update_ssh_key",
    toolset: "config",
    method: "PUT",
    path: "/keys/{key_id}",
    summary: "Rename an SSH key or replace its private key (admin)",
    words: "rename replace ssh key",
    asks: [
      "rename the ssh key to 'old-agency'", "replace the private key on key 3", "rotate the key contents",
      "change the title of that ssh key", "swap in a new private key but keep the same entry",
      "update ssh key details", "the key was regenerated, update it", "edit the stored ssh key",
      "change the label on key 2 to 'Rocket'", "overwrite the private key text on the Kinsta entry",
      "I regenerated the keypair, put the fresh private key into the existing record",
      "fix the typo in that ssh key's name", "new key material for entry 5, same title",
      "our key got refreshed by IT — edit the saved one instead of adding another",
      "rename the ssh key 'laptop' to 'old laptop'", "rename my ssh key 'laptop' to 'old macbook'",
      "replace the public key text on Priya's key, she regenerated it",
    ],
    input: { key_id: KeyId, title: nonEmpty("", 100), key: PrivateKey.optional() },
    effect: "write",
    idempotent: true,
    render: (data, args) => {
      if (data === null) throw new CaptainCoreError("not_found", `No SSH key ${args.key_id}; see list_ssh_keys`);
      return keyRow(data);
    },
  }),
  defineOperation({
    name: "set_primary_ssh_key",
    toolset: "config",
    method: "PUT",
    path: "/keys/{key_id}/primary",
    summary: "Make an SSH key the default for connecting to sites (admin)",
    words: "default ssh key main key",
    asks: [
      "make this ssh key the default", "use key 4 as primary",
      "set the new key as the main one for connecting to sites", "switch the default ssh key",
      "primary key should be 'Kinsta 2024'", "change which key captaincore uses by default",
      "mark the key as primary", "default ssh key = the new one",
      "use the 'WP Engine 2025' key for all connections from now on",
      "make key 3 the one the platform reaches servers with", "the old main key is retired, promote the newer one",
      "which key should be preferred — set it to 'Rocket'", "preferred server key = #6",
      "can you make the freshly added key the go-to for connecting", "make the new ssh key the main one",
      "make my work laptop key the primary ssh key", "set the ed25519 key as default",
    ],
    input: { key_id: KeyId },
    effect: "write",
    idempotent: true,
    render: (_data, args) => ({ primary: true, key_id: args.key_id }),
  }),
  defineOperation({
    name: "delete_ssh_key",
    toolset: "config",
    method: "DELETE",
    path: "/keys/{key_id}",
    summary: "Delete an SSH key (admin)",
    words: "delete ssh key remove key",
    asks: [
      "delete the old ssh key", "remove key 2", "get rid of the compromised private key",
      "the ex-employee's key should be removed", "delete ssh key 'legacy'", "revoke that key from captaincore",
      "drop the unused ssh key", "remove the stale key", "erase the key for the server we shut down",
      "key 7 should be gone, confirmed", "a private key might have leaked — purge it from the system",
      "the contractor who made this key left, take it out", "delete the 'test' ssh credential",
      "clean up the retired server key", "remove the old ssh key", "delete the ssh key of the contractor who left",
      "Mark's laptop was stolen, revoke his SSH key asap",
      "delete the old deploy key we used for the 2022 build server",
    ],
    input: { key_id: KeyId },
    effect: "destructive",
    confirmText: "Sites that only accept this key can no longer be reached.",
    render: (_data, args) => ({ deleted: true, key_id: args.key_id }),
  }),
];
