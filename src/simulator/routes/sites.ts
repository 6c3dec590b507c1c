/** Simulated CaptainCore routes for the sites toolset. */
import { requireSite } from "../guards.js";
import { WpError, type Router } from "../router.js";
import { meShape, siteDetails, siteFull, siteListRow, environmentShape } from "../shapes.js";
import { canAccessSite, siteEnvironments, visibleSites } from "../state.js";

export function register(router: Router): void {
  router.get("/sites", "login", (req) => visibleSites(req.state, req.user).map((site) => siteListRow(req.state, site)));

  // Really /sites/(?P<site>[a-zA-Z0-9-]+): a numeric id or a slug, optionally suffixed -<environment>.
  router.get(
    "/sites/{site_id}",
    "login",
    (req) => {
      const key = req.params.site_id!;
      const site = /^\d+$/.test(key)
        ? req.state.sites.find((s) => s.site_id === Number(key))
        : req.state.sites.find((s) => s.site === key.toLowerCase().replace(/-(production|staging)$/, ""));
      if (!site || !canAccessSite(req.state, req.user, site.site_id)) throw new WpError("token_invalid", "Invalid Token", 403);
      return siteFull(req.state, site);
    },
    { site_id: "[a-zA-Z0-9-]+" },
  );

  router.get("/sites/{site_id}/details", "login", (req) => {
    const site = requireSite(req, req.params.site_id, "permission_denied");
    return siteDetails(req.state, site);
  });

  router.get("/sites/{site_id}/environments", "login", (req) => {
    const site = requireSite(req);
    return siteEnvironments(req.state, site.site_id).map(environmentShape);
  });

  // POST that only reads: unknown or foreign ids are skipped silently.
  router.post("/sites/fetch", "login", (req) => {
    const ids = req.param("post_ids");
    if (!Array.isArray(ids)) throw new WpError("missing_post_ids", "post_ids must be an array of site ids.", 400);
    return ids
      .map(Number)
      .filter((id) => canAccessSite(req.state, req.user, id))
      .map((id) => siteListRow(req.state, req.state.sites.find((s) => s.site_id === id)!));
  });

  router.get("/me", "login", (req) => meShape(req.user));
}
