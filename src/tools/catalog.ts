/**
 * The catalog: search_operations, call_read_operation and call_write_operation reach every operation from a small
 * default tool list, through the same executor as the operation's own tool: same validation, read-only refusal and
 * confirmation.
 */
import { z } from "zod";
import type { MetaTool, ServerContext } from "../context.js";
import { execute, formatIssues, type ExecuteEnv } from "../operations/executor.js";
import { toInputJsonSchema } from "../operations/registry.js";
import { errorResult, successResult } from "../operations/result.js";
import { CALL_READ, CALL_WRITE } from "../operations/hints.js";
import { TOOLSETS } from "../operations/types.js";
import { similarNames } from "../catalog/names.js";
import { searchCatalog, searchOperations, type Searchable } from "../catalog/search.js";
import { searchResult } from "../catalog/results.js";

const searchInput = z.strictObject({
  query: z.string().trim().max(200).optional().describe("What you want to do, in a few words"),
  toolset: z.enum(Object.keys(TOOLSETS) as [string, ...string[]]).optional().describe("Only this toolset"),
  limit: z.number().int().min(1).max(20).default(5).describe("Results"),
});

const callInput = z.strictObject({
  name: z.string().trim().refine((v) => v.length >= 1 && v.length <= 60, "an operation name").describe("Operation name"),
  arguments: z.record(z.string(), z.unknown()).default({}).describe("Its arguments"),
});

/** The same schema as callInput, without the keywords that only restate "an object" to the model. */
const CALL_INPUT_JSON = {
  type: "object" as const,
  properties: { name: { type: "string", description: "Operation name" }, arguments: { type: "object", description: "Its arguments" } },
  required: ["name"],
};

export function catalogTools(ctx: ServerContext, env: () => ExecuteEnv): MetaTool[] {
  const readOnly = ctx.config.readOnly;
  const visible = readOnly ? ctx.operations.filter((op) => op.effect === "read") : ctx.operations;

  const search: MetaTool = {
    readOnly: true,
    definition: {
      name: "search_operations",
      title: "Search operations",
      description:
        `Find which of the ${visible.length} CaptainCore operations or site commands (backup, launch, https…) does a task. ` +
        "Returns names, effects and the input schema of those not loaded as tools; then call the tool or call_read_operation / call_write_operation.",
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
      const loaded = new Set(ctx.toolOperations.map((op) => op.name));
      const hits = searchCatalog(visible, query, toolset);
      const results = hits.slice(0, limit).map((hit) => searchResult(hit, loaded));
      // Nearly every entry shares some word with a request (their asks are long): count only those that come close.
      const best = hits[0]?.score ?? 0;
      return successResult({
        results,
        close_matches: hits.filter((hit) => hit.score >= best / 3).length,
        next: results.length
          ? "Call a loaded tool directly; anything else with call_read_operation or call_write_operation {name, arguments}, as its effect says."
          : "Nothing matched: try other words, or search_operations with only a toolset to browse it.",
      });
    },
  };

  return [search, ...callTools(ctx, env, visible)];
}

/** Keys of the catalog call itself; any other top-level key is an argument that belongs under `arguments`. */
const CALL_KEYS = new Set(["name", "arguments"]);

function misplacedArguments(tool: string, args: Record<string, unknown>): string | undefined {
  const stray = Object.keys(args).filter((k) => !CALL_KEYS.has(k));
  if (!stray.length || typeof args.name !== "string") return undefined;
  const moved = { ...(args.arguments as object | undefined), ...Object.fromEntries(stray.map((k) => [k, args[k]])) };
  return (
    `${stray.map((k) => `"${k}"`).join(", ")} ${stray.length > 1 ? "are arguments" : "is an argument"} of ${args.name}: put ${stray.length > 1 ? "them" : "it"} under arguments. ` +
    `Call ${tool} again with ${JSON.stringify({ name: args.name, arguments: moved })}. Nothing was sent.`
  );
}

/** Which catalog tool runs an operation of this effect; the other one refuses it with this pointer. */
function wrongVariant(op: { name: string; effect: string }, kind: "read" | "write", readOnly: boolean): string | undefined {
  if (kind === "read" && op.effect !== "read") {
    return readOnly
      ? `${op.name} changes data and this server is read-only (CAPTAINCORE_READ_ONLY=true); nothing was sent.`
      : `${op.name} changes data (${op.effect}): call ${CALL_WRITE} with the same name and arguments. Nothing was sent.`;
  }
  if (kind === "write" && op.effect === "read") {
    return `${op.name} only reads: call ${CALL_READ} with the same name and arguments. Nothing was sent.`;
  }
  return undefined;
}

/**
 * call_read_operation (readOnlyHint) and call_write_operation (destructiveHint): a client's approval tells a read
 * from a delete even through the catalog. Both run the operation through the same executor as its own tool.
 */
function callTools(ctx: ServerContext, env: () => ExecuteEnv, visible: readonly Searchable[]): MetaTool[] {
  const known = new Set(ctx.operations.map((op) => op.name));
  const readOnly = ctx.config.readOnly;
  const make = (kind: "read" | "write"): MetaTool => {
    const tool = kind === "read" ? CALL_READ : CALL_WRITE;
    return {
      readOnly: kind === "read",
      definition: {
        name: tool,
        title: kind === "read" ? "Call a read operation" : "Call a write operation",
        description:
          kind === "read"
            ? "Run a read operation found with search_operations."
            : "Run an operation that changes data. Destructive ones ask the user (or need confirm: true).",
        inputSchema: CALL_INPUT_JSON,
        annotations: kind === "read" ? { readOnlyHint: true } : { destructiveHint: true },
      },
      handler: async (args, extra) => {
        const misplaced = misplacedArguments(tool, args);
        if (misplaced) return errorResult(misplaced, { code: "invalid_input" });
        const parsed = callInput.safeParse(args);
        if (!parsed.success) return errorResult(`Invalid arguments for ${tool}:\n${formatIssues(parsed.error)}`);
        const op = known.has(parsed.data.name) ? await ctx.loadOperation(parsed.data.name) : undefined;
        if (!op) {
          const close = similarNames(parsed.data.name, visible.map((v) => v.name));
          const found = close.length < 3 ? searchOperations(visible, parsed.data.name.replace(/_/g, " ")).map((h) => h.op.name) : [];
          const suggestions = [...new Set([...close, ...found])].slice(0, 3);
          return errorResult(
            `No operation named "${parsed.data.name}".${suggestions.length ? ` Did you mean ${suggestions.join(", ")}?` : ""} Use search_operations to find it.`,
          );
        }
        const wrong = wrongVariant(op, kind, readOnly);
        if (wrong) return errorResult(wrong, { code: readOnly && kind === "read" ? "read_only" : "wrong_call_tool" });
        return execute(op, parsed.data.arguments, { ...env(), signal: extra.signal, progress: extra.progress });
      },
    };
  };
  return readOnly ? [make("read")] : [make("read"), make("write")];
}
