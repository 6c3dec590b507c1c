
/** A JSON object as CaptainCore answers it. */
export type Row = Record<string, unknown>;
/** Shared renderers: trim the front-end helper keys and summarise what agents rarely need whole. */

const UI_KEY =
  /^(loading|filtered|tabs|tabs_\w+|view_\w+|search|\w+_selected|\w+_search|\w+_pagination|pagination|expanded_\w+|quicksave_panel|server_log_\w+|loading_\w+|environment_selected|screenshot_base|screenshots?|users_search)$/;

/** Drops UI-only keys and the "Loading" placeholders the plugin sends for lazily loaded panels. */
export function stripUi(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripUi);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (UI_KEY.test(k) || v === "Loading") continue;
      out[k] = stripUi(v);
    }
    return out;
  }
  return value;
}

/** "47" → 47 for id-like strings; everything else as is. */
export function toId(v: unknown): number | unknown {
  return typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
}

export interface Component {
  name?: string;
  title?: string;
  status?: string;
  version?: string;
  update?: string;
}

/** Plugins/themes: counts plus the ones with an update waiting, which is what agents act on. */
export function summariseComponents(list: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(list)) return undefined;
  const items = list as Component[];
  const updates = items
    .filter((c) => c.update && c.update !== "none" && c.update !== "")
    .map((c) => ({ name: c.name, version: c.version, update: c.update }));
  return {
    total: items.length,
    active: items.filter((c) => c.status === "active" || c.status === "active-network").length,
    updates_available: updates,
  };
}

export function compactComponents(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  return (list as Component[]).map((c) => {
    const row: Record<string, unknown> = { name: c.name, status: c.status, version: c.version };
    if (c.update && c.update !== "none") row.update = c.update;
    return row;
  });
}

export function asArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === "object") return Object.values(value);
  return [];
}

export function matches(haystack: unknown[], needle: string | undefined): boolean {
  if (!needle) return true;
  const n = needle.toLowerCase();
  return haystack.some((h) => typeof h === "string" && h.toLowerCase().includes(n));
}

/** One environment as list_sites/get_site and the site resource show it (here, not in tools/sites.ts, so that
 * resources do not load the sites toolset at start). */
export function environmentSummary(env: Record<string, unknown>, detail: "summary" | "full" = "summary"): Record<string, unknown> {
  const details = (env.details ?? {}) as Record<string, unknown>;
  const base: Record<string, unknown> = {
    environment_id: toId(env.environment_id),
    environment: env.environment,
    home_url: env.home_url,
    core: env.core,
    php_version: env.php_version ?? details.php_version,
    address: env.address,
    username: env.username,
    port: env.port,
    protocol: env.protocol,
    home_directory: env.home_directory,
    ssh: env.ssh,
    storage_bytes: env.storage !== undefined ? Number(env.storage) || undefined : undefined,
    visits: env.visits !== undefined ? Number(env.visits) || 0 : undefined,
    monitor_enabled: env.monitor_enabled !== undefined ? Boolean(Number(env.monitor_enabled)) : undefined,
    updates_enabled: env.updates_enabled !== undefined ? Boolean(Number(env.updates_enabled)) : undefined,
  };
  if (detail === "full") {
    base.plugins = compactComponents(env.plugins);
    base.themes = compactComponents(env.themes);
  } else {
    base.plugins = summariseComponents(env.plugins);
    base.themes = summariseComponents(env.themes);
  }
  for (const k of Object.keys(base)) if (base[k] === undefined) delete base[k];
  return base;
}
