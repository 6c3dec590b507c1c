/**
 * Simulated CaptainCore routes for the stats toolset: Fathom stats (GET and the POST analytics variant), sharing,
 * tracking codes, timeline, usage breakdown, server logs and uptime monitoring.
 */
import { ENVIRONMENT_PATTERN, environmentRoute, requireSite } from "../guards.js";
import { RawAnswer, WpError, type Router, type SimRequest } from "../router.js";
import { seededPerId, siteEnvironments, type SimEnvironment, type SimSite, type SimState } from "../state.js";
import { envOf, taskToken } from "./sites.js";

interface FathomCode {
  domain: string;
  code: string;
}

/** Fathom codes per environment id: production environments of odd site ids have one. */
export function fathomCodes(state: SimState, env: SimEnvironment): FathomCode[] {
  return seededPerId(state, "fathom_codes", env.environment_id, (): FathomCode[] =>
    env.environment === "Production" && env.site_id % 2 === 1 ? [{ domain: env.home_url.replace(/^https?:\/\//, ""), code: `FATH${env.site_id}X` }] : [],
  );
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

function formatDate(d: Date, grouping: string): string {
  const M = MONTHS[d.getUTCMonth()]!;
  const day = pad(d.getUTCDate());
  const Y = d.getUTCFullYear();
  if (grouping === "hour") {
    const h = d.getUTCHours();
    return `${M} ${day} ${Y} ${h % 12 || 12}${h < 12 ? "am" : "pm"}`;
  }
  if (grouping === "day") return `${M} ${day} ${Y}`;
  if (grouping === "year") return String(Y);
  return `${M} ${Y}`;
}

function step(d: Date, grouping: string): Date {
  const n = new Date(d);
  if (grouping === "hour") n.setUTCHours(n.getUTCHours() + 1);
  else if (grouping === "day") n.setUTCDate(n.getUTCDate() + 1);
  else if (grouping === "year") n.setUTCFullYear(n.getUTCFullYear() + 1);
  else n.setUTCMonth(n.getUTCMonth() + 1);
  return n;
}

/** The shared body of GET /sites/{id}/stats and POST /site/{id}/analytics. */
function fathomStats(req: SimRequest) {
  const site = requireSite(req, req.params.site_id, "permission_denied");
  const envName = req.param("environment");
  const env = envName ? envOf(req, site, String(envName)) : undefined;
  if (!env) return new RawAnswer(200, "", { "content-type": "application/json; charset=UTF-8" }); // the real plugin sends an empty body
  const codes = fathomCodes(req.state, env);
  const wanted = req.param("fathom_id") ? String(req.param("fathom_id")) : codes[0]?.code;
  if (!codes.length || !wanted) return { Error: "There was a problem retrieving stats." };
  const to = req.param("to_at") ? new Date(`${req.param("to_at")}T00:00:00Z`) : new Date("2026-11-28T00:00:00Z");
  const from = req.param("from_at") ? new Date(`${req.param("from_at")}T00:00:00Z`) : new Date(Date.UTC(to.getUTCFullYear() - 1, to.getUTCMonth(), to.getUTCDate()));
  const grouping = String(req.param("grouping") ?? "month").toLowerCase();
  const items: Record<string, unknown>[] = [];
  let pageviews = 0;
  let visits = 0;
  for (let d = from, i = 0; d <= to && items.length < 20_000; d = step(d, grouping), i++) {
    const v = 20 + ((site.site_id * 7 + i * 13) % 50);
    visits += v;
    pageviews += v * 2 + 5;
    items.push({ visits: String(v), pageviews: String(v * 2 + 5), avg_duration: (40 + (i % 30)).toFixed(1), bounce_rate: 0.5, date: formatDate(d, grouping) });
  }
  const sharing = req.state.ext("fathom_sharing", () => new Map<string, string>()).get(wanted) ?? "none";
  return {
    fathom_id: wanted,
    site: { id: wanted, object: "site", name: site.name, sharing },
    summary: { pageviews, visits, bounce_rate: 0.52, avg_duration: 63.4 },
    items,
  };
}

function timeline(state: SimState, site: SimSite) {
  return seededPerId(state, "site_timeline", site.site_id, (): Record<string, unknown>[] =>
    Array.from({ length: 25 }, (_, i) => ({
      process_log_id: String(site.site_id * 100 + 25 - i),
      process_id: String(1 + (i % 3)),
      user_id: "1",
      description: `<p>Updated plugins (${25 - i})</p>`,
      description_raw: `Updated plugins (${25 - i})`,
      public: "1",
      status: "completed",
      created_at: 1795000000 - i * 86400,
      updated_at: "2026-11-28 09:00:00",
      completed_at: "2026-11-28 09:00:00",
      name: ["Maintenance", "Security check", "Performance"][i % 3],
      author: "Ada Admin",
      author_avatar: "https://www.gravatar.com/avatar/0?s=80&d=mp",
      files: [],
    })),
  );
}

const LOG_ENV = /^(production|staging)$/i;

function logEnvironment(req: SimRequest): { site: SimSite; env: SimEnvironment } {
  const site = requireSite(req);
  const name = req.params.environment!;
  if (!LOG_ENV.test(name)) throw new WpError("invalid_environment", "Invalid environment.", 400);
  const env = envOf(req, site, name);
  if (!env) throw new WpError("invalid_environment", "Invalid environment.", 400);
  return { site, env };
}

function logFiles(env: SimEnvironment) {
  const home = env.home_directory.replace(/\/public$/, "");
  return [
    { name: "error_log", path: `${env.home_directory}/error_log`, created_at: 1794000000, modified_at: 1795000000, size: 312000 },
    { name: "~/logs/nginx-error.log", path: `${home}/logs/nginx-error.log`, created_at: 1794000000, modified_at: 1795000000, size: 20480 },
  ];
}

/** 3,000 lines of PHP error log for error_log; a short nginx log; "" for anything else. */
function logText(env: SimEnvironment, file: string): string {
  const [errorLog, nginx] = logFiles(env);
  if (file === errorLog!.path) {
    return Array.from({ length: 3000 }, (_, i) => {
      const kind = i % 50 === 7 ? "PHP Fatal error:  Uncaught Error: Call to undefined function wc_get_order()" : i % 3 ? "PHP Notice:  Undefined index: page" : "PHP Warning:  Cannot modify header information";
      return `[28-Nov-2026 ${pad(Math.floor(i / 120) % 24)}:${pad(Math.floor(i / 2) % 60)}:${pad(i % 60)} UTC] ${kind} in /www/wp-content/plugins/x/x.php on line ${i + 1}`;
    }).join("\n") + "\n";
  }
  if (file === nginx!.path) return "2026/11/28 08:00:00 [error] 12#12: *1 upstream timed out\n";
  return "";
}

export function register(router: Router): void {

  router.get("/sites/{site_id}/stats", "login", fathomStats);
  router.post("/site/{site_id}/analytics", "login", fathomStats);

  // Always {success:true}; a fathom_id that is not one of the site's codes is ignored silently.
  router.post("/sites/{site_id}/stats/share", "login", (req) => {
    const site = requireSite(req, req.params.site_id, "permission_denied");
    const id = String(req.param("fathom_id") ?? "");
    const sharing = String(req.param("sharing") ?? "none");
    const mine = siteEnvironments(req.state, site.site_id).flatMap((e) => fathomCodes(req.state, e).map((c) => c.code));
    if (mine.includes(id) && ["none", "private", "public"].includes(sharing)) {
      req.state.ext("fathom_sharing", () => new Map<string, string>()).set(id, sharing);
    }
    return { success: true };
  });

  // Saves the codes, then answers a queued "stats-deploy" task token (bare string).
  router.put("/sites/{site_id}/fathom", "admin", (req) => {
    const site = req.state.sites.find((s) => s.site_id === Number(req.params.site_id));
    if (!site) throw new WpError("token_invalid", "Invalid Token", 403);
    const env = envOf(req, site);
    if (!env) throw new WpError("invalid_environment", "Invalid environment.", 400);
    const value = (req.param("value") ?? {}) as { fathom?: FathomCode[] };
    fathomCodes(req.state, env).splice(0, Infinity, ...(Array.isArray(value.fathom) ? value.fathom : []));
    return taskToken(site.site);
  });

  router.get("/sites/{site_id}/timeline", "login", (req) => timeline(req.state, requireSite(req, req.params.site_id, "permission_denied")));

  router.get("/sites/{site_id}/usage-breakdown", "login", (req) => {
    const site = requireSite(req, req.params.site_id, "permission_denied");
    const sites = req.state.sites.filter((s) => s.account_id === site.account_id && s.status === "active");
    const storage = sites.reduce((sum, s) => sum + Number(s.storage), 0);
    const visits = sites.reduce((sum, s) => sum + s.visits, 0);
    return {
      sites: sites.map((s) => ({ site_id: String(s.site_id), name: s.name, storage: Number(s.storage), visits: s.visits })),
      maintenance_sites: [],
      total: [
        `${Math.round((storage / 10e9) * 100)}% storage<br /><strong>${(storage / 1e9).toFixed(1)}GB/10GB</strong>`,
        `${Math.round((visits / 500000) * 100)}% traffic<br /><strong>${visits.toLocaleString("en-US")}</strong> <small>Yearly Estimate</small>`,
      ],
    };
  });

  router.get("/sites/{site_id}/{environment}/logs", "login", (req) => ({ debugger: false, files: logFiles(logEnvironment(req).env) }), ENVIRONMENT_PATTERN);

  // JSON body: file must be an absolute path of [A-Za-z0-9._/-]; limit lines from the end (default 1000).
  router.post(
    "/sites/{site_id}/{environment}/logs/fetch",
    "login",
    (req) => {
      const { env } = logEnvironment(req);
      const file = String(req.body.file ?? "");
      if (!/^[A-Za-z0-9._/-]+$/.test(file)) throw new WpError("invalid_file", "Invalid file.", 400);
      const limit = Number(req.body.limit ?? 1000) || 1000;
      const lines = logText(env, file).split("\n").filter(Boolean);
      return lines.slice(-limit).join("\n");
    },
    ENVIRONMENT_PATTERN,
  );

  // Success body is null; fires a background site sync.
  environmentRoute(router, "post", "/sites/{site_id}/{environment}/monitor", (req, _site, env) => {
    if (!env) throw new WpError("invalid_environment", "Invalid environment.", 400);
    const monitor = req.param("monitor");
    env.monitor_enabled = monitor === true || monitor === 1 || monitor === "1" || monitor === "true" ? 1 : 0;
    return null;
  }, { environment: envOf });
}
