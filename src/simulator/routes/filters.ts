/**
 * Simulated CaptainCore routes for filters (endpoints.json): versions/statuses of plugins and themes across the
 * caller's active sites (every environment), POST /filters/sites (a POST that only reads, JSON body only) and the
 * broken legacy POST /filters, which always ends in a PHP fatal (HTTP 500) on the real server.
 */
import type { Router, SimRequest } from "../router.js";
import { siteEnvironments, visibleSites, type Component, type SimEnvironment, type SimSite } from "../state.js";
import type { Row } from "../../operations/render.js";
import { compareVersions } from "../../versions.js";


function environmentsOf(req: SimRequest): { site: SimSite; env: SimEnvironment }[] {
  return visibleSites(req.state, req.user).flatMap((site) => siteEnvironments(req.state, site.site_id).map((env) => ({ site, env })));
}

/** `name` is a comma list; the route regex allows [a-zA-Z0-9-,|_%] and "%20" becomes a space. */
function names(req: SimRequest): string[] {
  return String(req.params.name ?? "")
    .replace(/%20/g, " ")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function tally(req: SimRequest, field: "version" | "status") {
  const out: Row[] = [];
  const envs = environmentsOf(req);
  for (const slug of names(req)) {
    for (const type of ["plugins", "themes"] as const) {
      const counts = new Map<string, number>();
      for (const { env } of envs) {
        for (const c of env[type]) if (c.name === slug) counts.set(c[field], (counts.get(c[field]) ?? 0) + 1);
      }
      if (!counts.size) continue;
      const values = [...counts.entries()].map(([name, count]) => ({ name, slug, type, count }));
      values.sort((a, b) => (field === "version" ? compareVersions(a.name, b.name) : a.name.localeCompare(b.name)));
      out.push({ name: slug, [field === "version" ? "versions" : "statuses"]: values });
    }
  }
  return out;
}

const list = (v: unknown): Row[] => (Array.isArray(v) ? (v as Row[]) : []);
const isOr = (v: unknown) => typeof v === "string" && v.toUpperCase() === "OR";

function combine(results: boolean[], or: boolean): boolean {
  return or ? results.some(Boolean) : results.every(Boolean);
}

function has(env: SimEnvironment, type: unknown, slug: unknown): Component | undefined {
  const components = type === "themes" ? env.themes : type === "plugins" ? env.plugins : undefined;
  return components?.find((c) => c.name === slug);
}

export function register(router: Router): void {
  const namePattern = { name: "[a-zA-Z0-9-,|_%]+" };
  router.get("/filters/{name}/versions", "login", (req) => tally(req, "version"), namePattern);
  router.get("/filters/{name}/statuses", "login", (req) => tally(req, "status"), namePattern);

  // The callback calls Environments::filters_for_themes(), which does not exist: a PHP fatal every time.
  router.post("/filters", "login", () => {
    throw new Error("Call to undefined method CaptainCore\\Environments::filters_for_themes()");
  });

  // get_json_params(): only a JSON body counts.
  router.post("/filters/sites", "login", (req) => {
    const b = req.body;
    const components = [
      ...list(b.plugins).map((p) => ({ type: "plugins", name: p.name })),
      ...list(b.themes).map((t) => ({ type: "themes", name: t.name })),
    ];
    const versions = list(b.versions).filter((v) => v.slug && (v.type === "plugins" || v.type === "themes"));
    const statuses = list(b.statuses).filter((v) => v.slug && (v.type === "plugins" || v.type === "themes"));
    const core = Array.isArray(b.core) ? b.core.map(String) : typeof b.core === "string" && b.core ? [b.core] : [];
    const php = Array.isArray(b.php) ? b.php.map(String) : [];
    const backupMode = typeof b.backup_mode === "string" ? b.backup_mode : "";
    const results: Row[] = [];
    const sites = [...visibleSites(req.state, req.user)].sort((x, y) => x.name.localeCompare(y.name));
    for (const site of sites) {
      for (const env of siteEnvironments(req.state, site.site_id)) {
        if (components.length && !combine(components.map((c) => !!has(env, c.type, c.name)), isOr(b.logic))) continue;
        if (versions.length) {
          const hit = combine(versions.map((v) => has(env, v.type, v.slug)?.version === String(v.name)), isOr(b.version_logic));
          if (b.version_mode === "exclude" ? hit : !hit) continue;
        }
        if (statuses.length) {
          const hit = combine(statuses.map((v) => has(env, v.type, v.slug)?.status === String(v.name)), isOr(b.status_logic));
          if (b.status_mode === "exclude" ? hit : !hit) continue;
        }
        if (core.length && !core.includes(env.core)) continue;
        if (php.length && !php.some((p: string) => env.php_version === p || env.php_version.startsWith(`${p}.`))) continue;
        if (backupMode && site.backup_settings.mode !== backupMode) continue;
        results.push({ site_id: String(site.site_id), environment_id: String(env.environment_id) });
      }
    }
    return { results };
  });
}
