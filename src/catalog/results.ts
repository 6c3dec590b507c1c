/** What search_operations answers for one hit: enough to call it, and no schema the client already has as a tool. */
import { describe } from "../operations/registry.js";
import type { OperationInfo } from "../operations/types.js";
import type { SearchHit } from "./search.js";

export interface SearchResult {
  name: string;
  effect: string;
  summary: string;
  /** For a command: the arguments that pick it. */
  arguments?: Record<string, string>;
  /** Present (true) when the operation is a tool in this session: call it directly, its schema is in tools/list. */
  loaded_as_tool?: true;
  input?: OperationInfo["inputSchema"];
  /** For a command: other tools that run it too. */
  or?: { name: string; arguments: Record<string, string>; loaded_as_tool?: true }[];
}

export function searchResult(hit: SearchHit<OperationInfo>, loaded: ReadonlySet<string>): SearchResult {
  const { command } = hit;
  if (!command) return withSchema({ name: hit.op.name, effect: hit.effect, summary: describe(hit.op) }, hit.op, loaded);
  const [first, ...others] = command.via;
  const result = withSchema(
    {
      name: first!.op.name,
      effect: hit.effect,
      summary: `${command.info.summary}.${command.info.destructive ? " Needs confirm: true." : ""}`,
      arguments: { [first!.argument]: command.info.name },
    },
    first!.op,
    loaded,
  );
  if (others.length) {
    result.or = others.map((v) => ({
      name: v.op.name,
      arguments: { [v.argument]: command.info.name },
      ...(loaded.has(v.op.name) ? { loaded_as_tool: true as const } : {}),
    }));
  }
  return result;
}

function withSchema(result: SearchResult, op: OperationInfo, loaded: ReadonlySet<string>): SearchResult {
  if (loaded.has(op.name)) result.loaded_as_tool = true;
  else result.input = op.inputSchema;
  return result;
}
