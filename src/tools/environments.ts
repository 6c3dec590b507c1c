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
    asks: [
      "where can I push this staging environment to", "which environments can bakery staging be pushed onto",
      "list push destinations for the live env on Kinsta",
      "can I push mapleyoga staging to production? what are the options", "targets for pushing env 442",
      "what environments are eligible to receive this one", "push options for this environment",
      "which Kinsta envs can this environment overwrite",
      "I want to send lakeviewvet's test copy somewhere on Kinsta — what are my choices",
      "which destinations are valid if I copy kinsta env 1190 across",
      "could the florist staging be deployed onto a different kinsta site? list candidates",
      "before the shop's staging goes anywhere, which kinsta copies would accept it",
      "allowed receivers for this kinsta environment", "what can I overwrite from here on kinsta",
      "what kinsta environments can I push staging to",
      "where am I allowed to push the staging copy of bakery.com to?",
      "where can I push the staging copy of vivid-events to? what are my options",
      "before I deploy staging live for Orchard Hill Church, which environments are valid targets?",
    ],
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
    asks: [
      "push Kinsta staging to live for bakery.com", "overwrite production with the staging environment on Kinsta",
      "push environment 442 onto 441", "copy this Kinsta env over that one",
      "push the premium staging env to production", "move the changes from staging env to the live env in kinsta",
      "push the dev environment onto staging", "publish the kinsta staging environment",
      "kinsta env 1190 over env 1189, yes I'm sure",
      "send lakeviewvet's kinsta test copy onto its real site, replacing what's there",
      "replace one kinsta environment with the contents of another",
      "clone kinsta environment 550 across to 551 and overwrite it",
      "the redesign on kinsta dev is approved — replace the kinsta production env with it",
      "sync the contents of one kinsta env into a different site's env", "push staging to production",
      "client approved the redesign — push staging to live on bakery.com",
      "copy live down to staging on greenfieldfarms so i can try the new theme without breaking the real one",
      "Dr. Alvarez signed off on the staging version of the Riverside Vet site, please push it to live.",
      "copy staging over to production for the Hollis site", "push live to staging so I can test against real orders",
    ],
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
    asks: [
      "which domains are attached to bakery.com on Kinsta", "show the domain verification records for the live env",
      "list domains on the Kinsta environment", "is www.mapleyoga.com added on Kinsta yet",
      "what TXT records does Kinsta need for verification", "domains and their status for this environment",
      "why isn't the domain verified? show records", "list Kinsta domains for staging",
      "which hostnames does lakeviewvet have set up at kinsta",
      "the new address isn't loading — what dns verification does kinsta still want",
      "has kinsta confirmed ownership of the florist's domain yet", "domain status and txt values for production",
      "which web addresses point at the shop on its host", "kinsta hostnames for env staging, site 88",
      "which domains are attached to lakeside's live environment on kinsta",
      "which web addresses are hooked up to the Oakridge Community Church site?",
      "what domains are pointed at the production site for coastalcarpets?",
      "is www.tallgrassbison.com attached to the staging or production environment? list the domains",
    ],
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
    asks: [
      "add bakery.com to the Kinsta site", "attach the new domain to live",
      "point shop.mapleyoga.com at this environment on Kinsta", "add a domain without the wildcard",
      "connect the client's new domain to their Kinsta site", "add www.sunsetcafe.com to production",
      "hook up the domain on kinsta", "add a custom domain to the environment",
      "we bought lakeviewvet.com, plug it into the kinsta site",
      "register shop.bloomco.com on the florist's kinsta production",
      "my new web address needs to work with my website, can you set that up on the host",
      "add a hostname to kinsta staging, no wildcard", "map the client's vanity domain onto the kinsta install",
      "we're changing domain names, so put the new one on the kinsta site first",
      "add www.bakery.com to the bakery live environment on kinsta",
      "add www.bluecrabcatering.com to their live site", "add www.newbrand.com to the production site",
      "attach shopkelly.co to the staging environment",
    ],
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
    asks: [
      "remove the old domain from the Kinsta site", "detach oldbakery.com from live",
      "take these domains off the environment", "drop the temp domain from kinsta",
      "the client let the domain expire, remove it from the site", "unlink domains 12 and 13",
      "delete the extra domain from staging", "get rid of the parked domain on this env",
      "lakeviewvet-old.com shouldn't be on the kinsta site anymore, take it off",
      "strip the temporary hostnames from production",
      "we sold the second domain, detach it from my website at the host",
      "clean up unused web addresses on kinsta staging, ids 31 and 32",
      "unassign the expired domain on kinsta, confirmed", "kinsta still has the promo domain attached — remove it",
      "remove the domain from the kinsta live environment",
      "remove www.oldname.com from the live domains on the Nova Pilates site",
      "staging for cobaltroofing still has a leftover hostname attached, detach it",
    ],
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
    asks: [
      "make bakery.com the primary domain on Kinsta", "switch the main domain to www",
      "set the new domain as primary and run search and replace", "change which domain the site uses as primary",
      "primary domain should be mapleyoga.com not the kinsta.cloud url", "rebrand: set the new domain as main",
      "make this domain the default for the live env", "promote the domain to primary",
      "lakeviewvet.com should be the address the kinsta site answers on, not the temp url",
      "we want people to land on the www version, make it the canonical domain",
      "after the rebrand, make the new domain the site's main address and update links",
      "domain id 19 → primary on live", "which domain is the main one on kinsta? change it to the .co.uk",
      "set main hostname for staging at kinsta without running search-replace",
      "make bakery.com the main domain instead of the temporary kinsta one",
      "shop.northwindgear.com should be the main address now, not northwind-gear.hostedby.net",
      "make www.newbrand.com the main domain instead of the old one",
      "set primary domain on staging to staging.hollis.co",
    ],
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
