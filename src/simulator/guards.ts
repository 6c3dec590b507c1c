/** Access checks shared by the route modules, with the real server's error codes (docs/api/NOTES.md §3, §12). */
import { WpError, type Router, type SimRequest } from "./router.js";
import {
  canAccessAccount,
  canAccessDomain,
  canAccessSite,
  findEnvironment,
  isAdmin,
  type SimAccount,
  type SimDomain,
  type SimEnvironment,
  type SimSite,
} from "./state.js";

/** Site access; unknown ids fail the same way as foreign ones (access is checked before existence). */
export function requireSite(req: SimRequest, value: unknown = req.params.site_id, code = "token_invalid"): SimSite {
  const id = Number(value);
  if (!Number.isInteger(id) || !canAccessSite(req.state, req.user, id)) {
    throw code === "token_invalid"
      ? new WpError("token_invalid", "Invalid Token", 403)
      : new WpError("permission_denied", "Permission denied.", 403);
  }
  return req.state.sites.find((s) => s.site_id === id)!;
}

export function requireDomain(req: SimRequest, value: unknown = req.params.domain_id): SimDomain {
  const id = Number(value);
  if (!Number.isInteger(id) || !canAccessDomain(req.state, req.user, id)) {
    throw new WpError("token_invalid", "Invalid Token", 403);
  }
  return req.state.domains.find((d) => d.domain_id === id)!;
}

export function requireAccount(req: SimRequest, value: unknown = req.params.account_id): SimAccount {
  const id = Number(value);
  if (!Number.isInteger(id) || !canAccessAccount(req.state, req.user, id)) {
    throw new WpError("permission_denied", "Permission denied.", 403);
  }
  const account = req.state.accounts.find((a) => a.account_id === id);
  if (!account) throw phpFatal("unknown account");
  return account;
}

/** A PHP fatal in the plugin: the simulator answers WordPress's exact JSON fatal body (HTTP 500), as recorded. */
export function phpFatal(why: string): Error {
  return new Error(`PHP fatal: ${why}`);
}

/** Admin checks made inside callbacks (the gate itself is only "logged in"). */
export function requireAdmin(req: SimRequest, code = "permission_denied", message = "Permission denied."): void {
  if (!isAdmin(req.user)) throw new WpError(code, message, 403);
}

export function missing(name: string): WpError {
  return new WpError(`missing_${name}`, `Missing required parameter: ${name}`, 400);
}

/** The path pattern of {environment}: a name such as production or staging. */
export const ENVIRONMENT_PATTERN = { environment: "[a-zA-Z0-9-]+" };

type EnvironmentLookup = (req: SimRequest, site: SimSite) => SimEnvironment | undefined;

const pathEnvironment: EnvironmentLookup = (req, site) => findEnvironment(req.state, site.site_id, req.params.environment!);

/**
 * A "login" route under /site(s)/{site_id}/{environment}: the handler gets the site (403 when the user cannot see it)
 * and the environment (undefined when the site has none of that name), found by `environment` (default: the path's
 * name as given).
 */
export function environmentRoute(
  router: Router,
  method: "get" | "post",
  path: string,
  handler: (req: SimRequest, site: SimSite, env: SimEnvironment | undefined) => unknown,
  opts: { environment?: EnvironmentLookup; patterns?: Record<string, string> } = {},
): void {
  const environmentOf = opts.environment ?? pathEnvironment;
  router[method](path, "login", (req) => {
    const site = requireSite(req);
    return handler(req, site, environmentOf(req, site));
  }, opts.patterns ?? ENVIRONMENT_PATTERN);
}
