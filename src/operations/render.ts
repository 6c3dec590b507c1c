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
