/** list_toolsets, enable_toolset, disable_toolset: the agent loads a toolset and its operations become real tools. */
import { z } from "zod";
import type { MetaTool } from "../context.js";
import { formatIssues } from "../operations/executor.js";
import { CALL_READ, CALL_WRITE } from "../operations/hints.js";
import { toInputJsonSchema, TOOLSET_NAMES } from "../operations/registry.js";
import { errorResult, successResult } from "../operations/result.js";
import { ToolsetState } from "./state.js";

const toolsetInput = z.strictObject({
  toolset: z.string().trim().refine((v) => v.length >= 1 && v.length <= 40, "a toolset name").describe("From list_toolsets"),
});

const LOCAL = { readOnlyHint: true, openWorldHint: false } as const;

function parseToolset(tool: string, args: Record<string, unknown>) {
  const parsed = toolsetInput.safeParse(args);
  if (!parsed.success) return { error: errorResult(`Invalid arguments for ${tool}:\n${formatIssues(parsed.error)}`) };
  const name = parsed.data.toolset.toLowerCase();
  if (!ToolsetState.isToolset(name)) {
    return { error: errorResult(`No toolset "${parsed.data.toolset}". Toolsets: ${TOOLSET_NAMES.join(", ")}.`) };
  }
  return { name };
}

function statelessAnswer(state: ToolsetState, readOnly: boolean) {
  return errorResult(
    "This server runs over stateless HTTP: every request starts afresh, so toolsets cannot change during a conversation. " +
      "The operator chooses them with CAPTAINCORE_TOOLSETS (a comma list, or all). " +
      `Meanwhile run any operation with ${readOnly ? CALL_READ : `${CALL_READ} or ${CALL_WRITE}`} {name, arguments}.`,
    { code: "toolsets_fixed", enabled: state.rows().filter((r) => r.enabled).map((r) => r.toolset) },
  );
}

export function toolsetTools(state: ToolsetState, readOnly: boolean): MetaTool[] {
  const list: MetaTool = {
    readOnly: true,
    definition: {
      name: "list_toolsets",
      title: "List toolsets",
      description: "What each toolset covers, which are enabled, how many of its operations are tools.",
      inputSchema: { type: "object", properties: {} },
      annotations: LOCAL,
    },
    handler: async (args) =>
      Object.keys(args).length
        ? errorResult(`list_toolsets takes no arguments (got ${Object.keys(args).join(", ")}); call it with {}.`)
        : successResult({
        toolsets: state.rows(),
        next: state.dynamic
          ? "enable_toolset makes a toolset's operations tools; disable_toolset removes them."
          : "Toolsets are fixed by CAPTAINCORE_TOOLSETS on this server (stateless HTTP).",
      }),
  };

  const toggle = (on: boolean): MetaTool => ({
    readOnly: true,
    definition: {
      name: on ? "enable_toolset" : "disable_toolset",
      title: on ? "Enable a toolset" : "Disable a toolset",
      description: on
        ? "Load a toolset's operations as tools."
        : "Unload a toolset enabled earlier.",
      inputSchema: toInputJsonSchema(toolsetInput),
      annotations: LOCAL,
    },
    handler: async (args) => {
      const { name, error } = parseToolset(on ? "enable_toolset" : "disable_toolset", args);
      if (error) return error;
      if (!state.dynamic) return statelessAnswer(state, readOnly);
      const changed = state.set(name!, on);
      const row = state.rows().find((r) => r.toolset === name)!;
      if (on) {
        return successResult({
          toolset: name,
          enabled: true,
          tools_added: changed,
          note: changed.length ? "Call them directly now." : `${name} was already loaded.`,
        });
      }
      return successResult({
        toolset: name,
        enabled: row.enabled,
        tools_removed: changed,
        note: state.isConfigured(name!)
          ? `${name} is configured by the operator (CAPTAINCORE_TOOLSETS) and stays.`
          : row.tools > 0
            ? `${row.tools} of its tools stay: they are part of the default set.`
            : `Its operations stay reachable with ${readOnly ? CALL_READ : `${CALL_READ}/${CALL_WRITE}`}.`,
      });
    },
  });

  return [list, toggle(true), toggle(false)];
}
