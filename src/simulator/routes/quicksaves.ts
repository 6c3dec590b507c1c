/**
 * Simulated CaptainCore routes for quicksaves (docs/api/NOTES.md §5, §7.6; endpoints.json). Each environment gets a seeded
 * history of quicksaves (oldest first) that ends in its current plugins/themes/core, with believable version bumps,
 * added/removed plugins, status changes, changed files and HTML-escaped diffs. The CLI quirks are kept: the list
 * matches the environment case-insensitively but `<id>-both` (no environment) matches nothing; get/search normalise
 * to staging|production; show-changes and file-diff only know lower-case names; rollback queues a task that only a
 * WebSocket "start" would run, so its token stays `queued` in /my-jobs.
 */
import { createHash } from "node:crypto";
import { noteRollback } from "../captures-looks.js";
import { requireSite } from "../guards.js";
import type { Router, SimRequest } from "../router.js";
import { findEnvironment, seededPerId, type Component, type SimEnvironment, type SimState } from "../state.js";
import { jobToken, queueTask } from "./jobs.js";

export interface SimQsComponent {
  name: string;
  title: string;
  status: string;
  version: string;
}

export interface SimQsFile {
  code: "M" | "A" | "D";
  path: string;
  /** Unified diff (plain text; escaped when served). */
  diff: string;
}

export interface SimQuicksave {
  hash: string;
  /** Unix seconds. */
  created_at: number;
  core: string;
  plugins: SimQsComponent[];
  themes: SimQsComponent[];
  /** Changes against the previous quicksave. */
  files: SimQsFile[];
}

export interface SimRollback {
  token: string;
  user_id: number;
  site_id: number;
  environment: string;
  hash: string;
  type: string;
  version: string;
  value: string;
  command: string;
}

/** 2026-11-28 09:00:00 UTC, the seed's "now". */
export const SEED_NOW = Date.UTC(2026, 10, 28, 9, 0, 0) / 1000;
const DAY = 86_400;

export function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** "9.4.2" → "9.4.1", "14.0" → "13.9", "1.0" → "0.9". */
export function previousVersion(version: string): string {
  const parts = version.split(".").map((p) => Number.parseInt(p, 10) || 0);
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i]! > 0) {
      parts[i] = parts[i]! - 1;
      for (let j = i + 1; j < parts.length; j++) parts[j] = 9;
      return parts.join(".");
    }
  }
  return `0.${version}`;
}

const clone = (list: SimQsComponent[]) => list.map((c) => ({ ...c }));
const strip = (c: Component): SimQsComponent => ({ name: c.name, title: c.title, status: c.status, version: c.version });

function phpFile(slug: string, from: string, to: string, body: number): string {
  const lines = [
    `diff --git a/plugins/${slug}/${slug}.php b/plugins/${slug}/${slug}.php`,
    `--- a/plugins/${slug}/${slug}.php`,
    `+++ b/plugins/${slug}/${slug}.php`,
    `@@ -1,${body + 6} +1,${body + 6} @@`,
    "<?php",
    "/**",
    ` * Plugin Name: ${slug}`,
    `- * Version: ${from}`,
    `+ * Version: ${to}`,
    " */",
    `-define( '${slug.toUpperCase().replace(/-/g, "_")}_VERSION', '${from}' );`,
    `+define( '${slug.toUpperCase().replace(/-/g, "_")}_VERSION', '${to}' );`,
  ];
  for (let i = 0; i < body; i++) {
    if (i % 7 === 3) {
      lines.push(`-\t$legacy_${i} = "old value ${i}" && $a < $b;`);
      lines.push(`+\t$legacy_${i} = "new value ${i}" && $a <= $b;`);
    } else lines.push(` \t// unchanged line ${i} of ${slug}`);
  }
  return lines.join("\n");
}

function simpleDiff(path: string, code: "M" | "A" | "D", from: string, to: string): string {
  const head = [`diff --git a/${path} b/${path}`];
  if (code === "A") return [...head, "new file mode 100644", "--- /dev/null", `+++ b/${path}`, "@@ -0,0 +1,3 @@", "+<?php", `+// added in ${to}`, "+return true;"].join("\n");
  if (code === "D") return [...head, "deleted file mode 100644", `--- a/${path}`, "+++ /dev/null", "@@ -1,3 +0,0 @@", "-<?php", `-// removed after ${from}`, "-return false;"].join("\n");
  return [...head, `--- a/${path}`, `+++ b/${path}`, "@@ -1,2 +1,2 @@", `-Stable tag: ${from}`, `+Stable tag: ${to}`, " Requires PHP: 7.4"].join("\n");
}

/** A long single-line change, like a minified asset, to exercise line capping. */
function minifiedDiff(path: string): string {
  const line = (v: string) => `${v}!function(){${"var a=document.querySelector('.x');a&&a.classList.add('y');".repeat(20)}}();`;
  return [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, "@@ -1 +1 @@", line("-"), line("+")].join("\n");
}

/**
 * Builds an environment's history backwards from its current state: every step undoes what its quicksave changed
 * (version bumps, a plugin added or removed, a status flip, a theme or core update) and records the files.
 */
function buildHistory(env: SimEnvironment): SimQuicksave[] {
  const count = env.environment.toLowerCase() === "production" ? 6 : 3;
  const seed = env.environment_id;
  let plugins = env.plugins.map(strip);
  let themes = env.themes.map(strip);
  let core = env.core;
  const newestFirst: SimQuicksave[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const created_at = SEED_NOW - (count - 1 - k) * DAY - (seed % 12) * 3600 - 1800;
    const snapshot: SimQuicksave = { hash: sha1(`quicksave-${seed}-${k}`), created_at, core, plugins: clone(plugins), themes: clone(themes), files: [] };
    newestFirst.push(snapshot);
    if (k === 0) break; // the first quicksave has nothing before it
    const step = (seed + k) % 4;
    const before = clone(plugins);
    // step 1: a plugin was added in this quicksave (absent before).
    let addable = before.length - 1;
    while (addable >= 0 && before[addable]!.name === "hello-dolly") addable--;
    if (step === 1 && before.length > 3 && addable >= 0) {
      const [added] = before.splice(addable, 1) as [SimQsComponent];
      snapshot.files.push({ code: "A", path: `plugins/${added.name}/${added.name}.php`, diff: simpleDiff(`plugins/${added.name}/${added.name}.php`, "A", "", added.version) });
    }
    // 1-3 plugin updates on most steps.
    const bumps = step === 3 ? 0 : 1 + ((seed + k) % 3);
    for (let i = 0; i < bumps && i < before.length; i++) {
      const c = before[(seed + k * 2 + i) % before.length]!;
      const to = c.version;
      const from = previousVersion(to);
      c.version = from;
      const body = k === count - 1 && seed === 1 && i === 0 ? 420 : 20 + ((seed + i) % 5) * 6;
      snapshot.files.push(
        { code: "M", path: `plugins/${c.name}/${c.name}.php`, diff: phpFile(c.name, from, to, body) },
        { code: "M", path: `plugins/${c.name}/readme.txt`, diff: simpleDiff(`plugins/${c.name}/readme.txt`, "M", from, to) },
        { code: "A", path: `plugins/${c.name}/includes/class-${c.name}-${to.replace(/\./g, "-")}.php`, diff: simpleDiff(`plugins/${c.name}/includes/class-${c.name}-${to.replace(/\./g, "-")}.php`, "A", from, to) },
        { code: "D", path: `plugins/${c.name}/includes/legacy-${from.replace(/\./g, "-")}.php`, diff: simpleDiff(`plugins/${c.name}/includes/legacy-${from.replace(/\./g, "-")}.php`, "D", from, to) },
      );
      if (i === 0) snapshot.files.push({ code: "M", path: `plugins/${c.name}/assets/app.min.js`, diff: minifiedDiff(`plugins/${c.name}/assets/app.min.js`) });
    }
    // step 2: Hello Dolly was removed in this quicksave (present before).
    if (step === 2 && !before.some((c) => c.name === "hello-dolly")) {
      before.push({ name: "hello-dolly", title: "Hello Dolly", status: "inactive", version: "1.7.2" });
      snapshot.files.push({ code: "D", path: "plugins/hello-dolly/hello.php", diff: simpleDiff("plugins/hello-dolly/hello.php", "D", "1.7.2", "") });
    }
    // step 3: a status flip and a theme update.
    if (step === 3) {
      const c = before[(seed + k) % before.length];
      if (c) c.status = c.status === "active" ? "inactive" : "active";
      const themesBefore = clone(themes);
      const t = themesBefore[0];
      if (t) {
        const to = t.version;
        t.version = previousVersion(to);
        snapshot.files.push({ code: "M", path: `themes/${t.name}/style.css`, diff: simpleDiff(`themes/${t.name}/style.css`, "M", t.version, to) });
      }
      themes = themesBefore;
    }
    // The oldest step of production also carried a core update.
    if (k === 1 && count > 3) core = previousVersion(core);
    plugins = before;
  }
  return newestFirst.reverse();
}

/** The quicksave history of an environment (oldest first), seeded on first use. */
export function quicksaveHistory(state: SimState, env: SimEnvironment): SimQuicksave[] {
  return seededPerId(state, "quicksaves", env.environment_id, () => buildHistory(env));
}

export function rollbacks(state: SimState): SimRollback[] {
  return state.ext("quicksave_rollbacks", () => [] as SimRollback[]);
}

/** Component list with the CLI's change flags against the previous snapshot (previous values kept in changed_*). */
export function flagged(current: SimQsComponent[], previous: SimQsComponent[] | undefined): Record<string, unknown>[] {
  return current.map((c) => {
    const row: Record<string, unknown> = { name: c.name, title: c.title, version: c.version, status: c.status };
    if (!previous) return { ...row, changed: false };
    const before = previous.find((p) => p.name === c.name);
    if (!before) return { ...row, changed: true, new: true };
    const changed = before.version !== c.version || before.status !== c.status || before.title !== c.title;
    row.changed = changed;
    if (before.version !== c.version) row.changed_version = before.version;
    if (before.status !== c.status) row.changed_status = before.status;
    if (before.title !== c.title) row.changed_title = before.title;
    return row;
  });
}

export function deletedSince(current: SimQsComponent[], previous: SimQsComponent[] | undefined): SimQsComponent[] {
  if (!previous) return [];
  return previous.filter((p) => !current.some((c) => c.name === p.name)).map((p) => ({ ...p }));
}

/** git --shortstat of a quicksave's files. */
export function shortstat(files: SimQsFile[]): string {
  if (!files.length) return "";
  let plus = 0;
  let minus = 0;
  for (const f of files) {
    for (const l of f.diff.split("\n")) {
      if (l.startsWith("+") && !l.startsWith("+++")) plus++;
      else if (l.startsWith("-") && !l.startsWith("---")) minus++;
    }
  }
  return ` ${files.length} files changed, ${plus} insertions(+), ${minus} deletions(-)`;
}

/** The cached `quicksave get` / `update-log get` JSON between two snapshots. */
export function compareSnapshots(after: SimQuicksave, before: SimQuicksave | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {
    core: after.core,
    theme_count: after.themes.length,
    themes: flagged(after.themes, before?.themes),
    themes_deleted: deletedSince(after.themes, before?.themes),
    plugin_count: after.plugins.length,
    plugins: flagged(after.plugins, before?.plugins),
    plugins_deleted: deletedSince(after.plugins, before?.plugins),
    status: shortstat(after.files),
  };
  if (before) {
    out.core_previous = before.core;
    out.previous_created_at = String(before.created_at);
  }
  return out;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#039;");

/** The environment a CLI target `<site_id>-<env>` names, by the rules of the command that reads it. */
function envFor(req: SimRequest, siteId: number, mode: "any-case" | "normalise" | "lower-only"): SimEnvironment | undefined {
  const raw = req.param("environment");
  const given = raw === undefined || raw === null || raw === "" ? "both" : String(raw);
  if (mode === "normalise") return findEnvironment(req.state, siteId, given.toLowerCase() === "staging" ? "staging" : "production");
  if (mode === "lower-only" && given !== "production" && given !== "staging") return undefined;
  return findEnvironment(req.state, siteId, given);
}

/** The quicksave the path's {hash} names (with its history), in the site and environment the request names. */
function findQuicksave(req: SimRequest, mode: "normalise" | "lower-only"): { list: SimQuicksave[]; index: number } | undefined {
  const site = requireSite(req, req.param("site_id"));
  const env = envFor(req, site.site_id, mode);
  if (!env) return undefined;
  const list = quicksaveHistory(req.state, env);
  const hash = String(req.params.hash ?? "").toLowerCase();
  // git accepts unambiguous prefixes of at least 4 characters.
  const index = hash.length >= 4 ? list.findIndex((q) => q.hash.startsWith(hash)) : -1;
  return index < 0 ? undefined : { list, index };
}

const UI = { plugins: [], themes: [], status: "", view_changes: false, view_files: [], filtered_files: [], loading: true, sandbox_loading: false, include_database: false, search: "" };

export function register(router: Router): void {
  router.get("/quicksaves", "login", (req) => {
    const site = requireSite(req, req.param("site_id"));
    const env = envFor(req, site.site_id, "any-case");
    if (!env) return [];
    const list = quicksaveHistory(req.state, env);
    return list
      .map((q, i) => {
        const prev = list[i - 1];
        const row: Record<string, unknown> = { hash: q.hash, created_at: q.created_at, core: q.core, theme_count: q.themes.length, plugin_count: q.plugins.length };
        if (prev) row.core_previous = prev.core;
        return { ...UI, ...row };
      })
      .reverse();
  });

  router.get("/quicksaves/search", "login", (req) => {
    const site = requireSite(req, req.param("site_id"));
    const env = envFor(req, site.site_id, "normalise");
    const search = String(req.param("search") ?? "");
    const [type, field, ...rest] = search.split(":");
    const value = rest.join(":");
    if (!env || !type || !field || rest.length === 0 || !["plugin", "theme"].includes(type)) return [];
    const list = quicksaveHistory(req.state, env);
    return list.map((q, i) => {
      const prev = list[i - 1];
      const items = type === "plugin" ? flagged(q.plugins, prev?.plugins) : flagged(q.themes, prev?.themes);
      const item = items.find((c) => String(c[field] ?? "") === value);
      if (!item) return { hash: q.hash, created_at: q.created_at, item: "" };
      const { changed_version: _v, changed_title: _t, ...clean } = item;
      return { hash: q.hash, created_at: q.created_at, item: clean };
    });
  });

  router.get("/quicksaves/{hash}", "login", (req) => {
    const found = findQuicksave(req, "normalise");
    if (!found) return [];
    return compareSnapshots(found.list[found.index]!, found.list[found.index - 1]);
  }, { hash: "[a-zA-Z0-9-]+" });

  router.get("/quicksaves/{hash}/changed", "login", (req) => {
    const found = findQuicksave(req, "lower-only");
    if (!found) return "";
    const match = String(req.param("match") ?? "");
    const lines = found.list[found.index]!.files.filter((f) => !match || f.path.includes(match)).map((f) => `${f.code}\t${f.path}`);
    return lines.length ? `${lines.join("\n")}\n` : "";
  }, { hash: "[a-zA-Z0-9-]+" });

  router.get("/quicksaves/{hash}/filediff", "login", (req) => {
    const found = findQuicksave(req, "lower-only");
    if (!found) return "";
    const file = String(req.param("file") ?? "");
    const hit = found.list[found.index]!.files.find((f) => f.path === file);
    return hit ? `${escapeHtml(hit.diff)}\n` : "";
  }, { hash: "[a-zA-Z0-9-]+" });

  // Run::task: the CLI stores a QUEUED task and the plugin answers its token as a bare string (docs/api/NOTES.md §7.6).
  router.post("/quicksaves/{hash}/rollback", "login", (req) => {
    const site = requireSite(req, req.param("site_id"));
    const environment = String(req.param("environment") ?? "").toLowerCase();
    const type = String(req.param("type") ?? "");
    const version = String(req.param("version") ?? "");
    const value = String(req.param("value") ?? "");
    const hash = req.params.hash!;
    const target = `${site.site_id}-${environment}`;
    const command =
      type === "all"
        ? `quicksave rollback ${target} ${hash} --version=${version} --all`
        : `quicksave rollback ${target} ${hash} --version=${version} --${type}=${value}`;
    const token = jobToken(16);
    queueTask(req, { token, command, targets: [target], site_id: site.site_id });
    rollbacks(req.state).push({ token, user_id: req.user.user_id, site_id: site.site_id, environment, hash, type, version, value, command });
    noteRollback(req.state, findEnvironment(req.state, site.site_id, environment), type, value);
    return token;
  }, { hash: "[a-zA-Z0-9-]+" });
}

