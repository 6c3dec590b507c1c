/**
 * Environments: push one environment onto another and manage the domains attached to a hosted environment.
 * These go through the host's API (Kinsta); other providers answer not_supported.
 */
import { z } from "zod";
import { defineOperation } from "../operations/types.js";
import { Domain, EnvironmentDefaultProduction, EnvironmentId, SiteId } from "../operations/schemas.js";
import { asArray } from "../operations/render.js";
import { environmentRows, type Row } from "./shared.js";

/** Kinsta domain ids are opaque strings, not CaptainCore domain ids. */
const hostId = () => z.string().trim().refine((v) => v.length >= 1 && v.length <= 100, "an id from list_environment_domains");
const HostDomainId = hostId().describe("id from list_environment_domains");

/** The host answers 202 with an operation id; the change happens in the background. */
function hostOperation(data: unknown): Row {
  const answer = (data && typeof data === "object" ? data : { message: data }) as Row;
  return { ...answer, note: "The host applies this in the background; re-read list_environment_domains in a minute." };
}

export const operations = [
  defineOperation({
    name: "list_push_targets",
    toolset: "environments",
    method: "GET",
    path: "/sites/{site_id}/environments/{env_id}/push-targets",
    summary: "Environments this one can be pushed to (Kinsta), for push_environment",
    words: "where can i push this environment targets where can staging be pushed allowed push destinations",
    input: { site_id: SiteId, env_id: EnvironmentId.describe("Source environment ID") },
    effect: "read",
    render: (data) => ({ targets: environmentRows(data) }),
  }),
  defineOperation({
    name: "push_environment",
    toolset: "environments",
    method: "POST",
    path: "/sites/environments/push",
    summary: "Push one environment onto another, e.g. staging to production (Kinsta)",
    words: "push staging to live deploy staging to production copy production to staging overwrite environment kinsta",
    input: {
      source_environment_id: EnvironmentId.describe("Copy from"),
      target_environment_id: EnvironmentId.describe("Overwrite this"),
    },
    effect: "destructive",
    confirmText: "Overwrites the target's files and database.",
    render: (data) => ({
      ...(data as Row),
      note: "Kinsta runs the push in the background (minutes); check the target site before telling the user it is done.",
    }),
  }),
  defineOperation({
    name: "list_environment_domains",
    toolset: "environments",
    method: "GET",
    path: "/sites/{site_id}/{environment}/domains",
    summary: "List a Kinsta environment's domains and verification records",
    words: "domains pointing at a kinsta environment verification records which domains are attached to the live site hosting domains",
    description: "Also adds missing verification TXT records to the CaptainCore DNS zone.",
    input: { site_id: SiteId, environment: EnvironmentDefaultProduction },
    effect: "write",
    idempotent: true,
    render: (data) => ({
      domains: (asArray(data) as Row[]).map((d) => {
        const row: Row = { id: d.id, name: d.name, type: d.type, is_active: d.is_active };
        if (asArray(d.verification_records).length) row.verification_records = d.verification_records;
        return row;
      }),
    }),
  }),
  defineOperation({
    name: "add_environment_domain",
    toolset: "environments",
    method: "POST",
    path: "/sites/{site_id}/{environment}/domains",
    summary: "Attach a domain to a Kinsta environment",
    words: "attach domain to kinsta hosting add domain to environment point domain connect new domain to the site hosting add alias domain",
    input: {
      site_id: SiteId,
      environment: EnvironmentDefaultProduction,
      domain_name: Domain,
      is_wildcardless: z.boolean().optional().describe("No *.domain wildcard"),
    },
    effect: "write",
    render: hostOperation,
  }),
  defineOperation({
    name: "remove_environment_domains",
    toolset: "environments",
    method: "DELETE",
    path: "/sites/{site_id}/{environment}/domains",
    summary: "Detach domains from a Kinsta environment",
    words: "detach domain from kinsta environment remove domain from hosting",
    input: {
      site_id: SiteId,
      environment: EnvironmentDefaultProduction,
      domain_ids: z.array(hostId()).min(1).max(50).describe("ids from list_environment_domains"),
    },
    effect: "destructive",
    confirmText: "The environment stops answering on these domains.",
    render: hostOperation,
  }),
  defineOperation({
    name: "set_primary_environment_domain",
    toolset: "environments",
    method: "PUT",
    path: "/sites/{site_id}/{environment}/domains/primary",
    summary: "Make a domain the primary domain of a Kinsta environment",
    words: "primary domain main domain of the environment make this the main url switch primary domain",
    input: {
      site_id: SiteId,
      environment: EnvironmentDefaultProduction,
      domain_id: HostDomainId,
      run_search_and_replace: z.boolean().optional().describe("Rewrite URLs in DB (default true)"),
    },
    effect: "write",
    idempotent: true,
    render: hostOperation,
  }),
];
