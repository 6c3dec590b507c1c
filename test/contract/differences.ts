/**
 * THE ONE LIST of deliberate differences between the simulator and the recorded real plugin (test/fixtures/live).
 * Everything not listed here must match: keys, JSON types, bare-scalar / array / object form, error status and code.
 * A listed difference that no longer occurs fails the contract test, so this list stays true.
 */
import type { Mismatch } from "./shape.js";
import type { Role } from "./recordings.js";

export interface Difference {
  /** Documented templates it applies to (`GET /sites/{site_id}`); omitted = every endpoint. */
  endpoints?: string[];
  /** Location as reported by compareShape, e.g. `$.environments[].token`. */
  path: string;
  kind: Mismatch["kind"];
  reason: string;
}

export interface NotCompared {
  endpoint: string;
  role?: Role;
  reason: string;
}

const SITE_WITH_ACCOUNT = ["GET /sites/{site_id}", "GET /sites/{site_id}/details"];
const ENVIRONMENT_ROWS = ["GET /sites/{site_id}", "GET /sites/{site_id}/environments"];
const ACCOUNT_PLAN = [...SITE_WITH_ACCOUNT, "GET /accounts/{account_id}"];

const PLAN_SEEDED = "seeded account 1 (Acme Corp) has a configured hosting plan (PUT /accounts/{id}/plan); the recorded account had none";

export const DELIBERATE: Difference[] = [
  // Account 1's plan: the recorded install had no plan, so it sent only the defaults (and, embedded in a site, only usage).
  { endpoints: ACCOUNT_PLAN, path: "$.account.plan.price", kind: "extra-key", reason: PLAN_SEEDED },
  { endpoints: ACCOUNT_PLAN, path: "$.account.plan.next_renewal", kind: "extra-key", reason: PLAN_SEEDED },
  { endpoints: SITE_WITH_ACCOUNT, path: "$.account.plan.name", kind: "extra-key", reason: PLAN_SEEDED },
  { endpoints: SITE_WITH_ACCOUNT, path: "$.account.plan.interval", kind: "extra-key", reason: PLAN_SEEDED },
  { endpoints: SITE_WITH_ACCOUNT, path: "$.account.plan.limits", kind: "extra-key", reason: PLAN_SEEDED },
  {
    endpoints: ["GET /accounts/{account_id}"],
    path: "$.invoices",
    kind: "extra-key",
    reason: "the seeded client (clara) is account 1's billing member (full-billing), who sees invoices; the recorded client had level full",
  },
  // Environments: the seed configures what the recorded install left empty.
  {
    endpoints: ENVIRONMENT_ROWS,
    path: "$.environments[].offload_provider",
    kind: "type",
    reason: "seeded sites 1, 4, 7 and 10 have media offload to S3 configured (a string); the recorded sites had none (null)",
  },
  {
    endpoints: ENVIRONMENT_ROWS,
    path: "$[].offload_provider",
    kind: "type",
    reason: "seeded sites 1, 4, 7 and 10 have media offload to S3 configured (a string); the recorded sites had none (null)",
  },
  {
    endpoints: ENVIRONMENT_ROWS,
    path: "$.environments[].token",
    kind: "type",
    reason: "seeded environments have a CLI token (a secret the redaction tests look for); the recorded ones were never synced (null)",
  },
  {
    endpoints: ENVIRONMENT_ROWS,
    path: "$[].token",
    kind: "type",
    reason: "seeded environments have a CLI token (a secret the redaction tests look for); the recorded ones were never synced (null)",
  },
  // Domains: the recorded install had no registrar.
  {
    endpoints: ["GET /domains"],
    path: "$[].remote_id",
    kind: "type",
    reason: "seeded domains 1-3 are registered through a registrar (remote_id string); the recorded install had no registrar (null)",
  },
  // Configurations: keys the plugin adds once they are saved.
  {
    endpoints: ["GET /configurations"],
    path: "$.hosting_plans",
    kind: "type",
    reason: "the seed has two hosting plans configured (the billing tools read them); the recorded install had none (null)",
  },
  {
    endpoints: ["GET /configurations"],
    path: "$.dns_nameservers",
    kind: "extra-key",
    reason: "saved by an admin in the seed (save_configurations); the recorded install never saved it, so the key was absent",
  },
  {
    endpoints: ["GET /configurations"],
    path: "$.default_key",
    kind: "extra-key",
    reason: "written when an SSH key is made primary; the seed has a primary key, the recorded install had no keys",
  },
  // Server logs: the recorded install's CLI was a stand-in.
  {
    endpoints: ["GET /sites/{site_id}/{environment}/logs"],
    path: "$",
    kind: "type",
    reason:
      "the recorded install's CLI was a stand-in that listed nothing ([]); the simulator models a working CLI's listing " +
      "{debugger, files[]} (the render handles both)",
  },
];

/** Recorded answers the simulator does not reproduce, because they come from what the recorded install lacked. */
export const NOT_COMPARED: NotCompared[] = [
  {
    endpoint: "GET /sites/{site_id}/{environment}/magiclogin",
    reason: "the recorded sites did not exist on the network, so the call to the site's helper plugin crashed (500); the simulator models reachable sites",
  },
  {
    endpoint: "GET /sites/{site_id}/{environment}/magiclogin/{wp_user_id}",
    reason: "the recorded sites did not exist on the network, so the call to the site's helper plugin crashed (500); the simulator models reachable sites",
  },
  {
    endpoint: "GET /subscriptions/{subscription_id}",
    role: "admin",
    reason: "the recorded install had no WooCommerce subscriptions and crashed (500); the simulator models account 1's subscription",
  },
  {
    endpoint: "GET /wp-plugins",
    reason: "the recorded install could not reach api.wordpress.org (500 plugins_api_failed, cURL error 6); the simulator models the directory",
  },
  {
    endpoint: "GET /wp-themes",
    reason: "the recorded install could not reach api.wordpress.org (500 themes_api_failed, cURL error 6); the simulator models the directory",
  },
];
