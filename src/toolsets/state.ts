/**
 * The toolsets of one session: which operations are tools right now. Starts from CAPTAINCORE_TOOLSETS; with dynamic
 * toolsets (stdio, HTTP sessions) enable_toolset/disable_toolset change it and the server announces
 * notifications/tools/list_changed. Stateless HTTP starts every request afresh, so there it stays as configured.
 */
import type { Config } from "../config.js";
import { selectOperations, TOOLSET_NAMES } from "../operations/registry.js";
import { TOOLSETS, type OperationInfo, type ToolsetName } from "../operations/types.js";

export interface ToolsetRow {
  toolset: ToolsetName;
  about: string;
  enabled: boolean;
  /** Operations of the toolset that are tools now / that could be (read-only mode hides writes). */
  tools: number;
  operations: number;
}

export class ToolsetState {
  /** Configured (CAPTAINCORE_TOOLSETS) or enabled in this session. */
  private readonly enabled = new Set<ToolsetName>();
  /** The operator's choice: the floor that disable_toolset does not go below. */
  private readonly configured = new Set<ToolsetName>();
  private readonly withDefault: boolean;
  private current: OperationInfo[];
  private listeners: (() => void)[] = [];

  constructor(
    private readonly all: readonly OperationInfo[],
    private readonly config: Pick<Config, "toolsets" | "readOnly">,
    /** False in stateless HTTP: each request is a new session, so a change would not outlive the call. */
    readonly dynamic: boolean,
  ) {
    // Validates the configured names (ConfigError on an unknown one).
    this.current = selectOperations(all, config);
    const wanted = new Set(config.toolsets);
    this.withDefault = wanted.has("default");
    for (const name of TOOLSET_NAMES) if (wanted.has("all") || wanted.has(name)) this.configured.add(name);
    for (const name of this.configured) this.enabled.add(name);
  }

  isConfigured(name: ToolsetName): boolean {
    return this.configured.has(name);
  }

  static isToolset(name: string): name is ToolsetName {
    return Object.hasOwn(TOOLSETS, name);
  }

  /** Operations exposed as tools now, in toolset order. */
  operations(): readonly OperationInfo[] {
    return this.current;
  }

  isEnabled(name: ToolsetName): boolean {
    return this.enabled.has(name);
  }

  rows(): ToolsetRow[] {
    const loaded = new Set(this.current.map((op) => op.name));
    return TOOLSET_NAMES.map((toolset) => {
      const ops = this.all.filter((op) => op.toolset === toolset && (!this.config.readOnly || op.effect === "read"));
      return {
        toolset,
        about: TOOLSETS[toolset],
        enabled: this.enabled.has(toolset),
        tools: ops.filter((op) => loaded.has(op.name)).length,
        operations: ops.length,
      };
    });
  }

  /**
   * Enables or disables a toolset; returns the names of the tools that appeared or went away. A configured toolset
   * stays: the agent can only undo what it enabled.
   */
  set(name: ToolsetName, on: boolean): string[] {
    if (this.enabled.has(name) === on || (!on && this.configured.has(name))) return [];
    const before = new Set(this.current.map((op) => op.name));
    if (on) this.enabled.add(name);
    else this.enabled.delete(name);
    const toolsets = [...(this.withDefault ? ["default"] : []), ...this.enabled];
    this.current = selectOperations(this.all, { toolsets, readOnly: this.config.readOnly });
    const after = new Set(this.current.map((op) => op.name));
    const changed = on ? [...after].filter((n) => !before.has(n)) : [...before].filter((n) => !after.has(n));
    for (const listener of this.listeners) listener();
    return changed;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }
}
