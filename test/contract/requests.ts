/**
 * How a recorded request is replayed against the simulator: the same path and query, as the seeded user of the same
 * role, except where the recorded answer depends on the state of the recorded install (a domain without registrar,
 * zone or Mailgun; an id that did not exist there). Those are sent with a seeded id in the same state.
 */
import { SEED_USERS } from "../../src/simulator/index.js";
import type { Recording, Role } from "./recordings.js";

/** The recorded install's admin and its non-admin member of account 1 ↔ the simulator's seed users. */
export const SEED_USER_OF: Record<Role, (typeof SEED_USERS)[keyof typeof SEED_USERS]> = {
  admin: SEED_USERS.admin,
  client: SEED_USERS.client,
};

/** Seeded domain 4 (acme-events.test, account 1) has no registrar record, no DNS zone, no forwarding, no Mailgun. */
const BARE_DOMAIN = 4;
/** Seeded site 3 (acme-careers.test, account 1) is hosted on WP Engine: no Kinsta API behind it. */
const NON_KINSTA_SITE = 3;
const NON_KINSTA_ENV = 5;
/** An id no seeded table uses, like the ids the recorded install did not have. */
const UNKNOWN = 999;

export const SEEDED_REQUESTS: Record<string, { path: string; why: string }> = {
  "GET /domain/{domain_id}": { path: `/domain/${BARE_DOMAIN}`, why: "recorded domain 1 had no registrar record" },
  "GET /domain/{domain_id}/auth_code": { path: `/domain/${BARE_DOMAIN}/auth_code`, why: "no registrar record" },
  "GET /dns/{domain_id}": { path: `/dns/${BARE_DOMAIN}`, why: "recorded domain 1 had no DNS zone" },
  "GET /domains/{domain_id}/zone": { path: `/domains/${BARE_DOMAIN}/zone`, why: "no DNS zone: the plugin crashes" },
  "GET /domain/{domain_id}/email-forwarding/status": { path: `/domain/${BARE_DOMAIN}/email-forwarding/status`, why: "no forwarding" },
  "GET /domain/{domain_id}/email-forwarding/logs": { path: `/domain/${BARE_DOMAIN}/email-forwarding/logs`, why: "no forwarding" },
  "GET /domain/{domain_id}/email-forwards": { path: `/domain/${BARE_DOMAIN}/email-forwards`, why: "no Mailgun routes" },
  "GET /domain/{domain_id}/mailgun": { path: `/domain/${BARE_DOMAIN}/mailgun`, why: "no Mailgun zone" },
  "GET /domain/{domain_id}/mailgun/events": { path: `/domain/${BARE_DOMAIN}/mailgun/events`, why: "no Mailgun zone" },
  "GET /domain/{domain_id}/mailgun/suppressions/{type}": {
    path: `/domain/${BARE_DOMAIN}/mailgun/suppressions/bounces`,
    why: "no Mailgun zone",
  },
  "GET /sites/{site_id}/{environment}/phpmyadmin": {
    path: `/sites/${NON_KINSTA_SITE}/production/phpmyadmin`,
    why: "recorded site 1 was not linked to a Kinsta provider",
  },
  "GET /sites/{site_id}/{environment}/domains": {
    path: `/sites/${NON_KINSTA_SITE}/production/domains`,
    why: "recorded site 1's provider has no domain API",
  },
  "GET /sites/{site_id}/environments/{env_id}/push-targets": {
    path: `/sites/${NON_KINSTA_SITE}/environments/${NON_KINSTA_ENV}/push-targets`,
    why: "recorded site 1's provider has no push targets",
  },
  "GET /processes/{id}": { path: `/processes/${UNKNOWN}`, why: "the recorded install had no processes" },
  "GET /processes/{id}/raw": { path: `/processes/${UNKNOWN}/raw`, why: "the recorded install had no processes" },
  "GET /process-logs/{id}": { path: `/process-logs/${UNKNOWN}`, why: "the recorded install had no process logs" },
  "GET /invoices/{invoice_id}": { path: `/invoices/${UNKNOWN}`, why: "the recorded install had no orders" },
  "GET /invoices/{invoice_id}/pdf": { path: `/invoices/${UNKNOWN}/pdf`, why: "the recorded install had no orders" },
  "GET /provider-actions/{id}/run": { path: `/provider-actions/${UNKNOWN}/run`, why: "the recorded install had no provider actions" },
  "GET /providers/{provider_id}/verify": { path: `/providers/${UNKNOWN}/verify`, why: "the recorded install had no providers" },
  "GET /providers/{provider_id}/remote-sites": {
    path: `/providers/${UNKNOWN}/remote-sites`,
    why: "the recorded install had no providers",
  },
};

/** Path and query of the simulator request for a recording. */
export function simulatorRequest(recording: Recording): { method: string; path: string } {
  const [method, target] = recording.request.split(" ") as [string, string];
  const seeded = SEEDED_REQUESTS[recording.endpoint];
  return { method, path: seeded ? seeded.path + (target.includes("?") ? target.slice(target.indexOf("?")) : "") : target };
}
