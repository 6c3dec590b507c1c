/**
 * What the simulated CLI really does to the fleet, so that an agent (or a test) can read back the effect of a write:
 * plugin/theme/core updates install the newest release, rollbacks restore a quicksave's versions, a sync refreshes
 * the site's updated_at. Each change that alters files also records a new quicksave, as CaptainCore does.
 */
import { quicksaveHistory, sha1, type SimQsComponent } from "./routes/quicksaves.js";
import { LATEST_CORE, latestVersion, mysqlNow, type Component, type SimEnvironment, type SimState } from "./state.js";
import { noteRollback } from "./captures-looks.js";
import { compareVersions } from "../versions.js";

export type ComponentType = "plugin" | "theme";

const listOf = (env: SimEnvironment, type: ComponentType) => (type === "plugin" ? env.plugins : env.themes);

/** "available" when a newer release exists than the installed version. */
function flagFor(type: ComponentType, c: { name: string; version: string }): string {
  const latest = latestVersion(type, c.name);
  return latest && compareVersions(latest, c.version) > 0 ? "available" : "none";
}

/** Components an update would touch: all with an update waiting, or the named ones, minus exclusions. */
export function planUpdate(env: SimEnvironment, type: ComponentType, slugs: string[] | "all", exclude: string[] = []): Component[] {
  return listOf(env, type).filter(
    (c) => c.update === "available" && (slugs === "all" || slugs.includes(c.name)) && !exclude.includes(c.name),
  );
}

/** Installs the newest release of the given components and records a quicksave. */
export function applyUpdate(state: SimState, env: SimEnvironment, type: ComponentType, components: Component[]): void {
  if (!components.length) return;
  quicksaveHistory(state, env);
  for (const c of components) {
    c.version = latestVersion(type, c.name) ?? c.version;
    c.update = "none";
  }
  recordQuicksave(state, env);
}

export function applyCoreUpdate(state: SimState, env: SimEnvironment): boolean {
  if (compareVersions(LATEST_CORE, env.core) <= 0) return false;
  quicksaveHistory(state, env);
  env.core = LATEST_CORE;
  const site = state.sites.find((s) => s.site_id === env.site_id);
  if (site && env.environment === "Production") site.core = LATEST_CORE;
  recordQuicksave(state, env);
  return true;
}

const strip = (c: Component): SimQsComponent => ({ name: c.name, title: c.title, status: c.status, version: c.version });

/** Appends the environment's current state as the newest quicksave. */
export function recordQuicksave(state: SimState, env: SimEnvironment): void {
  const list = quicksaveHistory(state, env);
  const last = list[list.length - 1];
  const created_at = Math.max(Math.floor(Date.now() / 1000), (last?.created_at ?? 0) + 1);
  list.push({
    hash: sha1(`quicksave-${env.environment_id}-${created_at}-${list.length}`),
    created_at,
    core: env.core,
    plugins: env.plugins.map(strip),
    themes: env.themes.map(strip),
    files: [],
  });
}

export interface RollbackSpec {
  hash: string;
  /** "this": the state at the quicksave; "previous": the state just before it. */
  version: string;
  type: "all" | ComponentType;
  slug?: string;
}

function restore(type: ComponentType, env: SimEnvironment, from: SimQsComponent[], slug?: string): string[] {
  const list = listOf(env, type);
  const changed: string[] = [];
  for (const saved of from) {
    if (slug && saved.name !== slug) continue;
    const current = list.find((c) => c.name === saved.name);
    if (current) {
      if (current.version === saved.version && current.status === saved.status) continue;
      current.version = saved.version;
      current.status = saved.status;
      current.update = flagFor(type, current);
    } else list.push({ ...saved, update: flagFor(type, saved) });
    changed.push(`${saved.name} ${saved.version}`);
  }
  return changed;
}

/** Restores versions from a quicksave; returns the CLI's output. Unknown hashes change nothing. */
export function applyRollback(state: SimState, env: SimEnvironment, spec: RollbackSpec): string {
  const list = quicksaveHistory(state, env);
  const index = spec.hash.length >= 4 ? list.findIndex((q) => q.hash.startsWith(spec.hash.toLowerCase())) : -1;
  if (index < 0) return `Error: Quicksave ${spec.hash} not found.\n`;
  const source = spec.version === "previous" ? list[index - 1] : list[index];
  if (!source) return `Error: Quicksave ${spec.hash} has no previous version.\n`;
  const changed = [
    ...(spec.type !== "theme" ? restore("plugin", env, source.plugins, spec.type === "plugin" ? spec.slug : undefined) : []),
    ...(spec.type !== "plugin" ? restore("theme", env, source.themes, spec.type === "theme" ? spec.slug : undefined) : []),
  ];
  noteRollback(state, env, spec.type, spec.slug ?? "");
  if (!changed.length) return `Success: Nothing to roll back; ${spec.slug ?? "everything"} already matches ${source.hash.slice(0, 7)}.\n`;
  recordQuicksave(state, env);
  return `${changed.map((c) => `Restored ${c}`).join("\n")}\nSuccess: Rolled back to ${source.hash.slice(0, 7)}.\n`;
}

/** A sync-data run: CaptainCore re-reads the site and stamps updated_at. */
export function applySync(state: SimState, siteId: number): void {
  const site = state.sites.find((s) => s.site_id === siteId);
  if (site) site.updated_at = mysqlNow();
}

/** What `wp plugin|theme update …` and `wp core update` in a script would change on one environment. */
export function planCode(state: SimState, env: SimEnvironment, code: string): { output: string; apply: () => void } | undefined {
  const component = /wp\s+(plugin|theme)\s+update\s+([^\n;&|]*)/.exec(code);
  if (component) {
    const type = component[1] as ComponentType;
    const words = component[2]!.trim().split(/\s+/).filter(Boolean);
    const slugs = words.includes("--all") ? "all" : words.filter((w) => !w.startsWith("-"));
    const todo = planUpdate(env, type, slugs.length ? slugs : "all");
    const asked = slugs === "all" || !slugs.length ? todo.length : slugs.length;
    const lines = todo.map((c) => `Updated ${type} ${c.name} from ${c.version} to ${latestVersion(type, c.name) ?? c.version}.`);
    return {
      output: [...lines, `Success: Updated ${todo.length} of ${asked} ${type}s.`].join("\n"),
      apply: () => applyUpdate(state, env, type, todo),
    };
  }
  if (/wp\s+core\s+update\b/.test(code)) {
    const behind = compareVersions(LATEST_CORE, env.core) > 0;
    return {
      output: behind ? `Updating to version ${LATEST_CORE}...\nSuccess: WordPress updated successfully.` : "Success: WordPress is up to date.",
      apply: () => void applyCoreUpdate(state, env),
    };
  }
  return undefined;
}
