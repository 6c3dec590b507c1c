/**
 * The catalog: search_operations and call_operation reach every operation from a small default tool list.
 * call_operation runs the operation through the same executor as its direct tool: same validation, read-only
 * refusal and confirm requirement.
 */
import { z } from "zod";
import type { MetaTool, ServerContext } from "../context.js";
import { execute, formatIssues, type ExecuteEnv } from "../operations/executor.js";
import { describe, toInputJsonSchema } from "../operations/registry.js";
import { errorResult, successResult } from "../operations/result.js";
import { TOOLSETS } from "../operations/types.js";
import { searchCatalog, searchOperations } from "../catalog/search.js";
import { searchResult } from "../catalog/results.js";

const searchInput = z.strictObject({
  query: z.string().trim().max(200).optional().describe("What you want to do, in a few words"),
  toolset: z.enum(Object.keys(TOOLSETS) as [string, ...string[]]).optional().describe("Only this toolset"),
  limit: z.number().int().min(1).max(20).default(5).describe("Results (default 5)"),
});

const callInput = z.strictObject({
  name: z.string().trim().min(1).max(60).describe("Operation name from search_operations"),
  arguments: z.record(z.string(), z.unknown()).default({}).describe("Its arguments, as its input schema says"),
});

export function catalogTools(ctx: ServerContext, env: () => ExecuteEnv): MetaTool[] {
  const loaded = new Set(ctx.toolOperations.map((op) => op.name));
  const known = new Set(ctx.operations.map((op) => op.name));
  const readOnly = ctx.config.readOnly;
  const visible = readOnly ? ctx.operations.filter((op) => op.effect === "read") : ctx.operations;

  const search: MetaTool = {
    readOnly: true,
    definition: {
      name: "search_operations",
      title: "Search operations",
      description:
        `Find which of the ${visible.length} CaptainCore operations (and site commands: backup, launch, https…) does a task, described in your own words. ` +
        "Returns names and effects, with the input schema of those not loaded as tools. Then call the tool, or call_operation.",
      inputSchema: toInputJsonSchema(searchInput),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    handler: async (args) => {
      const parsed = searchInput.safeParse(args);
      if (!parsed.success) return errorResult(`Invalid arguments for search_operations:\n${formatIssues(parsed.error)}`);
      const { query = "", toolset, limit } = parsed.data;
      if (!query && !toolset) {
        return successResult({
          toolsets: Object.entries(TOOLSETS).map(([name, about]) => ({
            toolset: name,
            about,
            operations: visible.filter((op) => op.toolset === name).length,
          })),
          hint: "Pass query (what you want to do) and/or toolset.",
        });
      }
      const hits = searchCatalog(visible, query, toolset);
      const results = hits.slice(0, limit).map((hit) => searchResult(hit, loaded));
      return successResult({
        results,
        total_matches: hits.length,
        next: results.length
          ? "Call a loaded tool directly, anything else with call_operation {name, arguments}; destructive ones need confirm: true after the user agrees."
          : "Nothing matched: try other words, or search_operations with only a toolset to browse it.",
      });
    },
  };

  const call: MetaTool = {
    readOnly: true,
    definition: {
      name: "call_operation",
      description:
        "Run a CaptainCore operation by name with its arguments (find it with search_operations). Same validation and safety as the direct tool: " +
        (readOnly ? "read-only mode: only reads run." : "writes follow its annotations; destructive ones need confirm: true."),
      inputSchema: toInputJsonSchema(callInput),
      annotations: readOnly
        ? { readOnlyHint: true }
        : { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
    },
    handler: async (args, extra) => {
      const parsed = callInput.safeParse(args);
      if (!parsed.success) return errorResult(`Invalid arguments for call_operation:\n${formatIssues(parsed.error)}`);
      const op = known.has(parsed.data.name) ? await ctx.loadOperation(parsed.data.name) : undefined;
      if (!op) {
        const suggestions = searchOperations(visible, parsed.data.name.replace(/_/g, " "))
          .slice(0, 3)
          .map((h) => h.op.name);
        return errorResult(
          `No operation named "${parsed.data.name}".${suggestions.length ? ` Did you mean ${suggestions.join(", ")}?` : ""} Use search_operations to find it.`,
        );
      }
      return execute(op, parsed.data.arguments, { ...env(), signal: extra.signal, progress: extra.progress });
    },
  };

  return [search, call];
}
