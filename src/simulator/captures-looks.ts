/**
 * How each environment looks in its next capture. The seed marks one plugin update as breaking: updating it (run_code
 * `wp plugin update elementor` or `--all`, where an update is waiting) drops the theme's header from every page
 * captured afterwards, until a quicksave rollback of that plugin (or of everything) restores it.
 */
import type { PageLook } from "./captures-images.js";
import type { SimEnvironment, SimState } from "./state.js";

export const BREAKING_UPDATES = [{ plugin: "elementor", version: "3.25.10", breaks: "the theme header" }] as const;

function broken(state: SimState): Map<number, string> {
  return state.ext("capture_broken_by", () => new Map<number, string>());
}

export function lookOf(state: SimState, env: SimEnvironment): PageLook {
  return broken(state).has(env.environment_id) ? "broken" : "normal";
}

/** Called for each target of POST /run/code. */
export function noteCodeRun(state: SimState, env: SimEnvironment, code: string): void {
  for (const m of code.matchAll(/\bwp\s+plugin\s+update\s+([^;&|\n]*)/g)) {
    const args = m[1]!.split(/\s+/).filter(Boolean);
    for (const update of BREAKING_UPDATES) {
      const waiting = env.plugins.some((p) => p.name === update.plugin && p.update === "available");
      if (waiting && (args.includes("--all") || args.includes(update.plugin))) broken(state).set(env.environment_id, update.plugin);
    }
  }
}

/** Called for every rollback: POST /quicksaves/{hash}/rollback and the CLI's rollback commands (effects.ts). */
export function noteRollback(state: SimState, env: SimEnvironment | undefined, type: string, value: string): void {
  if (!env) return;
  const plugin = broken(state).get(env.environment_id);
  if (plugin && (type === "all" || (type === "plugin" && value === plugin))) broken(state).delete(env.environment_id);
}
