/** Simulated CaptainCore routes for the backups toolset: restic backups, snapshots, captures, data sync. */
import { createHash, randomBytes } from "node:crypto";
import { ENVIRONMENT_PATTERN, environmentRoute, requireSite } from "../guards.js";
import { RawAnswer, WpError, type Router, type SimRequest } from "../router.js";
import { s } from "../shapes.js";
import { seededPerId, type SimEnvironment, type SimSite, type SimState } from "../state.js";
import { jobToken, queueTask } from "./jobs.js";
import type { PageLook } from "../captures-images.js";
import { lookOf } from "../captures-looks.js";
import { captureStorage, type CaptureStorage } from "../captures-storage.js";

function hexOf(seed: string, len: number): string {
  let out = "";
  for (let i = 0; out.length < len; i++) out += createHash("sha256").update(`${seed}:${i}`).digest("hex");
  return out.slice(0, len);
}

const DAY = 86_400_000;
const LATEST = Date.UTC(2026, 10, 28, 8, 0); // 2026-11-28 03:00 -05:00

// ---------- restic backups ----------

export interface SimBackup {
  id: string;
  short_id: string;
  time: string;
}

/** Backups of one environment, newest first; site 1 production has many (to exercise paging). */
export function backupsOf(state: SimState, env: SimEnvironment): SimBackup[] {
  return seededPerId(state, "backups", env.environment_id, () => {
    const count = env.environment_id === 1 ? 45 : env.environment === "Staging" ? 3 : 6;
    return Array.from({ length: count }, (_, i): SimBackup => {
      const id = hexOf(`backup-${env.environment_id}-${i}`, 64);
      const t = new Date(LATEST - i * DAY - 5 * 3_600_000).toISOString().replace("Z", "").replace(/\.\d+$/, "");
      return { id, short_id: id.slice(0, 8), time: `${t}.123456789-05:00` };
    });
  });
}

/** Files inside every simulated backup: one with secrets, one binary, one large, one small. */
export function backupFiles(env: SimEnvironment): Record<string, string | Buffer> {
  return {
    "wp-config.php": [
      "<?php",
      `define( 'DB_NAME', '${env.database_username}' );`,
      `define( 'DB_USER', '${env.database_username}' );`,
      `define( 'DB_PASSWORD', '${env.database_password}' );`,
      "define( 'DB_HOST', 'localhost' );",
      `define( 'AUTH_KEY', '${hexOf(`auth-${env.environment_id}`, 40)}' );`,
      "$table_prefix = 'wp_';",
      "require_once ABSPATH . 'wp-settings.php';",
    ].join("\n"),
    "index.php": "<?php\ndefine( 'WP_USE_THEMES', true );\nrequire __DIR__ . '/wp-blog-header.php';\n",
    "wp-content/debug.log": Array.from({ length: 400 }, (_, i) => `[27-Nov-2026 0${i % 10}:00:00 UTC] PHP Notice: Undefined index: item_${i} in /www/wp-content/plugins/example/example.php on line ${i}`).join("\n"),
    "wp-content/uploads/logo.png": Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(2000, 0)]),
  };
}

function decodeFileParam(value: string): string {
  const clean = value.replace(/^\/+/, "");
  if (/^[A-Za-z0-9_-]+={0,2}$/.test(value)) {
    const decoded = Buffer.from(value, "base64url").toString("utf8");
    if (/^[\x20-\x7e]+$/.test(decoded) && decoded.includes(".")) return decoded.replace(/^\/+/, "");
  }
  return clean;
}

// ---------- snapshots ----------

export interface SimSnapshot {
  snapshot_id: number;
  site_id: number;
  environment_id: number;
  created_at: number;
  snapshot_name: string;
  storage: string;
  email: string;
  notes: string;
  expires_at: string | null;
  token: string | null;
  user_id: number;
}

export function snapshotsTable(state: SimState): SimSnapshot[] {
  return state.ext<SimSnapshot[]>("snapshots", () => {
    const rows: SimSnapshot[] = [];
    let next = 55;
    for (const site of state.sites) {
      for (const env of state.environments.filter((e) => e.site_id === site.site_id)) {
        const count = env.environment === "Production" ? 2 : 1;
        for (let i = 0; i < count; i++) {
          const when = LATEST - (i * 7 + (env.environment === "Staging" ? 3 : 0)) * DAY;
          const day = new Date(when).toISOString().slice(0, 10);
          rows.push({
            snapshot_id: next++,
            site_id: site.site_id,
            environment_id: env.environment_id,
            created_at: when / 1000,
            snapshot_name: `${site.site}-${env.environment.toLowerCase()}-${day}`,
            storage: String(400_000_000 + site.site_id * 1_000_000 + i),
            email: i === 0 ? "ccadmin@example.test" : "",
            notes: i === 0 ? "Before plugin updates" : "",
            expires_at: null,
            token: null,
            user_id: i === 0 ? 1 : 0,
          });
        }
      }
    }
    return rows;
  });
}

function snapshotShape(state: SimState, snap: SimSnapshot) {
  const user = state.users.find((u) => u.user_id === snap.user_id);
  return {
    snapshot_id: s(snap.snapshot_id),
    site_id: s(snap.site_id),
    environment_id: s(snap.environment_id),
    created_at: snap.created_at,
    snapshot_name: snap.snapshot_name,
    storage: snap.storage,
    email: snap.email,
    notes: snap.notes,
    expires_at: snap.expires_at,
    token: snap.token,
    user: { user_id: s(snap.user_id), name: user ? `${user.first_name} ${user.last_name}` : "System" },
  };
}

function localTime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").slice(0, 19);
}

// ---------- captures ----------

export interface SimCapture {
  capture_id: number;
  site_id: number;
  environment_id: number;
  created_at: string;
  git_commit: string;
  pages: string[];
  /** How the site looked when captured. */
  look: PageLook;
}

export interface CaptureConfig {
  pages: { page: string }[];
  auth?: { username: string; password: string };
}

export function captureConfigs(state: SimState): Map<number, CaptureConfig> {
  return state.ext("capture_configs", () => new Map<number, CaptureConfig>());
}

export function capturesOf(state: SimState, env: SimEnvironment): SimCapture[] {
  return seededPerId(state, "captures", env.environment_id, () => {
    const count = env.environment === "Production" ? 3 : 1;
    return Array.from({ length: count }, (_, i): SimCapture => ({
      capture_id: 300 + env.environment_id * 10 + i,
      site_id: env.site_id,
      environment_id: env.environment_id,
      created_at: localTime(LATEST - (i * 7 + 1) * DAY - 5 * 3_600_000),
      git_commit: hexOf(`capture-${env.environment_id}-${i}`, 7),
      pages: i === 0 ? ["/", "/about", "/contact"] : ["/"],
      look: "normal",
    }));
  });
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function friendly(local: string): string {
  const d = new Date(`${local.replace(" ", "T")}Z`);
  const n = d.getUTCDate();
  const suffix = n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th";
  const h = d.getUTCHours();
  return `${DAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${n}${suffix} ${d.getUTCFullYear()} ${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, "0")} ${h < 12 ? "am" : "pm"}`;
}

/**
 * Image URLs carry the environment name from the path verbatim (docs/api/NOTES.md §5); they point at the simulator's storage
 * host, which serves exactly these.
 */
function captureShape(storage: CaptureStorage, site: SimSite, envName: string, c: SimCapture) {
  const folder = `/${site.site}_${site.site_id}/${envName}/captures/`;
  const base = `${storage.origin}${folder}`;
  const stamp = `${c.created_at.slice(0, 10)}-${c.created_at.slice(11, 13)}${c.created_at.slice(14, 16)}`;
  return {
    capture_id: s(c.capture_id),
    site_id: s(c.site_id),
    environment_id: s(c.environment_id),
    created_at: c.created_at,
    git_commit: c.git_commit,
    pages: c.pages.map((page) => {
      const image = `${stamp}_${page === "/" ? "home" : page.replace(/^\//, "").replace(/[^a-z0-9]+/gi, "-")}.jpg`;
      const spec = { site: site.site, environment: envName, page, look: c.look };
      return { page, image, image_url: storage.issue(`${folder}${image}`, spec) };
    }),
    created_at_friendly: friendly(c.created_at),
    image_base_url: base,
  };
}

// ---------- shared ----------

/** Background CLI commands the simulated plugin fired, for tests. */
export function cliLog(state: SimState): string[] {
  return state.ext<string[]>("backups_cli", () => []);
}

export interface SyncTask {
  token: string;
  user_id: number;
  command: string;
  status: "queued";
}

export function syncTasks(state: SimState): SyncTask[] {
  return state.ext<SyncTask[]>("sync_tasks", () => []);
}

export function register(router: Router): void {
  // CLI `backup list <site_id>-<env>` (env passed verbatim; the Go CLI matches it case-insensitively).
  environmentRoute(router, "get", "/site/{site_id}/{environment}/backups", (req, site, env) => {
    if (!env) return [];
    return backupsOf(req.state, env).map((b) => ({
      ...b,
      tree: [],
      paths: [`/home/captaincore/.captaincore/sites/${site.site}_${site.site_id}/${env.environment.toLowerCase()}/backup`],
      hostname: "captaincore",
      username: "captaincore",
      loading: true,
      omitted: false,
      files: [],
      active: [],
      preview: "",
    }));
  });

  environmentRoute(router, "get", "/sites/{site_id}/{environment}/backups/{backup_id}", (req, site, env) => {
    const backup = env && backupsOf(req.state, env).find((b) => b.id === req.params.backup_id || b.short_id === req.params.backup_id);
    const file = req.query.file;
    if (typeof file === "string" && file !== "") {
      // Raw bytes streamed from the CLI; the plugin sets no content type.
      if (!env || !backup) return new RawAnswer(200, `Fatal: no matching ID found for prefix "${req.params.backup_id}"\n`);
      const content = backupFiles(env)[decodeFileParam(file)];
      if (content === undefined) return new RawAnswer(200, `Fatal: cannot dump file: path "/${decodeFileParam(file)}" not found in snapshot\n`);
      return new RawAnswer(200, content);
    }
    if (!env || !backup) return [];
    return `https://storage.example.test/backups/${site.site}_${site.site_id}/${env.environment.toLowerCase()}/${backup.short_id}/tree.json?sig=${hexOf(backup.id, 24)}`;
  }, { patterns: { ...ENVIRONMENT_PATTERN, backup_id: "[a-zA-Z0-9-]+" } });

  router.post("/sites/{site_id}/backup", "login", (req) => {
    const site = requireSite(req);
    const settings = req.param("settings");
    if (!settings || typeof settings !== "object" || Array.isArray(settings)) {
      throw new WpError("missing_settings", "Missing backup settings.", 400);
    }
    const next = settings as Record<string, unknown>;
    site.backup_settings = {
      mode: String(next.mode ?? ""),
      interval: String(next.interval ?? ""),
      active: next.active === true || next.active === "true" || next.active === 1,
    };
    cliLog(req.state).push(`site sync ${site.site_id}`);
    return site.backup_settings;
  });

  router.get("/site/{site_id}/snapshots", "login", (req) => {
    const site = requireSite(req);
    const out: Record<string, unknown[]> = {};
    for (const env of req.state.environments.filter((e) => e.site_id === site.site_id)) {
      out[env.environment] = snapshotsTable(req.state)
        .filter((x) => x.environment_id === env.environment_id)
        .sort((a, b) => b.created_at - a.created_at)
        .map((x) => snapshotShape(req.state, x));
    }
    return out;
  });

  router.get("/sites/{site_id}/snapshot-link/{snapshot_id}", "login", (req) => {
    const site = requireSite(req, req.params.site_id, "permission_denied");
    const snap = snapshotsTable(req.state).find((x) => x.snapshot_id === Number(req.params.snapshot_id));
    if (!snap || snap.site_id !== site.site_id) throw new WpError("not_found", "Snapshot not found.", 404);
    snap.token = randomBytes(16).toString("hex");
    snap.expires_at = localTime(LATEST + DAY);
    return { token: snap.token, expires_at: snap.expires_at };
  });

  // Public: the token is the credential. expires_at is not checked (docs/api/NOTES.md §10).
  router.get(
    "/site/{site_id}/snapshots/{snapshot_id}-{token}/{snapshot_name}",
    "public",
    (req) => {
      const snap = snapshotsTable(req.state).find((x) => x.snapshot_id === Number(req.params.snapshot_id));
      if (
        !snap ||
        snap.site_id !== Number(req.params.site_id) ||
        !snap.token ||
        snap.token !== req.params.token ||
        snap.snapshot_name !== req.params.snapshot_name
      ) {
        throw new WpError("token_invalid", "Invalid Token", 403);
      }
      const site = req.state.sites.find((x) => x.site_id === snap.site_id)!;
      const location = `https://s3.example.test/captaincore-snapshots/${site.site}_${site.site_id}/${snap.snapshot_name}.zip?X-Amz-Expires=3600&X-Amz-Signature=${hexOf(snap.token, 32)}`;
      return new RawAnswer(302, "", { location });
    },
    { token: "[a-zA-Z0-9-]+", snapshot_name: "[a-zA-Z0-9-]+" },
  );

  environmentRoute(router, "get", "/site/{site_id}/{environment}/captures", async (req, site, env) => {
    if (!env) return [];
    const storage = await captureStorage(req.state).ready();
    return capturesOf(req.state, env).map((c) => captureShape(storage, site, req.params.environment!, c));
  });

  // State-changing GET: fires `capture <site_id>-<env>` in the background and answers the path's site id.
  environmentRoute(router, "get", "/sites/{site_id}/{environment}/captures/new", (req, site, env) => {
    cliLog(req.state).push(`capture ${site.site_id}-${req.params.environment!.toLowerCase()}`);
    if (env) {
      const pages = captureConfigs(req.state).get(env.environment_id)?.pages.map((p) => p.page) ?? ["/"];
      const list = capturesOf(req.state, env);
      const captureId = req.state.nextId("captures");
      list.unshift({
        capture_id: captureId,
        site_id: site.site_id,
        environment_id: env.environment_id,
        // A minute apart, so that each capture has its own image names.
        created_at: localTime(Date.UTC(2026, 10, 28, 9, 0) + (captureId - 1000) * 60_000),
        git_commit: hexOf(`capture-new-${list.length}`, 7),
        pages,
        look: lookOf(req.state, env),
      });
    }
    return req.params.site_id;
  });

  environmentRoute(router, "post", "/sites/{site_id}/{environment}/captures", async (req, site, env) => {
    const pages = req.param("pages");
    if (!env) return [];
    const list = (Array.isArray(pages) ? pages : []).map((p) => {
      const page = String((p as Record<string, unknown>)?.page ?? "");
      return { page: page.startsWith("/") ? page : `/${page}` };
    });
    const config: CaptureConfig = { pages: list };
    const auth = req.param("auth") as Record<string, unknown> | undefined;
    if (auth && typeof auth === "object") {
      config.auth = { username: String(auth.username ?? ""), password: String(auth.password ?? "") };
      if (config.auth.password) req.state.ext<string[]>("secrets", () => []).push(config.auth.password);
    }
    captureConfigs(req.state).set(env.environment_id, config);
    cliLog(req.state).push(`site sync ${site.site_id}`);
    const storage = await captureStorage(req.state).ready();
    return capturesOf(req.state, env).map((c) => captureShape(storage, site, req.params.environment!, c));
  });

  // State-changing GET: queues `sync-data <slug>-<env>` as a Run::task and answers the bare token. Such tasks
  // only start on a WebSocket "start", so /my-jobs/{token} keeps answering "queued" over REST.
  environmentRoute(router, "get", "/sites/{site_id}/{environment}/sync/data", (req, site) => {
    const token = jobToken();
    const command = `sync-data ${site.site}-${req.params.environment}`;
    syncTasks(req.state).push({ token, user_id: req.user.user_id, command, status: "queued" });
    queueTask(req, { token, command, targets: [`${site.site}-${req.params.environment}`] });
    return token;
  });
}
