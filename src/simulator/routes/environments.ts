/**
 * Simulated CaptainCore routes for the environments toolset: Kinsta push targets and pushes, and the domains of a
 * hosted environment (GET also creates missing verification TXT records in the matching DNS zone).
 */
import { ENVIRONMENT_PATTERN, requireSite } from "../guards.js";
import { RawAnswer, WpError, type Router, type SimRequest } from "../router.js";
import { canAccessSite, seededPerId, type SimEnvironment, type SimSite, type SimState } from "../state.js";
import { envOf, pushTargets, taskToken } from "./sites.js";

export interface HostDomain {
  id: string;
  name: string;
  type: "live" | "staging";
  is_active: boolean;
  verification_records: { type: string; name: string; value: string }[];
}

const json = (status: number, body: unknown) =>
  new RawAnswer(status, JSON.stringify(body), { "content-type": "application/json; charset=UTF-8" });

/** A WP_Error without a status: WordPress answers it with HTTP 500. */
const noStatus = (code: string, message: string) => json(500, { code, message, data: null });

/** Kinsta domains per environment id; the production one starts with the site's domain and www. */
export function hostDomains(state: SimState, env: SimEnvironment): HostDomain[] {
  return seededPerId(state, "host_domains", env.environment_id, () => {
    const host = env.home_url.replace(/^https?:\/\//, "");
    const type = env.environment === "Staging" ? "staging" : "live";
    const list: HostDomain[] = [
      { id: `d${env.environment_id}a`, name: host, type, is_active: true, verification_records: [] },
      { id: `d${env.environment_id}w`, name: `*.${host}`, type, is_active: true, verification_records: [] },
    ];
    if (type === "live") {
      list.push({
        id: `d${env.environment_id}b`,
        name: `www.${host}`,
        type,
        is_active: false,
        verification_records: [{ type: "TXT", name: `_acme-challenge.www.${host}`, value: `verify-${env.environment_id}` }],
      });
    }
    return list;
  });
}

/** The provider class answers not_supported for what it cannot do; a site without a provider has the class '' (recorded). */
const unsupported = (provider: string, method: string) => noStatus("not_supported", `Provider '${provider}' does not support method '${method}'.`);

function kinstaSite(req: SimRequest, code = "permission_denied"): { site: SimSite; env: SimEnvironment } | RawAnswer {
  const site = requireSite(req, req.params.site_id, code);
  if (site.provider !== "kinsta") return unsupported(site.provider, "get_domains");
  const env = envOf(req, site);
  if (!env) return noStatus("kinsta_env_not_found", "Environment not found.");
  return { site, env };
}

/** A "login" route under /sites/{site_id}/{environment} of a Kinsta site: the handler gets the site and environment. */
function kinstaEnvironmentRoute(
  router: Router,
  method: "get" | "post" | "put" | "delete",
  path: string,
  handler: (req: SimRequest, found: { site: SimSite; env: SimEnvironment }) => unknown,
): void {
  router[method](path, "login", (req) => {
    const found = kinstaSite(req);
    return found instanceof RawAnswer ? found : handler(req, found);
  }, ENVIRONMENT_PATTERN);
}

export function register(router: Router): void {

  router.get("/sites/{site_id}/environments/{environment_id}/push-targets", "login", (req) => {
    const site = requireSite(req, req.params.site_id, "permission_denied");
    if (site.provider !== "kinsta") return unsupported(site.provider, "get_push_targets");
    return pushTargets(req, Number(req.params.environment_id));
  });

  // Route args: both ids required integers (rest_missing_callback_param / rest_invalid_param). 202 when accepted.
  router.post("/sites/environments/push", "login", (req) => {
    const names = ["source_environment_id", "target_environment_id"];
    const absent = names.filter((n) => req.param(n) === undefined);
    if (absent.length) {
      throw new WpError("rest_missing_callback_param", `Missing parameter(s): ${absent.join(", ")}`, 400, { params: absent });
    }
    const bad = names.filter((n) => !/^\d+$/.test(String(req.param(n))));
    if (bad.length) {
      throw new WpError("rest_invalid_param", `Invalid parameter(s): ${bad.join(", ")}`, 400, {
        params: Object.fromEntries(bad.map((n) => [n, `${n} is not of type integer.`])),
      });
    }
    const find = (n: string) => req.state.environments.find((e) => e.environment_id === Number(req.param(n)));
    const source = find("source_environment_id");
    if (!source) throw new WpError("invalid_source", "Source environment not found.", 400);
    const target = find("target_environment_id");
    if (!target) throw new WpError("invalid_target", "Target environment not found.", 400);
    for (const env of [source, target]) {
      if (!canAccessSite(req.state, req.user, env.site_id)) throw new WpError("permission_denied", "Permission denied.", 403);
    }
    const sourceSite = req.state.sites.find((s) => s.site_id === source.site_id)!;
    if (sourceSite.provider !== "kinsta") return noStatus("not_supported", "Push is only supported for Kinsta sites.");
    const operation_id = `push-${taskToken("push").slice(0, 8).toLowerCase()}`;
    req.state.ext("pushes", () => [] as { source: number; target: number; operation_id: string }[])
      .push({ source: source.environment_id, target: target.environment_id, operation_id });
    return json(202, { operation_id, message: "Push operation started." });
  });

  // Needs lower-case "production" (Kinsta "live"); "Production" fails with kinsta_env_not_found (HTTP 500).
  kinstaEnvironmentRoute(router, "get", "/sites/{site_id}/{environment}/domains", (req, found) => {
    if (!/^(production|staging)$/.test(req.params.environment!)) return noStatus("kinsta_env_not_found", "Environment not found.");
    const list = hostDomains(req.state, found.env);
    const created = req.state.ext("verification_txt_records", () => [] as { domain: string; name: string }[]);
    for (const d of list) {
      for (const r of d.verification_records) {
        if (!created.some((c) => c.name === r.name)) created.push({ domain: d.name, name: r.name });
      }
    }
    return list.filter((d) => !d.name.startsWith("*."));
  });

  kinstaEnvironmentRoute(router, "post", "/sites/{site_id}/{environment}/domains", (req, found) => {
    const name = String(req.param("domain_name") ?? "").trim().toLowerCase();
    if (!name) throw new WpError("missing_domain", "Domain name is required.", 400);
    const list = hostDomains(req.state, found.env);
    const type = found.env.environment === "Staging" ? "staging" : "live";
    const id = `d${found.env.environment_id}-${list.length}`;
    list.push({ id, name, type, is_active: false, verification_records: [{ type: "TXT", name: `_acme-challenge.${name}`, value: `verify-${id}` }] });
    if (req.param("is_wildcardless") !== true) {
      list.push({ id: `${id}w`, name: `*.${name}`, type, is_active: false, verification_records: [] });
    }
    return json(202, { operation_id: `domains:add-${id}`, message: "Adding domain in progress", status: 202 });
  });

  kinstaEnvironmentRoute(router, "delete", "/sites/{site_id}/{environment}/domains", (req, found) => {
    const ids = req.param("domain_ids");
    if (!Array.isArray(ids) || !ids.length) throw new WpError("missing_domain_ids", "domain_ids is required.", 400);
    const list = hostDomains(req.state, found.env);
    for (let i = list.length - 1; i >= 0; i--) if (ids.includes(list[i]!.id)) list.splice(i, 1);
    return json(202, { operation_id: `domains:remove-${found.env.environment_id}`, message: "Removing domains in progress", status: 202 });
  });

  kinstaEnvironmentRoute(router, "put", "/sites/{site_id}/{environment}/domains/primary", (req, found) => {
    const id = String(req.param("domain_id") ?? "");
    const list = hostDomains(req.state, found.env);
    const domain = list.find((d) => d.id === id);
    if (!domain) return json(404, { code: "kinsta_api_error", message: "Domain not found on the host.", data: { status: 404 } });
    req.state.ext("primary_domains", () => new Map<number, { name: string; search_replace: boolean }>())
      .set(found.env.environment_id, { name: domain.name, search_replace: req.param("run_search_and_replace") !== false });
    found.env.home_url = `https://${domain.name}`;
    return json(202, { operation_id: `domains:primary-${id}`, message: "Changing primary domain in progress", status: 202 });
  });
}
